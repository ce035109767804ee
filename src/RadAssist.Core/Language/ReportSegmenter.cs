using System.Collections.Frozen;
using System.Text;

namespace RadAssist.Language;

/// <summary>A section found by <see cref="ReportSegmenter"/>, with its sentences.</summary>
internal sealed record SegmentedSection(ReportSectionKind Kind, string? Heading, string Text, IReadOnlyList<string> Sentences);

/// <summary>Splits report text into sections at their headings and each section into sentences.</summary>
/// <remarks>
/// A heading is a known heading word or phrase followed by a colon, or any phrase of capitals followed by a colon,
/// at the start of the text, of a line or of a sentence. Flattened exports that put ",SECTION:," between sections
/// are handled the same way. Sentence ends are full stops, question and exclamation marks followed by a space or a
/// comma and a capital, digit or opening bracket, blank lines, and line breaks before a numbered or bulleted list
/// item. Decimal points ("1.2 cm"), the abbreviations in <see cref="Abbreviations"/> ("Dr.", "vs.") and list
/// numbers ("2. Stable", "1.No") never end a sentence. A single line break inside a sentence is a space.
/// </remarks>
internal static class ReportSegmenter
{
    private static readonly FrozenDictionary<string, ReportSectionKind> KnownHeadings = new Dictionary<string, ReportSectionKind>
    {
        ["EXAM"] = ReportSectionKind.Examination,
        ["EXAMINATION"] = ReportSectionKind.Examination,
        ["EXAMINATIONS"] = ReportSectionKind.Examination,
        ["EXAMINATION PERFORMED"] = ReportSectionKind.Examination,
        ["TYPE OF EXAM"] = ReportSectionKind.Examination,
        ["PROCEDURE"] = ReportSectionKind.Examination,
        ["STUDY"] = ReportSectionKind.Examination,
        ["CLINICAL HISTORY"] = ReportSectionKind.ClinicalHistory,
        ["HISTORY"] = ReportSectionKind.ClinicalHistory,
        ["INDICATION"] = ReportSectionKind.ClinicalHistory,
        ["INDICATIONS"] = ReportSectionKind.ClinicalHistory,
        ["CLINICAL INDICATION"] = ReportSectionKind.ClinicalHistory,
        ["CLINICAL INDICATIONS"] = ReportSectionKind.ClinicalHistory,
        ["CLINICAL INFORMATION"] = ReportSectionKind.ClinicalHistory,
        ["CLINICAL DATA"] = ReportSectionKind.ClinicalHistory,
        ["CLINICAL HISTORY/INDICATION"] = ReportSectionKind.ClinicalHistory,
        ["REASON FOR EXAM"] = ReportSectionKind.ClinicalHistory,
        ["REASON FOR EXAMINATION"] = ReportSectionKind.ClinicalHistory,
        ["REASON FOR STUDY"] = ReportSectionKind.ClinicalHistory,
        ["TECHNIQUE"] = ReportSectionKind.Technique,
        ["TECHNIQUES"] = ReportSectionKind.Technique,
        ["PROTOCOL"] = ReportSectionKind.Technique,
        ["COMPARISON"] = ReportSectionKind.Comparison,
        ["COMPARISONS"] = ReportSectionKind.Comparison,
        ["PRIOR STUDY"] = ReportSectionKind.Comparison,
        ["PRIOR STUDIES"] = ReportSectionKind.Comparison,
        ["FINDINGS"] = ReportSectionKind.Findings,
        ["FINDING"] = ReportSectionKind.Findings,
        ["REPORT"] = ReportSectionKind.Findings,
        ["DESCRIPTION"] = ReportSectionKind.Findings,
        ["IMPRESSION"] = ReportSectionKind.Impression,
        ["IMPRESSIONS"] = ReportSectionKind.Impression,
        ["CONCLUSION"] = ReportSectionKind.Impression,
        ["CONCLUSIONS"] = ReportSectionKind.Impression,
        ["SUMMARY"] = ReportSectionKind.Impression,
        ["OPINION"] = ReportSectionKind.Impression,
        ["INTERPRETATION"] = ReportSectionKind.Impression,
        ["RECOMMENDATION"] = ReportSectionKind.Recommendation,
        ["RECOMMENDATIONS"] = ReportSectionKind.Recommendation,
        ["FOLLOW-UP"] = ReportSectionKind.Recommendation,
        ["FOLLOW UP"] = ReportSectionKind.Recommendation,
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> Abbreviations = new[]
    {
        "dr", "mr", "mrs", "ms", "vs", "e.g", "i.e", "eg", "ie", "a.m", "p.m", "approx", "fig", "figs", "st", "etc", "cf", "no", "nos",
        "ca", "inc", "jr", "sr", "prof", "resp", "max", "min", "img", "ser", "ant", "post", "lat", "sag", "cor", "ax",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup =
        Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    // Sentence buffer kept between calls on the same thread.
    [ThreadStatic]
    private static char[]? t_buffer;

    /// <summary>Splits a report into sections and sentences.</summary>
    public static IReadOnlyList<SegmentedSection> Segment(string text)
    {
        var sections = new List<SegmentedSection>();
        var headings = FindHeadings(text);

        var bodyStart = 0;
        ReportSectionKind kind = ReportSectionKind.Unlabeled;
        string? heading = null;
        foreach (var (start, end, name, headingKind) in headings)
        {
            AddSection(sections, kind, heading, text.AsSpan(bodyStart, start - bodyStart));
            kind = headingKind;
            heading = name;
            bodyStart = end;
        }

        AddSection(sections, kind, heading, text.AsSpan(bodyStart));
        return sections;
    }

    /// <summary>Splits text without headings into sentences.</summary>
    public static List<string> SplitSentences(string text) => SplitSentences(text.AsSpan());

    /// <summary>Splits text without headings into sentences.</summary>
    public static List<string> SplitSentences(ReadOnlySpan<char> text)
    {
        var sentences = new List<string>();
        var current = new SentenceBuffer(t_buffer ??= new char[256]);
        var pendingSpace = false;

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];

            if (c is '\n' or '\r')
            {
                var lineEnd = i;
                var next = SkipWhitespace(text, i, out var blankLine);
                if (blankLine || StartsListItem(text, next))
                {
                    current.FlushTo(sentences);
                    pendingSpace = false;
                }
                else
                {
                    pendingSpace = current.Length > 0;
                }

                i = Math.Max(lineEnd, next - 1);
                continue;
            }

            if (char.IsWhiteSpace(c))
            {
                pendingSpace = current.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                current.Append(' ');
                pendingSpace = false;
            }

            // A comma glued to the start of a sentence is an export artefact (",SECTION:," flattening).
            if (current.Length == 0 && c is ',' or ';')
            {
                continue;
            }

            current.Append(c);

            if (c is '.' or '!' or '?' && EndsSentence(text, i, current.Written))
            {
                current.FlushTo(sentences);
                pendingSpace = false;
            }
        }

        current.FlushTo(sentences);
        t_buffer = current.Array;
        return sentences;
    }

    private static void AddSection(List<SegmentedSection> sections, ReportSectionKind kind, string? heading, ReadOnlySpan<char> body)
    {
        var trimmed = body.Trim().Trim(",;").Trim();
        if (trimmed.IsEmpty && heading is null)
        {
            return;
        }

        sections.Add(new SegmentedSection(kind, heading, trimmed.ToString(), SplitSentences(trimmed)));
    }

    // A heading ends with a colon that is not part of a time ("10:30"). Scanning back from each colon keeps the cost
    // linear in the text length, which matters because most report text has few colons.
    private static List<(int Start, int End, string Name, ReportSectionKind Kind)> FindHeadings(string text)
    {
        var headings = new List<(int, int, string, ReportSectionKind)>();
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        while (colon >= 0)
        {
            if (!(colon + 1 < text.Length && char.IsDigit(text[colon + 1])) && TryReadHeading(text, colon, out var start, out var name))
            {
                var normalized = CollapseWhitespace(name);
                if (KnownHeadings.TryGetValue(normalized, out var kind))
                {
                    headings.Add((start, colon + 1, name, kind));
                }
                else if (IsCapitalized(normalized))
                {
                    headings.Add((start, colon + 1, name, ReportSectionKind.Other));
                }
            }

            colon = text.IndexOf(':', colon + 1);
        }

        return headings;
    }

    // Reads the heading words before a colon: letters, spaces, "/", "&" and "-", at most 40 characters, starting with a
    // letter at the start of the text, of a line, after a list number, or after a sentence end (". FINDINGS:",
    // ".,FINDINGS:").
    private static bool TryReadHeading(string text, int colon, out int start, out string name)
    {
        start = 0;
        name = string.Empty;

        var end = colon;
        while (end > 0 && text[end - 1] is ' ' or '\t')
        {
            end--;
        }

        var first = end;
        while (first > 0 && end - first < 41 && (char.IsLetter(text[first - 1]) || text[first - 1] is ' ' or '/' or '&' or '-'))
        {
            first--;
        }

        while (first < end && !char.IsLetter(text[first]))
        {
            first++;
        }

        if (first >= end || end - first > 40 || !IsHeadingStart(text, first))
        {
            return false;
        }

        start = first;
        name = text[first..end].Trim();
        return name.Length >= 2;
    }

    private static bool IsHeadingStart(string text, int index)
    {
        var i = index - 1;
        while (i >= 0 && text[i] is ' ' or '\t')
        {
            i--;
        }

        // A list number before the heading: "1. IMPRESSION:".
        if (i >= 1 && text[i] is '.' or ')' && char.IsDigit(text[i - 1]))
        {
            var digitStart = i - 1;
            while (digitStart > 0 && char.IsDigit(text[digitStart - 1]))
            {
                digitStart--;
            }

            if (i - digitStart <= 2)
            {
                i = digitStart - 1;
                while (i >= 0 && text[i] is ' ' or '\t')
                {
                    i--;
                }
            }
        }

        if (i < 0 || text[i] is '\n' or '\r')
        {
            return true;
        }

        if (text[i] == ',')
        {
            i--;
            while (i >= 0 && text[i] is ' ' or '\t')
            {
                i--;
            }
        }

        return i >= 0 && text[i] is '.' or '!' or '?';
    }

    private static bool IsCapitalized(string heading)
    {
        var letters = 0;
        foreach (var c in heading)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            if (char.IsLetter(c))
            {
                letters++;
            }
        }

        return letters >= 3;
    }

    private static bool EndsSentence(ReadOnlySpan<char> text, int index, ReadOnlySpan<char> current)
    {
        var c = text[index];

        // "1.2 cm": a full stop between digits is a decimal point.
        if (c == '.' && index + 1 < text.Length && char.IsDigit(text[index + 1]) && index > 0 && char.IsDigit(text[index - 1]))
        {
            return false;
        }

        var next = index + 1;
        var sawSeparator = false;
        while (next < text.Length && (text[next] is ' ' or '\t' or ',' || (text[next] is '\n' or '\r')))
        {
            sawSeparator = true;
            next++;
        }

        if (next >= text.Length)
        {
            return true;
        }

        var following = text[next];
        var previousWord = LastWord(current);

        // "1.No pneumothorax": a list number glued to the sentence it numbers.
        if (!sawSeparator)
        {
            return c == '.' && char.IsUpper(following) && previousWord.Length >= 2 && IsWordOfLetters(previousWord)
                && !AbbreviationLookup.Contains(previousWord);
        }

        // A stray full stop after the sentence ("tubes. .") is dropped as a sentence without words.
        if (following is '.' or '!' or '?')
        {
            return true;
        }

        if (!(char.IsUpper(following) || char.IsDigit(following) || following is '(' or '"' or '-' or '*'))
        {
            return false;
        }

        if (c == '.' && AbbreviationLookup.Contains(previousWord))
        {
            return false;
        }

        // "2. Stable": the full stop after a list number belongs to the number.
        return !IsListNumber(current);
    }

    private static ReadOnlySpan<char> LastWord(ReadOnlySpan<char> current)
    {
        var end = current.Length - 1;
        while (end >= 0 && !char.IsLetterOrDigit(current[end]))
        {
            end--;
        }

        var start = end;
        while (start > 0 && (char.IsLetterOrDigit(current[start - 1]) || current[start - 1] == '.'))
        {
            start--;
        }

        return end < 0 ? [] : current.Slice(start, end - start + 1);
    }

    private static bool IsWordOfLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsListNumber(ReadOnlySpan<char> current)
    {
        // The sentence so far is "2." or "(b)." or "a.": nothing but a list marker.
        var length = current.Length - 1;
        if (length <= 0 || length > 3)
        {
            return false;
        }

        for (var i = 0; i < length; i++)
        {
            if (!(char.IsDigit(current[i]) || current[i] is '(' or ')' || (length == 1 && char.IsLetter(current[i]))))
            {
                return false;
            }
        }

        return true;
    }

    private static int SkipWhitespace(ReadOnlySpan<char> text, int index, out bool blankLine)
    {
        var newlines = 0;
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            if (text[index] == '\n')
            {
                newlines++;
            }

            index++;
        }

        blankLine = newlines >= 2 || index >= text.Length;
        return index;
    }

    private static bool StartsListItem(ReadOnlySpan<char> text, int index)
    {
        if (index >= text.Length)
        {
            return false;
        }

        if (text[index] is '-' or '*' or '\u2022')
        {
            return true;
        }

        var digits = 0;
        while (index + digits < text.Length && char.IsDigit(text[index + digits]))
        {
            digits++;
        }

        return digits is > 0 and <= 2 && index + digits < text.Length && text[index + digits] is '.' or ')';
    }

    // Collapses runs of whitespace in a heading to single spaces ("CLINICAL\n  HISTORY" is "CLINICAL HISTORY").
    private static string CollapseWhitespace(string heading)
    {
        var collapsed = true;
        for (var i = 0; i < heading.Length && collapsed; i++)
        {
            collapsed = !char.IsWhiteSpace(heading[i]) || (heading[i] == ' ' && (i == 0 || heading[i - 1] != ' '));
        }

        if (collapsed)
        {
            return heading;
        }

        var builder = new StringBuilder(heading.Length);
        var inSpace = false;
        foreach (var c in heading)
        {
            if (char.IsWhiteSpace(c))
            {
                inSpace = true;
                continue;
            }

            if (inSpace && builder.Length > 0)
            {
                builder.Append(' ');
            }

            inSpace = false;
            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>The sentence being built, in a character buffer that grows as needed and is kept for the next call.</summary>
    private ref struct SentenceBuffer(char[] array)
    {
        public char[] Array = array;

        public int Length;

        public readonly ReadOnlySpan<char> Written => Array.AsSpan(0, Length);

        public void Append(char c)
        {
            if (Length == Array.Length)
            {
                System.Array.Resize(ref Array, Array.Length * 2);
            }

            Array[Length++] = c;
        }

        // Adds the sentence to the list when it contains a letter or digit, and empties the buffer.
        public void FlushTo(List<string> sentences)
        {
            var sentence = Written.Trim();
            Length = 0;

            foreach (var c in sentence)
            {
                if (char.IsLetterOrDigit(c))
                {
                    sentences.Add(sentence.ToString());
                    return;
                }
            }
        }
    }
}
