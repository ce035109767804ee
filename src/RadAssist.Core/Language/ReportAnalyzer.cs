using System.Globalization;
using RadAssist.Categories;
using RadAssist.Language;

namespace RadAssist;

/// <summary>
/// Reads radiology report text into sections, sentences, findings, measurements, stated comparisons, categories and
/// critical results, with deterministic rules only.
/// </summary>
/// <remarks>
/// An instance keeps no state between calls and is safe to use from several threads. Each finding carries the
/// sentence it was read from, so every structured value can be traced to the text. The rules and their sources are
/// described in docs/report-language.md.
/// </remarks>
public sealed class ReportAnalyzer
{
    /// <summary>Maximum length of a text the analyzer accepts, in characters (1,000,000, about 250 pages).</summary>
    public const int MaxTextLength = 1_000_000;

    private readonly CriticalResultDetector _criticalResultDetector;

    /// <summary>Creates an analyzer with the default critical-result lexicon.</summary>
    public ReportAnalyzer()
        : this(new CriticalResultDetector())
    {
    }

    /// <summary>Creates an analyzer that grades critical results with the given detector.</summary>
    /// <param name="criticalResultDetector">The detector, for a host with its own critical-result lexicon.</param>
    public ReportAnalyzer(CriticalResultDetector criticalResultDetector)
    {
        ArgumentNullException.ThrowIfNull(criticalResultDetector);
        _criticalResultDetector = criticalResultDetector;
    }

    /// <summary>Analyzes a report text, a section or a single sentence.</summary>
    /// <param name="text">The text, with or without headings such as "FINDINGS:".</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="text"/> is longer than <see cref="MaxTextLength"/>.</exception>
    public ReportAnalysis Analyze(string text) => Analyze(text, null, null);

    /// <summary>
    /// Analyzes a prior report. Every finding, comparison, category and critical result points back to its sentence
    /// through a <see cref="SourceReference"/> of kind <see cref="SourceKind.PriorReport"/>.
    /// </summary>
    /// <param name="priorReport">The prior report.</param>
    /// <exception cref="ArgumentException">The report text is longer than <see cref="MaxTextLength"/>.</exception>
    public ReportAnalysis Analyze(PriorReport priorReport)
    {
        ArgumentNullException.ThrowIfNull(priorReport);
        return Analyze(priorReport.Text, SourceKind.PriorReport, priorReport.ReportId);
    }

    /// <summary>Analyzes text and points every finding at its sentence in the given source.</summary>
    /// <param name="text">The text.</param>
    /// <param name="sourceKind">Kind of input the text is, or <see langword="null"/> to leave <see cref="Finding.Source"/> empty.</param>
    /// <param name="sourceId">Identifier of the input, such as a prior report id.</param>
    /// <exception cref="ArgumentException"><paramref name="text"/> is longer than <see cref="MaxTextLength"/>.</exception>
    public ReportAnalysis Analyze(string text, SourceKind? sourceKind, string? sourceId)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            throw new ArgumentException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The report text is {text.Length} characters long; the analyzer accepts at most {MaxTextLength}. Split the text and analyze each part."),
                nameof(text));
        }

        var segmented = ReportSegmenter.Segment(text);
        var sentenceCount = 0;
        foreach (var section in segmented)
        {
            sentenceCount += section.Sentences.Count;
        }

        var sections = new List<ReportSection>(segmented.Count);
        var sentences = new List<ReportSentence>(sentenceCount);
        var findings = new List<Finding>(sentenceCount * 2);
        var measurements = new List<ReportMeasurement>();
        var comparisons = new List<ComparisonStatement>();
        var currentFindings = new List<Finding>();

        foreach (var section in segmented)
        {
            var first = sentences.Count;
            foreach (var sentenceText in section.Sentences)
            {
                var index = sentences.Count;
                var source = sourceKind is { } kind
                    ? new SourceReference { Kind = kind, SourceId = sourceId, SentenceIndex = index, Text = sentenceText }
                    : null;
                var reading = SentenceReader.Read(sentenceText, source);

                sentences.Add(new ReportSentence(index, sentenceText, section.Kind, reading.Findings, reading.Measurements));
                findings.AddRange(reading.Findings);
                if (StatesResults(section.Kind))
                {
                    for (var i = 0; i < reading.Findings.Count; i++)
                    {
                        if (reading.Current[i])
                        {
                            currentFindings.Add(reading.Findings[i]);
                        }
                    }
                }
                for (var i = 0; i < reading.Measurements.Count; i++)
                {
                    measurements.Add(new ReportMeasurement(
                        reading.Measurements[i],
                        index,
                        sentenceText,
                        reading.MeasurementFindingTypes[i]));
                }

                foreach (var finding in reading.Findings)
                {
                    if (PriorComparer.FromStatedSizes(finding) is { } comparison)
                    {
                        comparisons.Add(comparison);
                    }
                }
            }

            sections.Add(new ReportSection(section.Kind, section.Heading, section.Text, first, sentences.Count - first));
        }

        var categories = CategorySuggester.Suggest(sentences, sourceKind, sourceId);
        return new ReportAnalysis
        {
            Sections = sections,
            Sentences = sentences,
            Findings = findings,
            Measurements = measurements,
            Comparisons = comparisons,
            Categories = categories,
            CriticalResults = _criticalResultDetector.Detect(currentFindings),
        };
    }

    // The indication, the examination, its technique and the comparison describe why and how the exam was done, so
    // a finding named there ("INDICATION: rule out pneumothorax") is no result of this report.
    private static bool StatesResults(ReportSectionKind kind) =>
        kind is not (ReportSectionKind.ClinicalHistory or ReportSectionKind.Examination or ReportSectionKind.Technique
            or ReportSectionKind.Comparison);
}
