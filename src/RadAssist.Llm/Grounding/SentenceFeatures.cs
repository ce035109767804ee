using System.Collections.Frozen;

namespace RadAssist.Llm.Grounding;

/// <summary>
/// What the grounding check compares in one sentence: findings, measurements and sides from
/// <see cref="ReportAnalyzer"/>, and the content words and negation words of the text.
/// </summary>
internal sealed class SentenceFeatures
{
    /// <summary>Longest word the word scan lower-cases on the stack. Longer words are rare and allocate.</summary>
    private const int MaxStackWord = 64;

    private static readonly ReportAnalyzer Analyzer = new();

    private static readonly FrozenSet<string> StopWords = new[]
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "and", "or", "with", "is", "are", "was", "were", "be", "been",
        "has", "have", "had", "there", "this", "that", "these", "those", "it", "its", "as", "by", "for", "from", "which",
        "again", "noted", "seen", "demonstrated", "redemonstrated", "identified", "present", "visualized", "appears",
        "appear", "unchanged", "stable", "stability", "interval", "since", "prior", "previous", "previously", "compared",
        "comparison", "exam", "examination", "study", "current", "currently", "today", "now", "persistent", "persists",
        "remains", "remain", "measuring", "measures", "measured", "measure", "measurement", "approximately", "about",
        "size", "new", "increased", "increase", "decreased", "decrease", "resolved", "resolution", "change", "changes",
        "changed", "mm", "cm", "also", "still", "significant", "significantly", "mildly", "slightly", "overall",
        "not", "no", "without", "evidence", "findings", "finding", "impression", "consistent", "likely", "most", "x",
        "left", "right", "bilateral", "bilaterally", "both", "grossly", "essentially", "otherwise", "similar",
        "appearance", "similarly", "dated", "date", "report", "reported", "described", "well", "redemonstration",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordLookup =
        StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private SentenceFeatures(string text, IReadOnlyList<Finding> findings, List<decimal> measurementsMm)
    {
        Findings = findings;
        MeasurementsMm = measurementsMm;
        Words = new HashSet<string>(StringComparer.Ordinal);
        var sides = Sides.None;
        var negationWord = ScanWords(text, Words, ref sides);
        foreach (var finding in findings)
        {
            sides |= SidesOf(finding.Laterality);
        }

        Sides = sides;

        // A finding carries its own negation scope (NegEx), so the findings decide. A sentence without a recognized
        // finding ("The heart size is not normal.") falls back to its negation words.
        Negated = findings.Count > 0 ? findings.Any(finding => finding.Negated) : negationWord;
    }

    /// <summary>Findings the analyzer read, each with its type, laterality and negation.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    /// <summary>Every measured value in millimetres, range ends and dimensions included.</summary>
    public List<decimal> MeasurementsMm { get; }

    /// <summary>Lower-case content words, plural "s" removed, without stop words and numbers.</summary>
    public HashSet<string> Words { get; }

    /// <summary>Sides named by a side word or by the laterality of a finding.</summary>
    public Sides Sides { get; }

    /// <summary>Whether the sentence denies what it names.</summary>
    public bool Negated { get; }

    /// <summary>Reads the features of one analyzed sentence, with extra measurements such as those of an image finding.</summary>
    public static SentenceFeatures From(ReportSentence sentence, IEnumerable<decimal>? extraMm = null)
    {
        var values = new List<decimal>();
        AddValues(values, sentence.Measurements);
        if (extraMm is not null)
        {
            values.AddRange(extraMm);
        }

        return new SentenceFeatures(sentence.Text, sentence.Findings, values);
    }

    /// <summary>Analyzes a text and reads its features. A text of several sentences gives the union of them.</summary>
    public static SentenceFeatures Analyze(string text, IEnumerable<decimal>? extraMm = null)
    {
        var analysis = Analyzer.Analyze(text);
        if (analysis.Sentences.Count == 1 && extraMm is null)
        {
            return From(analysis.Sentences[0]);
        }

        var values = new List<decimal>();
        foreach (var sentence in analysis.Sentences)
        {
            AddValues(values, sentence.Measurements);
        }

        if (extraMm is not null)
        {
            values.AddRange(extraMm);
        }

        return new SentenceFeatures(text, analysis.Findings, values);
    }

    /// <summary>Analyzes a report text into its sentences.</summary>
    public static ReportAnalysis AnalyzeReport(string text) => Analyzer.Analyze(text);

    /// <summary>Returns the sides a laterality value names.</summary>
    public static Sides SidesOf(Laterality laterality) => laterality switch
    {
        Laterality.Left => Sides.Left,
        Laterality.Right => Sides.Right,
        Laterality.Bilateral => Sides.Left | Sides.Right,
        _ => Sides.None,
    };

    private static void AddValues(List<decimal> values, IReadOnlyList<Measurement> measurements)
    {
        foreach (var measurement in measurements)
        {
            values.AddRange(measurement.ValuesMm);
        }
    }

    /// <summary>
    /// Collects the content words and side words of a text in one pass and returns whether it has a negation word
    /// that is not part of "no change" and its kin.
    /// </summary>
    private static bool ScanWords(string text, HashSet<string> words, ref Sides sides)
    {
        Span<char> buffer = stackalloc char[MaxStackWord];
        var negation = false;
        var pendingNo = false;
        var i = 0;
        while (i < text.Length)
        {
            if (!char.IsAsciiLetter(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && char.IsAsciiLetter(text[i]))
            {
                i++;
            }

            var length = i - start;
            var word = length <= MaxStackWord ? buffer[..length] : new char[length];
            text.AsSpan(start, length).ToLowerInvariant(word);

            // "no change", "no significant change" and "no interval change" report stability, not absence, so a
            // "no" counts once the next word shows it is not one of them.
            if (pendingNo)
            {
                if (word is "significant" or "interval" or "appreciable")
                {
                    continue;
                }

                pendingNo = false;
                negation |= word is not ("change" or "changes" or "progression");
            }

            if (word is "no")
            {
                pendingNo = true;
            }
            else
            {
                negation |= word is "not" or "without" or "absent" or "neither" or "nor";
            }

            sides |= word switch
            {
                "left" => Sides.Left,
                "right" => Sides.Right,
                "bilateral" or "bilaterally" or "both" => Sides.Left | Sides.Right,
                _ => Sides.None,
            };

            if (length < 2 || StopWordLookup.Contains(word))
            {
                continue;
            }

            var keep = length > 3 && word[^1] == 's' && word[^2] != 's' ? word[..^1] : word;
            words.Add(new string(keep));
        }

        return negation || pendingNo;
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
