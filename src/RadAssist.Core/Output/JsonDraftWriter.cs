using System.Text.Json;

namespace RadAssist;

/// <summary>Renders a draft as JSON (<c>application/json</c>) with the banner, sections and per-sentence provenance.</summary>
public sealed class JsonDraftWriter : IDraftWriter
{
    /// <inheritdoc />
    public string Format => "json";

    /// <inheritdoc />
    public ValueTask<RenderedDraft> WriteAsync(
        DraftReport draft,
        ReportingContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(draft, PipelineJsonContext.Default.DraftReport);
        return ValueTask.FromResult(new RenderedDraft(Format, "application/json", bytes) { FileExtension = ".json" });
    }
}
