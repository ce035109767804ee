using System.Globalization;
using RadAssist.Generation;

namespace RadAssist;

/// <summary>
/// The embedded default generator: restates the inputs as a follow-up draft and invents nothing.
/// </summary>
/// <remarks>
/// <para>
/// The draft names the most recent prior exam and its date in the comparison section, restates each finding
/// sentence of that prior report in the findings section and each impression sentence in the impression section,
/// every sentence with its provenance (report id and sentence index). Without a prior report it says so instead of
/// writing findings. It runs in process and sends nothing off the host.
/// </para>
/// <para>
/// <see cref="ReportAnalyzer"/> reads the prior report into the draft's structured findings, category suggestions and
/// critical results. Any critical result sets <see cref="DraftReport.RequiresMandatoryReview"/>. The comparison
/// section adds one quantified statement per lesion measured twice, either within the prior report ("now 12 mm,
/// previously 8 mm") or in the two most recent prior reports. Each statement points at the sentences that state
/// both sizes.
/// </para>
/// <para>Sentence indexes count the sentences of the whole prior text, section by section, from zero.</para>
/// </remarks>
public sealed class DeterministicDraftGenerator : IDraftGenerator
{
    /// <summary>Generator id recorded in drafts and audit events.</summary>
    public const string GeneratorId = "radassist-deterministic";

    /// <summary>Generator version; changes whenever the output for the same input changes.</summary>
    public const string GeneratorVersion = "1.1.0";

    private static readonly HashSet<string> NonFindingHeadings =
        new(StringComparer.Ordinal) { "EXAM", "INDICATION", "TECHNIQUE", "COMPARISON", "IMPRESSION", "RECOMMENDATION" };

    private readonly TimeProvider _time;
    private readonly ReportAnalyzer _analyzer = new();

    /// <summary>Creates the generator.</summary>
    /// <param name="timeProvider">Clock for the draft's creation time; the system clock when <see langword="null"/>.</param>
    public DeterministicDraftGenerator(TimeProvider? timeProvider = null)
    {
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <inheritdoc />
    public GeneratorInfo Info { get; } = new(GeneratorId, GeneratorVersion);

    /// <inheritdoc />
    public ValueTask<DraftReport> GenerateAsync(ReportingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var sections = new List<DraftSection>();
        var warnings = new List<string>();
        var analysis = new PriorAnalysis();

        var indication = context.Study.ReasonForStudy ?? context.Event.ClinicalIndication;
        if (!string.IsNullOrWhiteSpace(indication))
        {
            var source = new SourceReference { Kind = SourceKind.Indication, SourceId = context.Event.EventId, Text = indication };
            sections.Add(new DraftSection(
                DraftSectionKind.Indication,
                "INDICATION",
                [new DraftSentence(EndSentence(indication.Trim()), [source])]));
        }

        var prior = context.PriorReports.FirstOrDefault();
        if (prior is null)
        {
            sections.Add(Template(DraftSectionKind.Comparison, "COMPARISON", "No prior report is available for comparison."));
            sections.Add(Template(
                DraftSectionKind.Findings,
                "FINDINGS",
                "No prior report is available; findings are to be dictated from the current images."));
            sections.Add(Template(DraftSectionKind.Impression, "IMPRESSION", "Impression to be completed by the radiologist."));
            warnings.Add("No prior report was available, so the draft restates nothing.");
        }
        else
        {
            var sentences = IndexSentences(prior.Text);
            analysis = AnalyzePriors(context.PriorReports, sentences);
            sections.Add(new DraftSection(
                DraftSectionKind.Comparison,
                "COMPARISON",
                [ComparisonSentence(prior), .. analysis.ComparisonSentences]));

            var findings = Restate(prior, sentences, s => !NonFindingHeadings.Contains(s.Heading));
            sections.Add(findings.Count > 0
                ? new DraftSection(DraftSectionKind.Findings, "FINDINGS", findings)
                : Template(
                    DraftSectionKind.Findings,
                    "FINDINGS",
                    "The prior report states no findings to restate; findings are to be dictated from the current images."));

            var impression = Restate(prior, sentences, s => s.Heading == "IMPRESSION");
            sections.Add(impression.Count > 0
                ? new DraftSection(DraftSectionKind.Impression, "IMPRESSION", impression)
                : Template(DraftSectionKind.Impression, "IMPRESSION", "Impression to be completed by the radiologist."));

            if (findings.Count == 0)
            {
                warnings.Add($"Prior report '{prior.ReportId}' has no findings sentences.");
            }
        }

        var draft = new DraftReport
        {
            CorrelationId = context.CorrelationId,
            DraftId = Guid.NewGuid().ToString("N"),
            StudyInstanceUid = context.Study.StudyInstanceUid,
            AccessionNumber = context.Study.AccessionNumber,
            Generator = Info,
            CreatedAt = _time.GetUtcNow(),
            Sections = sections,
            Findings = analysis.Findings,
            Categories = analysis.Categories,
            CriticalResults = analysis.CriticalResults,
            RequiresMandatoryReview = analysis.CriticalResults.Count > 0,
            Warnings = warnings,
        };
        return ValueTask.FromResult(draft);
    }

    /// <summary>Splits a report text into sentences with their section heading and their index in the whole text.</summary>
    internal static IReadOnlyList<IndexedSentence> IndexSentences(string text)
    {
        var result = new List<IndexedSentence>();
        foreach (var section in ReportText.SplitSections(text))
        {
            foreach (var sentence in ReportText.SplitSentences(section.Body))
            {
                result.Add(new IndexedSentence(result.Count, section.Heading, sentence));
            }
        }

        return result;
    }

    // Reads the most recent prior report, and compares its measured lesions with the one before it when there is one.
    private PriorAnalysis AnalyzePriors(List<PriorReport> priors, IReadOnlyList<IndexedSentence> sentences)
    {
        var latest = _analyzer.Analyze(priors[0]);
        var comparisons = new List<DraftSentence>();
        foreach (var statement in latest.Comparisons)
        {
            var source = Reindex(statement.PriorSource, sentences);
            comparisons.Add(new DraftSentence(statement.ToSentence(), source is null ? [] : [source]));
        }

        if (priors.Count > 1)
        {
            var earlier = _analyzer.Analyze(priors[1]);
            foreach (var statement in PriorComparer.Compare(latest, earlier).Statements)
            {
                var current = latest.Findings.FirstOrDefault(f => f.Sentence == statement.CurrentSentence)?.Source;
                var provenance = new List<SourceReference>();
                if (Reindex(current, sentences) is { } currentSource)
                {
                    provenance.Add(currentSource);
                }

                if (statement.PriorSource is { } priorSource)
                {
                    provenance.Add(priorSource);
                }

                comparisons.Add(new DraftSentence(statement.ToSentence(), provenance));
            }
        }

        return new PriorAnalysis
        {
            Findings = [.. latest.Findings.Select(f => f with { Source = Reindex(f.Source, sentences) })],
            Categories = [.. latest.Categories.Select(c => c with { Source = Reindex(c.Source, sentences) })],
            CriticalResults = [.. latest.CriticalResults.Select(c => c with { Source = Reindex(c.Source, sentences) })],
            ComparisonSentences = comparisons,
        };
    }

    // The analyzer numbers sentences with its own splitter. Provenance uses this generator's numbering, so a source
    // sentence is looked up by its text and keeps the analyzer's index only when the text is not found.
    private static SourceReference? Reindex(SourceReference? source, IReadOnlyList<IndexedSentence> sentences)
    {
        if (source?.Text is not { } text)
        {
            return source;
        }

        foreach (var sentence in sentences)
        {
            if (string.Equals(sentence.Text, text, StringComparison.Ordinal))
            {
                return source with { SentenceIndex = sentence.Index };
            }
        }

        return source;
    }

    private static List<DraftSentence> Restate(
        PriorReport prior,
        IReadOnlyList<IndexedSentence> sentences,
        Func<IndexedSentence, bool> include) =>
        [
            .. sentences.Where(include).Select(s => new DraftSentence(
                s.Text,
                [
                    new SourceReference
                    {
                        Kind = SourceKind.PriorReport,
                        SourceId = prior.ReportId,
                        SentenceIndex = s.Index,
                        Text = s.Text,
                    },
                ])),
        ];

    private static DraftSentence ComparisonSentence(PriorReport prior)
    {
        var exam = prior.ExamDescription ?? (prior.Modality is null ? "Prior examination" : $"Prior {prior.Modality} examination");
        var text = prior.ExamDate is { } date
            ? $"Comparison: {exam} dated {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}."
            : $"Comparison: {exam}, date not stated.";
        var source = new SourceReference
        {
            Kind = SourceKind.PriorReport,
            SourceId = prior.ReportId,
            Text = prior.ExamDate is { } d
                ? $"{exam} ({d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})"
                : exam,
        };
        return new DraftSentence(text, [source]);
    }

    private static DraftSection Template(DraftSectionKind kind, string title, string text) =>
        new(kind, title, [new DraftSentence(text, [new SourceReference { Kind = SourceKind.Template }])]);

    private static string EndSentence(string text) => text.EndsWith('.') ? text : text + ".";
}

/// <summary>What the generator read from the prior reports with <see cref="ReportAnalyzer"/>.</summary>
internal sealed record PriorAnalysis
{
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    public IReadOnlyList<CategoryAssessment> Categories { get; init; } = [];

    public IReadOnlyList<CriticalResult> CriticalResults { get; init; } = [];

    public IReadOnlyList<DraftSentence> ComparisonSentences { get; init; } = [];
}

/// <summary>A sentence of a report with its section heading and its index in the whole text.</summary>
/// <param name="Index">Zero-based index among all sentences of the text.</param>
/// <param name="Heading">Normalized heading of its section, or empty.</param>
/// <param name="Text">The sentence.</param>
internal sealed record IndexedSentence(int Index, string Heading, string Text);
