using System.Globalization;
using System.Text.RegularExpressions;

namespace RadAssist.Llm.Grounding;

/// <summary>
/// The small part of report-language analysis the grounding check needs: sentences, measurements in millimetres,
/// laterality, negation and content words.
/// </summary>
internal static partial class ReportLanguage
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "with", "is", "are", "was", "were", "be", "been",
        "has", "have", "had", "there", "this", "that", "these", "those", "it", "its", "as", "by", "for", "from", "which",
        "again", "noted", "seen", "demonstrated", "redemonstrated", "identified", "present", "visualized", "appears",
        "appear", "unchanged", "stable", "stability", "interval", "since", "prior", "previous", "previously", "compared",
        "comparison", "exam", "examination", "study", "current", "currently", "today", "now", "persistent", "persists",
        "remains", "remain", "measuring", "measures", "measured", "measure", "measurement", "approximately", "about",
        "size", "new", "increased", "increase", "decreased", "decrease", "resolved", "resolution", "change", "changes",
        "changed", "mm", "cm", "also", "still", "significant", "significantly", "mildly", "slightly", "overall", "which",
        "not", "no", "without", "evidence", "findings", "finding", "impression", "consistent", "likely", "most", "x",
        "left", "right", "bilateral", "bilaterally", "both", "also", "grossly", "essentially", "otherwise", "similar",
        "appearance", "similarly", "dated", "date", "report", "reported", "described", "well", "redemonstration",
    };

    [GeneratedRegex(
        @"(?<first>\d+(?:\.\d+)?)(?<more>(?:\s*(?:x|×|by)\s*\d+(?:\.\d+)?)*)(?:\s*(?:to|-|–)\s*(?<high>\d+(?:\.\d+)?))?\s*(?<unit>mm|cm|m)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture)]
    private static partial Regex MeasurementPattern();

    [GeneratedRegex(@"\d+(?:\.\d+)?", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[a-z]+", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(
        @"\b(?:no|without|negative for|free of|absent|not|neither|nor|ruled out)\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex NegationCue();

    // "No change in 5 mm nodule" reports stability, not absence.
    [GeneratedRegex(
        @"\bno\s+(?:significant\s+|interval\s+|appreciable\s+)*(?:change|changes|progression)\b|\bnot\s+(?:significantly\s+)?changed\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PseudoNegation();

    [GeneratedRegex(
        @"^\s*(?:[A-Z][A-Z ]{2,40}:\s*)+",
        RegexOptions.CultureInvariant)]
    private static partial Regex LeadingHeading();

    /// <summary>
    /// Splits report text into sentences at sentence-ending punctuation followed by a space, and at line breaks, so
    /// decimals such as <c>1.2 cm</c>, abbreviations such as <c>Dr.</c> and list numbers such as <c>1.</c> stay whole.
    /// </summary>
    public static List<string> SplitSentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var atLineBreak = c == '\n';
            var atEnd = c is '.' or '?' or '!' && (i + 1 == text.Length || char.IsWhiteSpace(text[i + 1]));
            if (!atLineBreak && !atEnd)
            {
                continue;
            }

            if (atEnd && c == '.' && (IsListNumber(text, start, i) || IsAbbreviation(text, i)))
            {
                continue;
            }

            Add(sentences, text[start..(atLineBreak ? i : i + 1)]);
            start = i + 1;
        }

        Add(sentences, text[start..]);
        return sentences;
    }

    /// <summary>Returns every measured value of a text in millimetres, range ends and dimensions included.</summary>
    public static List<decimal> MeasurementsMm(string text)
    {
        var values = new List<decimal>();
        foreach (Match match in MeasurementPattern().Matches(text))
        {
            var factor = match.Groups["unit"].Value.ToLowerInvariant() switch
            {
                "cm" => 10m,
                "m" => 1000m,
                _ => 1m,
            };

            values.Add(Parse(match.Groups["first"].Value) * factor);
            foreach (Match number in NumberPattern().Matches(match.Groups["more"].Value))
            {
                values.Add(Parse(number.Value) * factor);
            }

            if (match.Groups["high"].Success)
            {
                values.Add(Parse(match.Groups["high"].Value) * factor);
            }
        }

        return values;
    }

    /// <summary>Returns the sides a text names.</summary>
    public static Sides SidesOf(string text)
    {
        var sides = Sides.None;
        foreach (Match word in WordPattern().Matches(text.ToLowerInvariant()))
        {
            sides |= word.Value switch
            {
                "left" => Sides.Left,
                "right" => Sides.Right,
                "bilateral" or "bilaterally" or "both" => Sides.Left | Sides.Right,
                _ => Sides.None,
            };
        }

        return sides;
    }

    /// <summary>Returns the sides a laterality value names.</summary>
    public static Sides SidesOf(Laterality laterality) => laterality switch
    {
        Laterality.Left => Sides.Left,
        Laterality.Right => Sides.Right,
        Laterality.Bilateral => Sides.Left | Sides.Right,
        _ => Sides.None,
    };

    /// <summary>Whether the text denies something ("no effusion"), leaving out "no change" and its kin.</summary>
    public static bool IsNegated(string text) => NegationCue().IsMatch(PseudoNegation().Replace(text, " "));

    /// <summary>Returns the lower-case content words of a text, plural "s" removed, without stop words and numbers.</summary>
    public static HashSet<string> ContentWords(string text)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in WordPattern().Matches(text.ToLowerInvariant()))
        {
            var word = match.Value;
            if (word.Length < 2 || StopWords.Contains(word))
            {
                continue;
            }

            words.Add(word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal)
                ? word[..^1]
                : word);
        }

        return words;
    }

    /// <summary>Removes a leading capitalized heading such as <c>FINDINGS:</c> from a sentence.</summary>
    public static string WithoutHeading(string sentence) => LeadingHeading().Replace(sentence, string.Empty);

    private static decimal Parse(string text) => decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static bool IsListNumber(string text, int start, int dot)
    {
        var segment = text.AsSpan(start, dot - start).Trim();
        return segment.Length is > 0 and <= 2 && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out _);
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var wordStart = dot;
        while (wordStart > 0 && char.IsAsciiLetter(text[wordStart - 1]))
        {
            wordStart--;
        }

        return text.AsSpan(wordStart, dot - wordStart) switch
        {
            "Dr" or "dr" or "Mr" or "Mrs" or "Ms" or "vs" or "approx" or "e.g" or "i.e" or "St" => true,
            _ => false,
        };
    }

    private static void Add(List<string> sentences, string candidate)
    {
        var sentence = string.Join(' ', candidate.Split((char[])[' ', '\t', '\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        if (sentence.Any(char.IsLetterOrDigit))
        {
            sentences.Add(sentence);
        }
    }
}

/// <summary>Sides of the body a text names.</summary>
[Flags]
internal enum Sides
{
    None = 0,
    Left = 1,
    Right = 2,
}
