using System.Text.RegularExpressions;

namespace RadAssist.Governance;

/// <summary>The facts of one report sentence that the discrepancy analysis compares.</summary>
/// <param name="Text">The sentence as written.</param>
/// <param name="Words">Lower-case words, without punctuation.</param>
/// <param name="AffirmedFindings">Finding types the sentence states as present.</param>
/// <param name="NegatedFindings">Finding types the sentence denies.</param>
/// <param name="Sides">Sides the sentence names: left, right or bilateral.</param>
/// <param name="MeasurementsMm">Sizes in millimetres, in the order written.</param>
internal sealed record ReportSentenceFacts(
    string Text,
    IReadOnlyList<string> Words,
    IReadOnlySet<string> AffirmedFindings,
    IReadOnlySet<string> NegatedFindings,
    IReadOnlySet<Laterality> Sides,
    IReadOnlyList<decimal> MeasurementsMm);

/// <summary>
/// Splits report text into sentences and reads the facts the discrepancy analysis needs, with
/// <see cref="ReportAnalyzer"/>: findings with negation, sides and measurements.
/// </summary>
/// <remarks>
/// Findings outside the analyzer's vocabulary are compared only as wording. A hedged finding ("possible pneumonia")
/// counts as stated, and a resolved one as denied.
/// </remarks>
internal static partial class ReportSentenceReader
{
    private static readonly ReportAnalyzer Analyzer = new();

    /// <summary>Splits text into sentences, dropping section headings and list numbers, and reads each one.</summary>
    public static ReportSentenceFacts[] ReadAll(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var analysis = Analyzer.Analyze(text.Replace("<BR>", "\n", StringComparison.OrdinalIgnoreCase));
        var facts = new List<ReportSentenceFacts>(analysis.Sentences.Count);
        foreach (var sentence in analysis.Sentences)
        {
            var withoutNumber = ListNumberPattern().Replace(sentence.Text, string.Empty).Trim();
            if (withoutNumber.Any(char.IsLetterOrDigit))
            {
                facts.Add(Read(withoutNumber, sentence));
            }
        }

        return [.. facts];
    }

    /// <summary>Whether a finding type is a critical result in the analyzer's default lexicon.</summary>
    public static bool IsCritical(string findingType) => CriticalResultDetector.DefaultLexicon.ContainsKey(findingType);

    private static ReportSentenceFacts Read(string text, ReportSentence sentence)
    {
        var words = WordPattern().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToArray();
        var affirmed = new HashSet<string>(StringComparer.Ordinal);
        var negated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var finding in sentence.Findings)
        {
            if (finding.Negated || finding.Temporal == TemporalChange.Resolved)
            {
                negated.Add(finding.Type);
            }
            else
            {
                affirmed.Add(finding.Type);
            }
        }

        // A type both denied and stated ("no other nodules" beside "a 6 mm nodule") is present.
        negated.ExceptWith(affirmed);

        var sizes = new List<decimal>();
        foreach (var measurement in sentence.Measurements)
        {
            sizes.AddRange(measurement.ValuesMm);
        }

        return new ReportSentenceFacts(text, words, affirmed, negated, ReadSides(words), sizes);
    }

    private static HashSet<Laterality> ReadSides(IReadOnlyList<string> words)
    {
        var sides = new HashSet<Laterality>();
        foreach (var word in words)
        {
            switch (word)
            {
                case "left":
                    sides.Add(Laterality.Left);
                    break;
                case "right":
                    sides.Add(Laterality.Right);
                    break;
                case "bilateral":
                case "bilaterally":
                case "both":
                case "bibasilar":
                    sides.Add(Laterality.Bilateral);
                    break;
            }
        }

        return sides;
    }

    [GeneratedRegex(@"^\d{1,2}[.)]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex ListNumberPattern();

    [GeneratedRegex(@"[a-z0-9]+(?:\.[0-9]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();
}
