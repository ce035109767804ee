using System.Globalization;

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
/// <para>
/// Sections and sentences are those <see cref="ReportAnalyzer"/> reads, so a sentence index in the draft's provenance
/// is the index of that sentence in <see cref="ReportAnalysis.Sentences"/> for the prior report: the sentences of the
/// whole prior text, section by section, from zero.
/// </para>
/// </remarks>
public sealed class DeterministicDraftGenerator : IDraftGenerator
{
    /// <summary>Generator id recorded in drafts and audit events.</summary>
    public const string GeneratorId = "radassist-deterministic";

    /// <summary>Generator version; changes whenever the output for the same input changes.</summary>
    public const string GeneratorVersion = "1.2.0";

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
            var latest = _analyzer.Analyze(prior);
            analysis = AnalyzePriors(context.PriorReports, latest);
            sections.Add(new DraftSection(
                DraftSectionKind.Comparison,
                "COMPARISON",
                [ComparisonSentence(prior), .. analysis.ComparisonSentences]));

            var findings = Restate(prior, latest.Sentences, IsFindingsSection);
            sections.Add(findings.Count > 0
                ? new DraftSection(DraftSectionKind.Findings, "FINDINGS", findings)
                : Template(
                    DraftSectionKind.Findings,
                    "FINDINGS",
                    "The prior report states no findings to restate; findings are to be dictated from the current images."));

            var impression = Restate(prior, latest.Sentences, s => s == ReportSectionKind.Impression);
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

    // Text under FINDINGS, under a heading the analyzer does not know, or under no heading at all is restated as findings.
    private static bool IsFindingsSection(ReportSectionKind kind) =>
        kind is ReportSectionKind.Findings or ReportSectionKind.Unlabeled or ReportSectionKind.Other;

    // Reads the comparisons the most recent prior report states, and compares its measured lesions with the report
    // before it when there is one.
    private PriorAnalysis AnalyzePriors(List<PriorReport> priors, ReportAnalysis latest)
    {
        var comparisons = new List<DraftSentence>();
        foreach (var statement in latest.Comparisons)
        {
            comparisons.Add(new DraftSentence(
                statement.ToSentence(),
                statement.PriorSource is { } source ? [source] : []));
        }

        if (priors.Count > 1)
        {
            var earlier = _analyzer.Analyze(priors[1]);
            foreach (var statement in PriorComparer.Compare(latest, earlier).Statements)
            {
                var provenance = new List<SourceReference>();
                if (latest.Findings.FirstOrDefault(f => f.Sentence == statement.CurrentSentence)?.Source is { } current)
                {
                    provenance.Add(current);
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
            Findings = latest.Findings,
            Categories = latest.Categories,
            CriticalResults = latest.CriticalResults,
            ComparisonSentences = comparisons,
        };
    }

    private static List<DraftSentence> Restate(
        PriorReport prior,
        IReadOnlyList<ReportSentence> sentences,
        Func<ReportSectionKind, bool> include) =>
        [
            .. sentences.Where(s => include(s.Section)).Select(s => new DraftSentence(
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
