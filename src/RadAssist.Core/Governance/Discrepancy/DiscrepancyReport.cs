namespace RadAssist.Governance;

/// <summary>Differences between a draft and the report the radiologist signed.</summary>
/// <param name="Alignments">Draft and signed sentences paired in reading order.</param>
/// <param name="Discrepancies">Each difference, classed as minor or major.</param>
/// <param name="WordEditDistance">Word-level Levenshtein distance from the draft to the signed text, ignoring case and punctuation.</param>
/// <param name="NormalizedEditDistance">
/// <paramref name="WordEditDistance"/> divided by the word count of the longer text: 0 for the same words, 1 for
/// nothing in common.
/// </param>
/// <param name="SignedUnchanged">Whether the signed text equals the draft text apart from white space.</param>
public sealed record DiscrepancyReport(
    IReadOnlyList<SentenceAlignment> Alignments,
    IReadOnlyList<Discrepancy> Discrepancies,
    int WordEditDistance,
    double NormalizedEditDistance,
    bool SignedUnchanged)
{
    /// <summary>The most severe class among <see cref="Discrepancies"/>, or <see cref="DiscrepancySeverity.None"/>.</summary>
    public DiscrepancySeverity Severity =>
        Discrepancies.Count == 0 ? DiscrepancySeverity.None : Discrepancies.Max(d => d.Severity);
}

/// <summary>A draft sentence paired with the signed sentence that replaced it.</summary>
/// <param name="DraftSentence">The draft sentence, or <see langword="null"/> when the radiologist added the signed one.</param>
/// <param name="SignedSentence">The signed sentence, or <see langword="null"/> when the radiologist removed the draft one.</param>
/// <param name="Change">How the sentence changed.</param>
/// <param name="Similarity">Dice coefficient of the two sentences' word sets, from 0 to 1; 0 for added or removed sentences.</param>
public sealed record SentenceAlignment(string? DraftSentence, string? SignedSentence, SentenceChange Change, double Similarity);

/// <summary>How a sentence changed between draft and signed report.</summary>
public enum SentenceChange
{
    /// <summary>The same words.</summary>
    Unchanged,

    /// <summary>Reworded or corrected.</summary>
    Edited,

    /// <summary>Only in the signed report.</summary>
    Added,

    /// <summary>Only in the draft.</summary>
    Removed,
}

/// <summary>One difference between a draft and its signed report.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Severity">Whether the change alters the clinical content.</param>
/// <param name="Description">What changed, naming the finding, side or values.</param>
/// <param name="DraftSentence">The draft sentence concerned, when there is one.</param>
/// <param name="SignedSentence">The signed sentence concerned, when there is one.</param>
public sealed record Discrepancy(
    DiscrepancyKind Kind,
    DiscrepancySeverity Severity,
    string Description,
    string? DraftSentence,
    string? SignedSentence);

/// <summary>Kind of difference between a draft and its signed report.</summary>
public enum DiscrepancyKind
{
    /// <summary>A sentence was reworded without changing its findings, sides or measurements. Minor.</summary>
    Wording,

    /// <summary>The radiologist added a sentence that states no new finding, such as a pertinent negative. Minor.</summary>
    SentenceAdded,

    /// <summary>The radiologist removed a sentence that stated no finding absent from the signed report. Minor.</summary>
    SentenceRemoved,

    /// <summary>The signed report states a finding the draft did not (a miss of the draft). Major.</summary>
    FindingAdded,

    /// <summary>The draft stated a finding the signed report does not (an overcall of the draft). Major.</summary>
    FindingRemoved,

    /// <summary>A measurement changed: minor within the tolerance, major beyond it.</summary>
    MeasurementChanged,

    /// <summary>The side of a finding changed. Major.</summary>
    LateralityChanged,

    /// <summary>The signed report states a critical finding the draft did not. Major.</summary>
    CriticalFindingMissed,
}

/// <summary>Clinical weight of a discrepancy, in the spirit of peer-review scales that separate style from substance.</summary>
public enum DiscrepancySeverity
{
    /// <summary>No discrepancy.</summary>
    None,

    /// <summary>Wording or completeness only; the clinical content is the same.</summary>
    Minor,

    /// <summary>The clinical content changed: a finding, side, relevant size or critical result.</summary>
    Major,
}

/// <summary>Options of <see cref="DiscrepancyAnalyzer"/>.</summary>
public sealed class DiscrepancyOptions
{
    /// <summary>Largest change of a measurement, in millimetres, that still counts as minor.</summary>
    /// <value>Default 1 mm, the usual rounding step of a reported size.</value>
    public decimal MinorMeasurementToleranceMm { get; set; } = 1m;

    /// <summary>Smallest word-set similarity (Dice coefficient, 0 to 1) at which two sentences are paired as one edited sentence.</summary>
    /// <value>Default 0.5.</value>
    public double MinSentenceSimilarity { get; set; } = 0.5;
}
