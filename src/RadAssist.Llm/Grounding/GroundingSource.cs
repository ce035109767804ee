using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RadAssist.Llm.Grounding;

/// <summary>One input sentence a draft sentence may restate, with what the grounding check compares.</summary>
internal sealed class GroundingSource
{
    public GroundingSource(SourceKind kind, string? sourceId, int? sentenceIndex, string text, SentenceFeatures features)
    {
        Kind = kind;
        SourceId = sourceId;
        SentenceIndex = sentenceIndex;
        Text = text;
        Features = features;
    }

    public SourceKind Kind { get; }

    public string? SourceId { get; }

    public int? SentenceIndex { get; }

    public string Text { get; }

    public SentenceFeatures Features { get; }

    public SourceReference ToReference() => new()
    {
        Kind = Kind,
        SourceId = SourceId,
        SentenceIndex = SentenceIndex,
        Text = Text,
    };
}

/// <summary>One sentence of a prior report as the prompt shows it: its section heading when it opens a section.</summary>
/// <param name="Heading">Heading of the section the sentence opens, or <see langword="null"/>. A heading that reads as an instruction is dropped.</param>
/// <param name="Text">The sentence.</param>
/// <param name="Withheld">Whether the sentence, or the heading before it, reads as an instruction to a model.</param>
internal sealed record PriorSentence(string? Heading, string Text, bool Withheld);

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
    // chat-template markers and JSON fragments. Radiology reports do not contain these. The non-backtracking engine
    // runs this pattern, which has no lookaround, about four times faster (stopwatch loop over a 2 KB report).
    [GeneratedRegex(
        @"\b(?:ignore|disregard|forget|override)\b[^.]{0,60}\b(?:above|previous|prior|preceding|earlier|instructions?|rules?|prompt)\b|\byou\s+(?:are|must|will|should)\b|\bas\s+an\s+ai\b|\b(?:system|assistant|user|developer)\s*(?:prompt|message)?\s*:|\b(?:respond|reply|answer|output|return)\s+(?:only|with|in)\b|<\|?/?(?:im_start|im_end|system|assistant|user)|\[/?INST\]|^\s*#{2,}|\{\s*""[A-Za-z_]+""\s*:|""(?:sections|findings|sentences|kind)""",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.NonBacktracking)]
    private static partial Regex InstructionLike();

    private static readonly Lazy<GroundingSource[]> TemplateSources = new(() =>
        [.. TemplatePhrases.Select(phrase => new GroundingSource(SourceKind.Template, null, null, phrase, SentenceFeatures.Analyze(phrase)))]);

    private GroundingSources(
        List<GroundingSource> sources,
        List<(string ReportId, int SentenceIndex)> withheld,
        List<IReadOnlyList<PriorSentence>> priorSentences)
    {
        Sources = sources;
        Withheld = withheld;
        PriorSentences = priorSentences;
    }

    public List<GroundingSource> Sources { get; }

    /// <summary>Prior-report sentences that read as instructions to a model; they are neither sent nor trusted.</summary>
    public List<(string ReportId, int SentenceIndex)> Withheld { get; }

    /// <summary>The sentences of each prior report, in the order of <see cref="ReportingContext.PriorReports"/>.</summary>
    public List<IReadOnlyList<PriorSentence>> PriorSentences { get; }

    /// <summary>Whether a sentence reads as an instruction to a model.</summary>
    public static bool IsInstructionLike(string sentence) => InstructionLike().IsMatch(sentence);

    /// <summary>Splits a prior report into sentences with <see cref="ReportAnalyzer"/> and marks the instruction-like ones.</summary>
    public static IReadOnlyList<PriorSentence> ReadPrior(string text) => ReadPrior(AnalyzePrior(text));

    /// <summary>
    /// Analyzes a prior report with every line that reads as an instruction set apart as a paragraph of its own, so
    /// the analyzer, which joins wrapped lines into one sentence, does not join it to the report text around it.
    /// </summary>
    public static ReportAnalysis AnalyzePrior(string text)
    {
        if (!InstructionLike().IsMatch(text))
        {
            return SentenceFeatures.AnalyzeReport(text);
        }

        var isolated = new StringBuilder(text.Length + 64);
        var lineStart = 0;
        while (lineStart <= text.Length)
        {
            var lineEnd = text.IndexOf('\n', lineStart);
            if (lineEnd < 0)
            {
                lineEnd = text.Length;
            }

            var line = text.AsSpan(lineStart, lineEnd - lineStart);
            if (InstructionLike().IsMatch(line))
            {
                isolated.Append('\n').Append(line).Append("\n\n");
            }
            else
            {
                isolated.Append(line).Append('\n');
            }

            lineStart = lineEnd + 1;
        }

        return SentenceFeatures.AnalyzeReport(isolated.ToString());
    }

    public static GroundingSources From(ReportingContext context)
    {
        var sources = new List<GroundingSource>();
        var withheld = new List<(string, int)>();
        var priorSentences = new List<IReadOnlyList<PriorSentence>>(context.PriorReports.Count);

        foreach (var prior in context.PriorReports)
        {
            // One analysis per prior report serves the grounding sources and the prompt.
            var analysis = AnalyzePrior(prior.Text);
            var sentences = ReadPrior(analysis);
            priorSentences.Add(sentences);
            for (var index = 0; index < sentences.Count; index++)
            {
                if (sentences[index].Withheld)
                {
                    withheld.Add((prior.ReportId, index));
                    continue;
                }

                var sentence = analysis.Sentences[index];
                sources.Add(new GroundingSource(SourceKind.PriorReport, prior.ReportId, index, sentence.Text, SentenceFeatures.From(sentence)));
            }

            var examLine = JoinParts(prior.ExamDescription, prior.Modality, FormatDate(prior.ExamDate));
            if (examLine.Length > 0)
            {
                sources.Add(new GroundingSource(SourceKind.StudyMetadata, prior.ReportId, null, examLine, SentenceFeatures.Analyze(examLine)));
            }
        }

        var indication = context.Study.ReasonForStudy ?? context.Event.ClinicalIndication;
        if (!string.IsNullOrWhiteSpace(indication))
        {
            foreach (var sentence in SentenceFeatures.AnalyzeReport(indication).Sentences)
            {
                sources.Add(new GroundingSource(SourceKind.Indication, context.Event.EventId, sentence.Index, sentence.Text, SentenceFeatures.From(sentence)));
            }
        }

        foreach (var finding in context.ImageFindings)
        {
            var text = finding.Sentence ?? JoinParts(
                finding.Laterality == Laterality.None ? null : finding.Laterality.ToString().ToLowerInvariant(),
                finding.Site,
                finding.Type);
            var values = finding.Measurements.SelectMany(m => m.ValuesMm);
            sources.Add(new GroundingSource(SourceKind.ImageFinding, finding.Source?.SourceId, null, text, SentenceFeatures.Analyze(text, values)));
        }

        foreach (var item in context.History)
        {
            sources.Add(new GroundingSource(SourceKind.History, item.SourceId, null, item.Text, SentenceFeatures.Analyze(item.Text)));
        }

        var study = JoinParts(context.Study.Description, context.Study.Modality, context.Study.BodyPart, FormatDate(context.Study.StudyDate));
        if (study.Length > 0)
        {
            sources.Add(new GroundingSource(SourceKind.StudyMetadata, context.Event.EventId, null, study, SentenceFeatures.Analyze(study)));
        }

        sources.AddRange(TemplateSources.Value);
        return new GroundingSources(sources, withheld, priorSentences);
    }

    private static List<PriorSentence> ReadPrior(ReportAnalysis analysis)
    {
        var sentences = new List<PriorSentence>(analysis.Sentences.Count);
        foreach (var section in analysis.Sections)
        {
            for (var i = 0; i < section.SentenceCount; i++)
            {
                var text = analysis.Sentences[section.FirstSentenceIndex + i].Text;
                var heading = i == 0 ? section.Heading : null;

                // A heading such as "SYSTEM:" can carry the instruction, so the first sentence is checked with it,
                // and such a heading is dropped.
                var withheld = IsInstructionLike(text) || (heading is not null && IsInstructionLike(heading + ": " + text));
                if (heading is not null && IsInstructionLike(heading + ":"))
                {
                    heading = null;
                }

                sentences.Add(new PriorSentence(heading, text, withheld));
            }
        }

        return sentences;
    }

    private static string JoinParts(params string?[] parts) =>
        string.Join(' ', parts.Where(part => !string.IsNullOrWhiteSpace(part)));

    private static string? FormatDate(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
