namespace RadAssist;

/// <summary>The structured reading of one report text produced by <see cref="ReportAnalyzer"/>.</summary>
public sealed record ReportAnalysis
{
    /// <summary>Sections in reading order. Text before the first heading forms an <see cref="ReportSectionKind.Unlabeled"/> section.</summary>
    public required IReadOnlyList<ReportSection> Sections { get; init; }

    /// <summary>Sentences in reading order, numbered from zero across the whole text.</summary>
    public required IReadOnlyList<ReportSentence> Sentences { get; init; }

    /// <summary>Findings of every sentence, in reading order.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>Measurements of every sentence, in reading order.</summary>
    public required IReadOnlyList<ReportMeasurement> Measurements { get; init; }

    /// <summary>Comparisons the report itself states, such as "now 12 mm, previously 8 mm".</summary>
    public required IReadOnlyList<ComparisonStatement> Comparisons { get; init; }

    /// <summary>Categories stated in the text (BI-RADS, LI-RADS, PI-RADS, Lung-RADS) or suggested for its lung nodules.</summary>
    public required IReadOnlyList<CategoryAssessment> Categories { get; init; }

    /// <summary>
    /// Critical results: findings of the critical-result lexicon that the report states as current results, so not
    /// negated, resolved, past history, asked about ("rule out"), or named in the indication, examination, technique
    /// or comparison sections.
    /// </summary>
    public required IReadOnlyList<CriticalResult> CriticalResults { get; init; }
}

/// <summary>One section of a report, such as FINDINGS or IMPRESSION.</summary>
/// <param name="Kind">What the section is.</param>
/// <param name="Heading">Heading as written without its colon, or <see langword="null"/> for text before the first heading.</param>
/// <param name="Text">Body of the section with surrounding whitespace removed.</param>
/// <param name="FirstSentenceIndex">Index of the section's first sentence in <see cref="ReportAnalysis.Sentences"/>.</param>
/// <param name="SentenceCount">Number of sentences in the section.</param>
public sealed record ReportSection(
    ReportSectionKind Kind,
    string? Heading,
    string Text,
    int FirstSentenceIndex,
    int SentenceCount);

/// <summary>Kind of report section, recognized from the usual headings and their variants.</summary>
public enum ReportSectionKind
{
    /// <summary>Text before the first heading, or a report without headings.</summary>
    Unlabeled,

    /// <summary>EXAMINATION, EXAM, PROCEDURE.</summary>
    Examination,

    /// <summary>CLINICAL HISTORY, HISTORY, INDICATION, REASON FOR EXAM.</summary>
    ClinicalHistory,

    /// <summary>TECHNIQUE, PROTOCOL.</summary>
    Technique,

    /// <summary>COMPARISON, PRIOR STUDIES.</summary>
    Comparison,

    /// <summary>FINDINGS, REPORT, DESCRIPTION.</summary>
    Findings,

    /// <summary>IMPRESSION, CONCLUSION, SUMMARY, OPINION.</summary>
    Impression,

    /// <summary>RECOMMENDATION, RECOMMENDATIONS, FOLLOW-UP.</summary>
    Recommendation,

    /// <summary>Any other heading written in capitals, such as BIOMETRY.</summary>
    Other,
}

/// <summary>One sentence of a report with what was read from it.</summary>
/// <param name="Index">Zero-based index across the whole text.</param>
/// <param name="Text">The sentence with line breaks and runs of whitespace collapsed to single spaces.</param>
/// <param name="Section">Kind of the section the sentence belongs to.</param>
/// <param name="Findings">Findings stated in the sentence.</param>
/// <param name="Measurements">Measurements stated in the sentence, in order.</param>
public sealed record ReportSentence(
    int Index,
    string Text,
    ReportSectionKind Section,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Measurement> Measurements);

/// <summary>A measurement with the sentence it was read from and the finding it describes.</summary>
/// <param name="Measurement">The measurement, normalized to millimetres.</param>
/// <param name="SentenceIndex">Index of the sentence in <see cref="ReportAnalysis.Sentences"/>.</param>
/// <param name="Sentence">Text of the sentence.</param>
/// <param name="FindingType">Type of the finding the measurement is tied to, or <see langword="null"/> when the sentence names none.</param>
public sealed record ReportMeasurement(Measurement Measurement, int SentenceIndex, string Sentence, string? FindingType);
