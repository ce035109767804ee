using System.Text.RegularExpressions;

namespace RadAssist.Generation;

/// <summary>A section of a report text: its normalized heading and its body.</summary>
/// <param name="Heading">Upper-case heading such as <c>FINDINGS</c>, or empty for text before any heading.</param>
/// <param name="Body">The text of the section.</param>
internal sealed record ReportTextSection(string Heading, string Body);

/// <summary>Splits report text into sections and sentences.</summary>
internal static partial class ReportText
{
    // Headings radiologists write in capitals, followed by a colon; "REASON FOR EXAM" and "CLINICAL HISTORY" style
    // multi-word headings included. Lower-case words followed by a colon ("Lungs:") are sentence content, not headings.
    [GeneratedRegex(
        @"(?<![A-Za-z])(?<heading>EXAM(?:INATION)?|PROCEDURE|CLINICAL (?:HISTORY|INDICATION|INFORMATION)|HISTORY|INDICATIONS?|REASON FOR (?:EXAM(?:INATION)?|STUDY)|TECHNIQUE|COMPARISONS?|FINDINGS|IMPRESSIONS?|CONCLUSIONS?|RECOMMENDATIONS?|OPINION)\s*:",
        RegexOptions.CultureInvariant)]
    private static partial Regex HeadingPattern();

    private static readonly string[] Abbreviations =
        ["dr", "vs", "e.g", "i.e", "a.m", "p.m", "approx", "no", "fig", "mr", "mrs", "ms", "st", "cf", "etc"];

    /// <summary>Splits a text at its capitalized headings.</summary>
    public static IReadOnlyList<ReportTextSection> SplitSections(string text)
    {
        var sections = new List<ReportTextSection>();
        var matches = HeadingPattern().Matches(text);
        var position = 0;
        var heading = string.Empty;
        foreach (Match match in matches)
        {
            AddSection(sections, heading, text[position..match.Index]);
            heading = NormalizeHeading(match.Groups["heading"].Value);
            position = match.Index + match.Length;
        }

        AddSection(sections, heading, text[position..]);
        return sections;
    }

    /// <summary>Splits a text into sentences, keeping decimals, abbreviations and list numbers intact.</summary>
    public static IReadOnlyList<string> SplitSentences(string text)
    {
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\r')
            {
                // A blank line or a line that starts a numbered item ends a sentence; a wrapped line does not.
                if (IsParagraphBreak(text, i))
                {
                    Add(sentences, text[start..i]);
                    start = i + 1;
                }

                continue;
            }

            if (c is not ('.' or '?' or '!' or ';'))
            {
                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : ' ';
            if (c == '.' && (char.IsAsciiDigit(next) || IsListNumber(text, start, i) || IsAbbreviation(text, i)))
            {
                continue;
            }

            if (c != ';' && !(char.IsWhiteSpace(next) || next == ',' || i + 1 == text.Length))
            {
                continue;
            }

            Add(sentences, text[start..(i + 1)]);
            start = i + 1;
        }

        Add(sentences, text[start..]);
        return sentences;
    }

    private static bool IsParagraphBreak(string text, int index)
    {
        var j = index + 1;
        while (j < text.Length && text[j] is ' ' or '\t' or '\r')
        {
            j++;
        }

        return j >= text.Length || text[j] == '\n' || (char.IsAsciiDigit(text[j]) && j + 1 < text.Length && text[j + 1] is '.' or ')');
    }

    // "1." or "2)" at the start of a sentence numbers a list item and does not end the sentence.
    private static bool IsListNumber(string text, int start, int dot)
    {
        var segment = text.AsSpan(start, dot - start).Trim();
        return segment.Length is > 0 and <= 2 && segment.ToString().All(char.IsAsciiDigit);
    }

    private static bool IsAbbreviation(string text, int dot)
    {
        var wordStart = dot;
        while (wordStart > 0 && (char.IsAsciiLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text[wordStart..dot].ToLowerInvariant();
        if (!Abbreviations.Contains(word))
        {
            return false;
        }

        // "No." ends a sentence unless a number follows ("No. 3").
        return word != "no" || (dot + 2 < text.Length && char.IsAsciiDigit(text[dot + 2]));
    }

    private static void Add(List<string> sentences, string candidate)
    {
        var sentence = string.Join(' ', candidate.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Trim(' ', ',');
        if (sentence.Length > 0 && sentence.Any(char.IsLetterOrDigit) && sentence != ".")
        {
            sentences.Add(sentence);
        }
    }

    private static void AddSection(List<ReportTextSection> sections, string heading, string body)
    {
        var trimmed = body.Trim().Trim(',').Trim();
        if (trimmed.Length > 0 || heading.Length > 0)
        {
            sections.Add(new ReportTextSection(heading, trimmed));
        }
    }

    private static string NormalizeHeading(string heading) => heading switch
    {
        "IMPRESSIONS" or "CONCLUSION" or "CONCLUSIONS" or "OPINION" => "IMPRESSION",
        "COMPARISONS" => "COMPARISON",
        "INDICATIONS" or "CLINICAL INDICATION" or "CLINICAL HISTORY" or "CLINICAL INFORMATION" or "HISTORY"
            or "REASON FOR EXAM" or "REASON FOR EXAMINATION" or "REASON FOR STUDY" => "INDICATION",
        "EXAMINATION" or "PROCEDURE" => "EXAM",
        "RECOMMENDATIONS" => "RECOMMENDATION",
        _ => heading,
    };
}
