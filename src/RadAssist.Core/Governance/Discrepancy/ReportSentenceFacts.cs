using System.Globalization;
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
/// Splits report text into sentences and reads the facts the discrepancy analysis needs: findings with negation,
/// sides and measurements.
/// </summary>
/// <remarks>
/// NOTE: this is a small lexicon-and-rules reader aimed at chest and general radiology wording (a NegEx-style
/// negation window that ends at "but", "however", a semicolon or a list item carrying its own measurement). Findings
/// outside the lexicon are compared only as wording.
/// </remarks>
internal static partial class ReportSentenceReader
{
    /// <summary>Finding terms, longest first so that "pleural effusion" wins over "effusion"; each maps to its type.</summary>
    private static readonly (string Term, string Type)[] FindingTerms = BuildFindingTerms(
        ("hydropneumothorax", "pneumothorax"),
        ("pneumothoraces", "pneumothorax"),
        ("pneumothorax", "pneumothorax"),
        ("pleural effusions", "pleural effusion"),
        ("pleural effusion", "pleural effusion"),
        ("pleural fluid", "pleural effusion"),
        ("effusions", "pleural effusion"),
        ("effusion", "pleural effusion"),
        ("pulmonary embolism", "pulmonary embolism"),
        ("pulmonary emboli", "pulmonary embolism"),
        ("aortic dissection", "aortic dissection"),
        ("pneumoperitoneum", "pneumoperitoneum"),
        ("free air", "pneumoperitoneum"),
        ("intracranial hemorrhage", "intracranial hemorrhage"),
        ("hemorrhage", "hemorrhage"),
        ("bowel obstruction", "bowel obstruction"),
        ("torsion", "torsion"),
        ("appendicitis", "appendicitis"),
        ("consolidations", "consolidation"),
        ("consolidation", "consolidation"),
        ("consolidative opacity", "consolidation"),
        ("airspace disease", "airspace disease"),
        ("air space disease", "airspace disease"),
        ("pneumonia", "pneumonia"),
        ("infiltrates", "infiltrate"),
        ("infiltrate", "infiltrate"),
        ("atelectasis", "atelectasis"),
        ("pulmonary edema", "pulmonary edema"),
        ("edema", "pulmonary edema"),
        ("vascular congestion", "vascular congestion"),
        ("congestion", "vascular congestion"),
        ("cardiomegaly", "cardiomegaly"),
        ("cardiac enlargement", "cardiomegaly"),
        ("emphysema", "emphysema"),
        ("hyperinflated", "hyperinflation"),
        ("hyperinflation", "hyperinflation"),
        ("nodular opacity", "nodule"),
        ("nodular opacities", "nodule"),
        ("nodules", "nodule"),
        ("nodule", "nodule"),
        ("masses", "mass"),
        ("mass", "mass"),
        ("opacities", "opacity"),
        ("opacity", "opacity"),
        ("granulomas", "granuloma"),
        ("granuloma", "granuloma"),
        ("lymphadenopathy", "lymphadenopathy"),
        ("lymph node", "lymph node"),
        ("fractures", "fracture"),
        ("fracture", "fracture"),
        ("hiatal hernia", "hiatal hernia"),
        ("hernia", "hernia"),
        ("hydroceles", "hydrocele"),
        ("hydrocele", "hydrocele"),
        ("cysts", "cyst"),
        ("cyst", "cyst"),
        ("metastatic disease", "metastasis"),
        ("metastases", "metastasis"),
        ("calcifications", "calcification"),
        ("calcification", "calcification"),
        ("collapse", "collapse"),
        ("scoliosis", "scoliosis"),
        ("degenerative changes", "degenerative changes"),
        ("thickening", "thickening"));

    /// <summary>Finding types that are critical results: findings to be communicated to the referring clinician at once.</summary>
    private static readonly HashSet<string> CriticalTypes = new(StringComparer.Ordinal)
    {
        "pneumothorax",
        "pulmonary embolism",
        "aortic dissection",
        "pneumoperitoneum",
        "intracranial hemorrhage",
        "bowel obstruction",
        "torsion",
        "appendicitis",
    };

    private static readonly char[] LeadingPunctuation = [',', ';', ':', ' ', '\t'];

    /// <summary>Splits text into sentences, dropping section headings and list numbers.</summary>
    public static IReadOnlyList<string> SplitSentences(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var sentences = new List<string>();
        foreach (var line in text.Replace("<BR>", "\n", StringComparison.OrdinalIgnoreCase).Split('\n'))
        {
            foreach (Match match in SentencePattern().Matches(line))
            {
                var sentence = HeadingPattern().Replace(match.Value.Trim().TrimStart(LeadingPunctuation), string.Empty);
                sentence = ListNumberPattern().Replace(sentence.TrimStart(LeadingPunctuation), string.Empty).Trim();
                if (sentence.Any(char.IsLetterOrDigit))
                {
                    sentences.Add(sentence);
                }
            }
        }

        return sentences;
    }

    /// <summary>Reads the facts of one sentence.</summary>
    public static ReportSentenceFacts Read(string sentence)
    {
        var lower = sentence.ToLowerInvariant();
        var words = WordPattern().Matches(lower).Select(m => m.Value).ToArray();
        var affirmed = new HashSet<string>(StringComparer.Ordinal);
        var negated = new HashSet<string>(StringComparer.Ordinal);

        foreach (var (type, position) in FindFindings(lower))
        {
            if (IsNegated(lower, position))
            {
                negated.Add(type);
            }
            else
            {
                affirmed.Add(type);
            }
        }

        // A type both denied and stated ("no other nodules" beside "a 6 mm nodule") is present.
        negated.ExceptWith(affirmed);

        return new ReportSentenceFacts(sentence, words, affirmed, negated, ReadSides(words), ReadMeasurements(lower));
    }

    /// <summary>Whether a finding type is a critical result.</summary>
    public static bool IsCritical(string findingType) => CriticalTypes.Contains(findingType);

    private static IEnumerable<(string Type, int Position)> FindFindings(string lower)
    {
        var taken = new bool[lower.Length];
        foreach (var (term, type) in FindingTerms)
        {
            var start = 0;
            while ((start = lower.IndexOf(term, start, StringComparison.Ordinal)) >= 0)
            {
                var end = start + term.Length;
                var wholeWord = (start == 0 || !char.IsLetter(lower[start - 1])) && (end == lower.Length || !char.IsLetter(lower[end]));
                if (wholeWord && !taken.AsSpan(start, term.Length).Contains(true))
                {
                    taken.AsSpan(start, term.Length).Fill(true);
                    yield return (type, start);
                }

                start = end;
            }
        }
    }

    /// <summary>
    /// Whether a negation cue governs the finding at a position: the nearest cue before it, with no scope
    /// terminator and no list item carrying its own measurement in between.
    /// </summary>
    private static bool IsNegated(string lower, int position)
    {
        var cue = NegationCuePattern().Matches(lower[..position]).LastOrDefault();
        if (cue is null)
        {
            return false;
        }

        var scope = lower[(cue.Index + cue.Length)..position];
        if (ScopeTerminatorPattern().IsMatch(scope))
        {
            return false;
        }

        // A cue reaches over a comma list ("no consolidation, effusion or pneumothorax"), but an item with its own
        // size ("no consolidation, 4 mm granuloma") is a stated finding, so the list ends there.
        var items = scope.Split(',');
        if (items.Any(item => MeasurementPattern().IsMatch(item)))
        {
            return false;
        }

        if (items.Length > 1)
        {
            var rest = lower[position..];
            var itemEnd = rest.IndexOf(',', StringComparison.Ordinal);
            var ownItem = itemEnd < 0 ? rest : rest[..itemEnd];
            if (MeasurementPattern().IsMatch(ownItem))
            {
                return false;
            }
        }

        return true;
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

    private static List<decimal> ReadMeasurements(string lower)
    {
        var values = new List<decimal>();
        foreach (Match match in MeasurementPattern().Matches(lower))
        {
            var factor = match.Groups["unit"].Value.StartsWith('c') ? 10m : 1m;
            foreach (Match number in NumberPattern().Matches(match.Groups["numbers"].Value))
            {
                values.Add(decimal.Parse(number.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * factor);
            }
        }

        return values;
    }

    private static (string Term, string Type)[] BuildFindingTerms(params (string Term, string Type)[] terms) =>
        terms.OrderByDescending(t => t.Term.Length).ToArray();

    // A sentence ends at . ! ? followed by white space or the end, but a decimal point (digit.digit) does not end it.
    [GeneratedRegex(@"[^.!?]+(?:(?<=\d)\.(?=\d)[^.!?]*)*(?:[.!?]+|$)", RegexOptions.CultureInvariant)]
    private static partial Regex SentencePattern();

    [GeneratedRegex(@"^[A-Z][A-Z /]{2,40}:\s*", RegexOptions.CultureInvariant)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^\d{1,2}[.)]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex ListNumberPattern();

    [GeneratedRegex(@"[a-z0-9]+(?:\.[0-9]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    // "no change in", "no interval change" and similar report stability, not absence, so they are not cues.
    [GeneratedRegex(
        @"\b(?:no(?!\s+(?:significant\s+|interval\s+|appreciable\s+)?change)|without|negative\s+for|free\s+of|absence\s+of|not\s+(?:seen|identified|present)|resolved|clear\s+of|nor)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex NegationCuePattern();

    [GeneratedRegex(@"\b(?:but|however|although|except|which|with)\b|;", RegexOptions.CultureInvariant)]
    private static partial Regex ScopeTerminatorPattern();

    [GeneratedRegex(
        @"(?<numbers>\d+(?:\.\d+)?(?:\s*(?:x|×|by|-|to|and)\s*\d+(?:\.\d+)?)*)\s*(?<unit>mm|cm|millimeters?|centimeters?)\b",
        RegexOptions.CultureInvariant)]
    private static partial Regex MeasurementPattern();

    [GeneratedRegex(@"\d+(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();
}
