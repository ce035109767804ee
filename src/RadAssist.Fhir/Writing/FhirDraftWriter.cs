using Microsoft.Extensions.Logging;

namespace RadAssist.Fhir.Writing;

/// <summary>Renders a draft as a FHIR R4 transaction Bundle in JSON (format <c>fhir</c>).</summary>
internal sealed class FhirDraftWriter : IDraftWriter
{
    public const string FormatName = "fhir";
    public const string MediaType = "application/fhir+json";

    private readonly DraftBundleBuilder _builder;
    private readonly ILogger _logger;

    public FhirDraftWriter(FhirOptions options, ILogger<FhirDraftWriter> logger)
    {
        _builder = new DraftBundleBuilder(options);
        _logger = logger;
    }

    public string Format => FormatName;

    public ValueTask<RenderedDraft> WriteAsync(
        DraftReport draft,
        ReportingContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var bundle = _builder.Build(draft, context);
        var content = FhirJson.SerializeToUtf8Bytes(bundle);
        Log.BundleWritten(_logger, draft.DraftId, bundle.Entry.Count, content.Length);

        return ValueTask.FromResult(new RenderedDraft(FormatName, MediaType, content) { FileExtension = ".json" });
    }
}
