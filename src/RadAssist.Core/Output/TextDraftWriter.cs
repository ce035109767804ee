using System.Text;

namespace RadAssist;

/// <summary>Renders a draft as plain text (<c>text/plain</c>) headed by the AI-draft banner.</summary>
public sealed class TextDraftWriter : IDraftWriter
{
    /// <inheritdoc />
    public string Format => "text";

    /// <inheritdoc />
    public ValueTask<RenderedDraft> WriteAsync(
        DraftReport draft,
        ReportingContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var bytes = Encoding.UTF8.GetBytes(Render(draft));
        return ValueTask.FromResult(new RenderedDraft(Format, "text/plain; charset=utf-8", bytes) { FileExtension = ".txt" });
    }

    /// <summary>Returns the draft as text: banner, generator line, then each section with its sentences.</summary>
    /// <param name="draft">The draft.</param>
    public static string Render(DraftReport draft)
    {
        ArgumentNullException.ThrowIfNull(draft);

        var text = new StringBuilder();
        text.Append("*** ").Append(DraftReport.DraftBanner).Append(" ***\n");
        text.Append("Generator: ").Append(draft.Generator.Id).Append(' ').Append(draft.Generator.Version);
        if (draft.Generator.ModelId is not null)
        {
            text.Append(", model ").Append(draft.Generator.ModelId);
            if (draft.Generator.ModelVersion is not null)
            {
                text.Append(' ').Append(draft.Generator.ModelVersion);
            }
        }

        text.Append('\n');
        if (draft.RequiresMandatoryReview)
        {
            text.Append("MANDATORY REVIEW: critical or low-confidence content.\n");
        }

        foreach (var section in draft.Sections)
        {
            text.Append('\n').Append(OneLine(section.Title)).Append(PriorNote(section)).Append(":\n");
            foreach (var sentence in section.Sentences)
            {
                text.Append(OneLine(sentence.Text));
                if (sentence.Flag is not null)
                {
                    text.Append(" [unsupported: ").Append(sentence.Flag).Append(']');
                }

                text.Append('\n');
            }
        }

        return text.ToString();
    }

    // Plain text has no room for per-sentence provenance, so a section restated from prior reports names them in
    // its heading. The reader then does not take the prior's findings for the current study's.
    private static string PriorNote(DraftSection section)
    {
        var sources = section.Sentences.SelectMany(s => s.Provenance).ToList();
        if (section.Kind is not (DraftSectionKind.Findings or DraftSectionKind.Impression) || sources.Count == 0 || sources.Any(p => p.Kind != SourceKind.PriorReport))
        {
            return string.Empty;
        }

        var reports = string.Join(", ", sources.Select(p => p.SourceId).Distinct(StringComparer.Ordinal));
        return $" (restated from prior report {OneLine(reports)}; confirm against the current images)";
    }

    // One sentence is one line: line breaks inside input text must not start what looks like a new section heading.
    private static string OneLine(string value) => value.ReplaceLineEndings(" ");
}
