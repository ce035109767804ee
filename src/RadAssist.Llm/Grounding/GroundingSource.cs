using System.Globalization;
using System.Text.RegularExpressions;

namespace RadAssist.Llm.Grounding;

/// <summary>One input sentence a draft sentence may restate, with what the grounding check compares.</summary>
internal sealed class GroundingSource
{
    public GroundingSource(SourceKind kind, string? sourceId, int? sentenceIndex, string text, IEnumerable<decimal>? extraMm = null)
    {
        Kind = kind;
        SourceId = sourceId;
        SentenceIndex = sentenceIndex;
        Text = text;
        Words = ReportLanguage.ContentWords(text);
        MeasurementsMm = [.. ReportLanguage.MeasurementsMm(text), .. extraMm ?? []];
        Sides = ReportLanguage.SidesOf(text);
        Negated = ReportLanguage.IsNegated(text);
    }

    public SourceKind Kind { get; }

    public string? SourceId { get; }

    public int? SentenceIndex { get; }

    public string Text { get; }

    public HashSet<string> Words { get; }

    public List<decimal> MeasurementsMm { get; }

    public Sides Sides { get; }

    public bool Negated { get; }

    public SourceReference ToReference() => new()
    {
        Kind = Kind,
        SourceId = SourceId,
        SentenceIndex = SentenceIndex,
        Text = Text,
    };
}

/// <summary>The input sentences of one context, and the prior-report sentences withheld as instruction-like.</summary>
internal sealed partial class GroundingSources
{
    /// <summary>Fixed phrases that state no finding, which a model may use in the comparison section.</summary>
    private static readonly string[] TemplatePhrases =
    [
        "No prior report is available for comparison.",
        "No prior studies are available for comparison.",
        "None.",
    ];

    // Text addressed to a model rather than to a clinician: orders to ignore or follow instructions, role labels,
    // chat-template markers and JSON fragments. Radiology reports do not contain these.
    [GeneratedRegex(
        @"\b(?:ignore|disregard|forget|override)\b[^.]{0,60}\b(?:above|previous|prior|preceding|earlier|instructions?|rules?|prompt)\b|\byou\s+(?:are|must|will|should)\b|\bas\s+an\s+ai\b|\b(?:system|assistant|user|developer)\s*(?:prompt|message)?\s*:|\b(?:respond|reply|answer|output|return)\s+(?:only|with|in)\b|<\|?/?(?:im_start|im_end|system|assistant|user)|\[/?INST\]|^\s*#{2,}|\{\s*""[A-Za-z_]+""\s*:|""(?:sections|findings|sentences|kind)""",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex InstructionLike();

    private GroundingSources(List<GroundingSource> sources, List<(string ReportId, int SentenceIndex)> withheld)
    {
        Sources = sources;
        Withheld = withheld;
    }

    public List<GroundingSource> Sources { get; }

    /// <summary>Prior-report sentences that read as instructions to a model; they are neither sent nor trusted.</summary>
    public List<(string ReportId, int SentenceIndex)> Withheld { get; }

    /// <summary>Whether a sentence reads as an instruction to a model.</summary>
    public static bool IsInstructionLike(string sentence) => InstructionLike().IsMatch(sentence);

    public static GroundingSources From(ReportingContext context)
    {
        var sources = new List<GroundingSource>();
        var withheld = new List<(string, int)>();

        foreach (var prior in context.PriorReports)
        {
            var sentences = ReportLanguage.SplitSentences(prior.Text);
            for (var index = 0; index < sentences.Count; index++)
            {
                var sentence = ReportLanguage.WithoutHeading(sentences[index]);
                if (IsInstructionLike(sentences[index]))
                {
                    withheld.Add((prior.ReportId, index));
                    continue;
                }

                sources.Add(new GroundingSource(SourceKind.PriorReport, prior.ReportId, index, sentence));
            }

            var examLine = string.Join(' ', new[]
            {
                prior.ExamDescription,
                prior.Modality,
                prior.ExamDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            }.Where(part => !string.IsNullOrWhiteSpace(part)));
            if (examLine.Length > 0)
            {
                sources.Add(new GroundingSource(SourceKind.StudyMetadata, prior.ReportId, null, examLine));
            }
        }

        var indication = context.Study.ReasonForStudy ?? context.Event.ClinicalIndication;
        if (!string.IsNullOrWhiteSpace(indication))
        {
            var sentences = ReportLanguage.SplitSentences(indication);
            for (var index = 0; index < sentences.Count; index++)
            {
                sources.Add(new GroundingSource(SourceKind.Indication, context.Event.EventId, index, sentences[index]));
            }
        }

        foreach (var finding in context.ImageFindings)
        {
            var text = finding.Sentence ?? string.Join(' ', new[]
            {
                finding.Laterality == Laterality.None ? null : finding.Laterality.ToString().ToLowerInvariant(),
                finding.Site,
                finding.Type,
            }.Where(part => !string.IsNullOrWhiteSpace(part)));
            var values = finding.Measurements.SelectMany(m => m.ValuesMm);
            sources.Add(new GroundingSource(SourceKind.ImageFinding, finding.Source?.SourceId, null, text, values));
        }

        foreach (var item in context.History)
        {
            sources.Add(new GroundingSource(SourceKind.History, item.SourceId, null, item.Text));
        }

        var study = string.Join(' ', new[]
        {
            context.Study.Description,
            context.Study.Modality,
            context.Study.BodyPart,
            context.Study.StudyDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        }.Where(part => !string.IsNullOrWhiteSpace(part)));
        if (study.Length > 0)
        {
            sources.Add(new GroundingSource(SourceKind.StudyMetadata, context.Event.EventId, null, study));
        }

        foreach (var phrase in TemplatePhrases)
        {
            sources.Add(new GroundingSource(SourceKind.Template, null, null, phrase));
        }

        return new GroundingSources(sources, withheld);
    }
}
