using System.Text.Json;

namespace RadAssist;

/// <summary>Renders a draft as JSON (<c>application/json</c>) with the banner, sections and per-sentence provenance.</summary>
public sealed class JsonDraftWriter : IDraftWriter
{
    // Report text is shown to people, so only the characters JSON requires are escaped.
    private static readonly PipelineJsonContext Context = new(new JsonSerializerOptions(PipelineJsonContext.Default.Options)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public ValueTask<RenderedDraft> WriteAsync(
        DraftReport draft,
        ReportingContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(draft, Context.DraftReport);
        return ValueTask.FromResult(new RenderedDraft(Format, "application/json", bytes) { FileExtension = ".json" });
    }
}
