using System.Globalization;
using System.Text.RegularExpressions;

namespace RadAssist.Governance;

/// <summary>
/// Compares a draft with the report the radiologist signed: aligns their sentences, and finds findings added or
/// removed, changed measurements and sides, and critical findings the draft missed, each classed minor or major.
/// </summary>
/// <remarks>
/// Findings are compared per report: a finding type stated anywhere in the signed report and nowhere in the draft
/// is added, and the reverse is removed. Sides and measurements are compared per aligned sentence pair. The sentence
/// reader matches a fixed lexicon of common radiology findings, so other changes are reported as wording.
/// The analyzer is stateless and safe for concurrent use.
/// </remarks>
public sealed partial class DiscrepancyAnalyzer
{
    private readonly DiscrepancyOptions _options;

    /// <summary>Creates an analyzer.</summary>
    /// <param name="options">Thresholds; the defaults when omitted.</param>
    /// <exception cref="ArgumentOutOfRangeException">The tolerance is negative or the similarity is outside 0 to 1.</exception>
    public DiscrepancyAnalyzer(DiscrepancyOptions? options = null)
    {
        _options = options ?? new DiscrepancyOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(_options.MinorMeasurementToleranceMm, "options.MinorMeasurementToleranceMm");
        if (_options.MinSentenceSimilarity is < 0 or > 1 || double.IsNaN(_options.MinSentenceSimilarity))
        {
            throw new ArgumentOutOfRangeException(
                "options.MinSentenceSimilarity",
                _options.MinSentenceSimilarity,
                "The minimum sentence similarity must be between 0 and 1.");
        }
    }

    /// <summary>Compares a draft with the signed report.</summary>
    /// <param name="draft">The draft; its sections are read in order.</param>
    /// <param name="signedText">The signed report text, headings allowed.</param>
    public DiscrepancyReport Analyze(DraftReport draft, string signedText)
    {
        ArgumentNullException.ThrowIfNull(draft);
        return Analyze(DraftText.Render(draft), signedText);
    }

    /// <summary>Compares a draft text with the signed report text.</summary>
    /// <param name="draftText">The draft text, headings allowed.</param>
    /// <param name="signedText">The signed report text, headings allowed.</param>
    public DiscrepancyReport Analyze(string draftText, string signedText)
    {
        ArgumentNullException.ThrowIfNull(draftText);
        ArgumentNullException.ThrowIfNull(signedText);

        var draft = ReportSentenceReader.ReadAll(draftText);
        var signed = ReportSentenceReader.ReadAll(signedText);
        var pairs = Align(draft, signed);

        var discrepancies = new List<Discrepancy>();
        var draftFindings = Union(draft);
        var signedFindings = Union(signed);
        AddFindingChanges(pairs, draftFindings, signedFindings, discrepancies);
        AddSentenceChanges(pairs, draftFindings, signedFindings, discrepancies);

        var draftWords = draft.SelectMany(s => s.Words).ToArray();
        var signedWords = signed.SelectMany(s => s.Words).ToArray();
        var distance = WordEditDistance(draftWords, signedWords);
        var longer = Math.Max(draftWords.Length, signedWords.Length);
        var unchanged = string.Equals(
            WhiteSpacePattern().Replace(draftText.Trim(), " "),
            WhiteSpacePattern().Replace(signedText.Trim(), " "),
            StringComparison.Ordinal);

        var alignments = pairs
            .Select(p => new SentenceAlignment(p.Draft?.Text, p.Signed?.Text, p.Change, p.Similarity))
            .ToArray();
        return new DiscrepancyReport(alignments, discrepancies, distance, longer == 0 ? 0 : (double)distance / longer, unchanged);
    }

    private static void AddFindingChanges(
        List<AlignedPair> pairs,
        HashSet<string> draftFindings,
        HashSet<string> signedFindings,
        List<Discrepancy> discrepancies)
    {
        foreach (var type in signedFindings.Except(draftFindings).Order(StringComparer.Ordinal))
        {
            var sentence = pairs.FirstOrDefault(p => p.Signed?.AffirmedFindings.Contains(type) == true);
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.FindingAdded,
                DiscrepancySeverity.Major,
                $"The signed report states {type}, which the draft did not.",
                sentence?.Draft?.Text,
                sentence?.Signed?.Text));
            if (ReportSentenceReader.IsCritical(type))
            {
                discrepancies.Add(new Discrepancy(
                    DiscrepancyKind.CriticalFindingMissed,
                    DiscrepancySeverity.Major,
                    $"The draft missed the critical finding {type}.",
                    sentence?.Draft?.Text,
                    sentence?.Signed?.Text));
            }
        }

        foreach (var type in draftFindings.Except(signedFindings).Order(StringComparer.Ordinal))
        {
            var sentence = pairs.FirstOrDefault(p => p.Draft?.AffirmedFindings.Contains(type) == true);
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.FindingRemoved,
                DiscrepancySeverity.Major,
                $"The draft stated {type}, which the signed report does not.",
                sentence?.Draft?.Text,
                sentence?.Signed?.Text));
        }
    }

    private void AddSentenceChanges(
        List<AlignedPair> pairs,
        HashSet<string> draftFindings,
        HashSet<string> signedFindings,
        List<Discrepancy> discrepancies)
    {
        foreach (var pair in pairs)
        {
            switch (pair.Change)
            {
                case SentenceChange.Added when !pair.Signed!.AffirmedFindings.Any(f => !draftFindings.Contains(f)):
                    discrepancies.Add(new Discrepancy(
                        DiscrepancyKind.SentenceAdded,
                        DiscrepancySeverity.Minor,
                        "The signed report adds a sentence with no new finding.",
                        null,
                        pair.Signed.Text));
                    break;

                case SentenceChange.Removed when !pair.Draft!.AffirmedFindings.Any(f => !signedFindings.Contains(f)):
                    discrepancies.Add(new Discrepancy(
                        DiscrepancyKind.SentenceRemoved,
                        DiscrepancySeverity.Minor,
                        "The signed report drops a draft sentence whose findings it keeps elsewhere or that stated none.",
                        pair.Draft.Text,
                        null));
                    break;

                case SentenceChange.Edited:
                    AddEditedSentenceChanges(pair, discrepancies);
                    break;
            }
        }
    }

    private void AddEditedSentenceChanges(AlignedPair pair, List<Discrepancy> discrepancies)
    {
        var draft = pair.Draft!;
        var signed = pair.Signed!;
        var found = false;

        if (!draft.Sides.SetEquals(signed.Sides))
        {
            found = true;
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.LateralityChanged,
                DiscrepancySeverity.Major,
                $"The side changed from {FormatSides(draft.Sides)} to {FormatSides(signed.Sides)}.",
                draft.Text,
                signed.Text));
        }

        if (!draft.MeasurementsMm.SequenceEqual(signed.MeasurementsMm))
        {
            found = true;
            var withinTolerance = draft.MeasurementsMm.Count == signed.MeasurementsMm.Count
                && draft.MeasurementsMm.Zip(signed.MeasurementsMm)
                    .All(v => Math.Abs(v.First - v.Second) <= _options.MinorMeasurementToleranceMm);
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.MeasurementChanged,
                withinTolerance ? DiscrepancySeverity.Minor : DiscrepancySeverity.Major,
                $"The measurements changed from {FormatMm(draft.MeasurementsMm)} to {FormatMm(signed.MeasurementsMm)}.",
                draft.Text,
                signed.Text));
        }

        // Findings that appear or disappear within the pair are reported per report by AddFindingChanges.
        var findingsChanged = !draft.AffirmedFindings.SetEquals(signed.AffirmedFindings);
        if (!found && !findingsChanged)
        {
            discrepancies.Add(new Discrepancy(
                DiscrepancyKind.Wording,
                DiscrepancySeverity.Minor,
                "The sentence was reworded without changing its findings, sides or measurements.",
                draft.Text,
                signed.Text));
        }
    }

    /// <summary>
    /// Pairs sentences in order by dynamic programming, maximizing the summed similarity of the pairs; sentences
    /// below the similarity threshold stay unpaired (added or removed).
    /// </summary>
    private List<AlignedPair> Align(ReportSentenceFacts[] draft, ReportSentenceFacts[] signed)
    {
        var score = new double[draft.Length + 1, signed.Length + 1];
        for (var i = draft.Length - 1; i >= 0; i--)
        {
            for (var j = signed.Length - 1; j >= 0; j--)
            {
                var similarity = Similarity(draft[i], signed[j]);
                var paired = similarity >= _options.MinSentenceSimilarity ? similarity + score[i + 1, j + 1] : double.MinValue;
                score[i, j] = Math.Max(paired, Math.Max(score[i + 1, j], score[i, j + 1]));
            }
        }

        var pairs = new List<AlignedPair>();
        int d = 0, s = 0;
        while (d < draft.Length || s < signed.Length)
        {
            if (d == draft.Length)
            {
                pairs.Add(new AlignedPair(null, signed[s++], SentenceChange.Added, 0));
                continue;
            }

            if (s == signed.Length)
            {
                pairs.Add(new AlignedPair(draft[d++], null, SentenceChange.Removed, 0));
                continue;
            }

            var similarity = Similarity(draft[d], signed[s]);
            if (similarity >= _options.MinSentenceSimilarity && score[d, s] == similarity + score[d + 1, s + 1])
            {
                var change = draft[d].Words.SequenceEqual(signed[s].Words) ? SentenceChange.Unchanged : SentenceChange.Edited;
                pairs.Add(new AlignedPair(draft[d++], signed[s++], change, similarity));
            }
            else if (score[d, s] == score[d + 1, s])
            {
                pairs.Add(new AlignedPair(draft[d++], null, SentenceChange.Removed, 0));
            }
            else
            {
                pairs.Add(new AlignedPair(null, signed[s++], SentenceChange.Added, 0));
            }
        }

        return pairs;
    }

    /// <summary>Dice coefficient of the two sentences' word sets.</summary>
    private static double Similarity(ReportSentenceFacts first, ReportSentenceFacts second)
    {
        var a = first.Words.ToHashSet(StringComparer.Ordinal);
        var b = second.Words.ToHashSet(StringComparer.Ordinal);
        if (a.Count + b.Count == 0)
        {
            return 1;
        }

        var common = a.Count(b.Contains);
        return 2.0 * common / (a.Count + b.Count);
    }

    private static int WordEditDistance(string[] source, string[] target)
    {
        var previous = new int[target.Length + 1];
        var current = new int[target.Length + 1];
        for (var j = 0; j <= target.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= source.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= target.Length; j++)
            {
                var substitution = previous[j - 1] + (string.Equals(source[i - 1], target[j - 1], StringComparison.Ordinal) ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j] + 1, current[j - 1] + 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[target.Length];
    }

    private static HashSet<string> Union(IEnumerable<ReportSentenceFacts> sentences) =>
        sentences.SelectMany(s => s.AffirmedFindings).ToHashSet(StringComparer.Ordinal);

    private static string FormatSides(IReadOnlySet<Laterality> sides) =>
        sides.Count == 0 ? "none" : string.Join(" and ", sides.Order().Select(s => s.ToString().ToLowerInvariant()));

    private static string FormatMm(IReadOnlyList<decimal> values) =>
        values.Count == 0
            ? "none"
            : string.Join(", ", values.Select(v => v.ToString("0.##", CultureInfo.InvariantCulture))) + " mm";

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex WhiteSpacePattern();

    private sealed record AlignedPair(ReportSentenceFacts? Draft, ReportSentenceFacts? Signed, SentenceChange Change, double Similarity);
}

/// <summary>Renders a draft as plain report text: each section's title followed by its sentences.</summary>
internal static class DraftText
{
    public static string Render(DraftReport draft)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var section in draft.Sections)
        {
            builder.Append(section.Title.ToUpperInvariant()).Append(':').Append('\n');
            foreach (var sentence in section.Sentences)
            {
                builder.Append(sentence.Text.Trim());
                builder.Append(sentence.Text.TrimEnd().EndsWith('.') ? " " : ". ");
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }
}
