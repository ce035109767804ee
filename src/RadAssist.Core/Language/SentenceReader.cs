using System.Collections.Frozen;

namespace RadAssist.Language;

/// <summary>What <see cref="SentenceReader"/> read from one sentence.</summary>
/// <param name="Findings">Findings stated in the sentence.</param>
/// <param name="Measurements">Measurements, in order.</param>
/// <param name="MeasurementFindingTypes">Type of the finding each measurement describes, or <see langword="null"/>.</param>
/// <param name="Current">
/// For each finding, whether the sentence states it as a current result: not past history ("history of PE") and not a
/// question ("rule out pneumothorax"). Only current findings can be critical results.
/// </param>
internal sealed record SentenceReading(
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<string?> MeasurementFindingTypes,
    IReadOnlyList<bool> Current);

/// <summary>
/// Reads findings from one sentence: type, site, laterality, negation and uncertainty with their scope, temporal
/// change, and the measurements that describe each finding.
/// </summary>
/// <remarks>
/// Negation and uncertainty follow NegEx and ConText. A cue before a finding ("no", "possible") reaches forward to the
/// end of the clause. The clause ends at a full stop, semicolon or colon, at a termination term ("but", "however",
/// "there is"), at a cue of another kind, or at a list item that states something of its own. An item states something of its own when it holds a
/// measurement or starts with an article, a quantifier or a severity word ("a", "small", "stable"), so in
/// "no consolidation, 4 mm granuloma, no effusion" only the first and last items are negated. A cue after a finding
/// ("is not seen", "cannot be excluded") reaches back to the start of the clause in the same way. Pseudo-triggers such
/// as "no change in" negate nothing.
/// </remarks>
internal static class SentenceReader
{
    private const int MaxSiteDistance = 40;
    private const int MaxLateralityDistance = 25;

    private static readonly FrozenSet<string> ItemStartWords = new[]
    {
        "a", "an", "the", "there", "this", "these", "that", "it", "with", "mild", "mildly", "moderate", "moderately",
        "small", "stable", "unchanged", "new", "increased", "decreased", "minimal", "minimally", "trace", "persistent",
        "heart", "lungs", "lung", "mediastinum", "cardiomediastinal", "osseous", "bony", "bones", "visualized", "normal",
        "clear", "otherwise", "is", "are", "may", "likely", "probable", "possible", "several", "multiple", "numerous",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> ItemStartLookup =
        ItemStartWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Working lists reused by every sentence a thread reads, so reading allocates little beyond its results.
    [ThreadStatic]
    private static Scratch? t_scratch;

    /// <summary>Reads one sentence. <paramref name="source"/> becomes each finding's <see cref="Finding.Source"/>.</summary>
    public static SentenceReading Read(string sentence, SourceReference? source)
    {
        var scratch = t_scratch ??= new Scratch();
        var lower = sentence.ToLowerInvariant();
        var tokens = Tokenize(lower, scratch.Tokens);
        var phrases = MatchPhrases(lower, tokens, scratch.Phrases);
        var measurements = MeasurementExtractor.Extract(sentence, lower);
        var clause = scratch.Clause;
        clause.Reset(lower, tokens, phrases);

        var findingCount = 0;
        foreach (var phrase in phrases)
        {
            if (phrase.Meaning.Kind == PhraseKind.Finding)
            {
                findingCount++;
            }
        }

        var states = findingCount == 0 ? [] : new FindingState[findingCount];
        findingCount = 0;
        foreach (var phrase in phrases)
        {
            if (phrase.Meaning.Kind == PhraseKind.Finding)
            {
                states[findingCount++] = new FindingState(phrase);
            }
        }

        if (states.Length > 0)
        {
            ApplyScopes(phrases, states, measurements, clause);
            ApplySites(phrases, states, clause, scratch);
            ApplyTemporal(phrases, states, clause);
        }

        var findingTypes = AttachMeasurements(measurements, states, clause);

        var findings = new Finding[states.Length];
        var current = new bool[states.Length];
        for (var i = 0; i < states.Length; i++)
        {
            var state = states[i];
            current[i] = !state.Historical && !state.Question;
            findings[i] = new Finding
            {
                Type = state.Phrase.Meaning.Value!,
                Site = state.Site,
                Laterality = state.Laterality,
                Negated = state.Negated,
                Uncertain = state.Uncertain,
                Temporal = state.Temporal,
                Measurements = (IReadOnlyList<Measurement>?)state.Measurements ?? [],
                Sentence = sentence,
                Source = source,
            };
        }

        var measurementList = new Measurement[measurements.Count];
        for (var i = 0; i < measurements.Count; i++)
        {
            measurementList[i] = measurements[i].Measurement;
        }

        return new SentenceReading(findings, measurementList, findingTypes, current);
    }

    private static void ApplyScopes(
        List<PhraseMatch> phrases,
        FindingState[] states,
        List<MeasurementMatch> measurements,
        ClauseMap clause)
    {
        foreach (var cue in phrases)
        {
            switch (cue.Meaning.Kind)
            {
                case PhraseKind.NegationBefore:
                case PhraseKind.UncertaintyBefore:
                case PhraseKind.QuestionBefore:
                case PhraseKind.HistoricalBefore:
                {
                    var end = ForwardScopeEnd(cue, phrases, measurements, clause);
                    var marked = false;
                    foreach (var state in states)
                    {
                        if (state.Phrase.Start >= cue.End && state.Phrase.Start < end)
                        {
                            Mark(state, cue);
                            marked = true;
                        }
                    }

                    // "PE, resolved": a resolution cue with nothing after it reaches back, as ConText's bidirectional
                    // triggers do.
                    if (!marked && cue.Meaning.Temporal == TemporalChange.Resolved)
                    {
                        var start = BackwardScopeStart(cue, phrases, measurements, clause);
                        foreach (var state in states)
                        {
                            if (state.Phrase.Start >= start && state.Phrase.End <= cue.Start)
                            {
                                Mark(state, cue);
                            }
                        }
                    }

                    break;
                }

                case PhraseKind.NegationAfter:
                case PhraseKind.UncertaintyAfter:
                {
                    var start = BackwardScopeStart(cue, phrases, measurements, clause);
                    foreach (var state in states)
                    {
                        if (state.Phrase.Start >= start && state.Phrase.End <= cue.Start)
                        {
                            Mark(state, cue);
                        }
                    }

                    break;
                }

                default:
                    break;
            }
        }
    }

    private static void Mark(FindingState state, PhraseMatch cue)
    {
        if (cue.Meaning.Kind == PhraseKind.HistoricalBefore)
        {
            state.Historical = true;
            return;
        }

        if (cue.Meaning.Kind == PhraseKind.QuestionBefore)
        {
            state.Uncertain = true;
            state.Question = true;
            return;
        }

        if (cue.Meaning.Kind is PhraseKind.NegationBefore or PhraseKind.NegationAfter)
        {
            state.Negated = true;
            if (cue.Meaning.Temporal == TemporalChange.Resolved)
            {
                state.Temporal = TemporalChange.Resolved;
            }
        }
        else
        {
            state.Uncertain = true;
        }
    }

    private static int ForwardScopeEnd(
        PhraseMatch cue,
        List<PhraseMatch> phrases,
        List<MeasurementMatch> measurements,
        ClauseMap clause)
    {
        var end = clause.NextHardBoundary(cue.End);

        foreach (var other in phrases)
        {
            if (other.Start < cue.End || other.Start >= end)
            {
                continue;
            }

            if (other.Meaning.Kind is PhraseKind.Terminator or PhraseKind.Pseudo
                || (IsCue(other.Meaning.Kind) && Polarity(other.Meaning.Kind) != Polarity(cue.Meaning.Kind)))
            {
                end = other.Start;
                break;
            }
        }

        foreach (var boundary in clause.SoftBoundaries)
        {
            if (boundary.Position < cue.End || boundary.Position >= end)
            {
                continue;
            }

            var itemEnd = clause.NextBoundary(boundary.End);
            if (StartsOwnStatement(boundary.End, itemEnd, measurements, clause))
            {
                return boundary.Position;
            }
        }

        return end;
    }

    private static int BackwardScopeStart(
        PhraseMatch cue,
        List<PhraseMatch> phrases,
        List<MeasurementMatch> measurements,
        ClauseMap clause)
    {
        var start = clause.PreviousHardBoundary(cue.Start);

        foreach (var other in phrases)
        {
            if (other.End > cue.Start || other.End <= start)
            {
                continue;
            }

            if (other.Meaning.Kind is PhraseKind.Terminator || IsCue(other.Meaning.Kind))
            {
                start = Math.Max(start, other.End);
            }
        }

        for (var i = clause.SoftBoundaries.Count - 1; i >= 0; i--)
        {
            var boundary = clause.SoftBoundaries[i];
            if (boundary.Position >= cue.Start || boundary.Position < start)
            {
                continue;
            }

            var itemStart = clause.PreviousBoundary(boundary.Position);
            if (ContainsMeasurement(itemStart, boundary.Position, measurements))
            {
                return boundary.End;
            }
        }

        return start;
    }

    private static bool StartsOwnStatement(int start, int end, List<MeasurementMatch> measurements, ClauseMap clause)
    {
        if (ContainsMeasurement(start, end, measurements))
        {
            return true;
        }

        var word = clause.FirstWordAt(start, end);
        return word.Length > 0 && ItemStartLookup.Contains(word);
    }

    private static bool ContainsMeasurement(int start, int end, List<MeasurementMatch> measurements)
    {
        foreach (var measurement in measurements)
        {
            if (measurement.Start >= start && measurement.Start < end)
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCue(PhraseKind kind) =>
        kind is PhraseKind.NegationBefore or PhraseKind.NegationAfter
            or PhraseKind.UncertaintyBefore or PhraseKind.UncertaintyAfter
            or PhraseKind.QuestionBefore or PhraseKind.HistoricalBefore;

    private static int Polarity(PhraseKind kind) => kind switch
    {
        PhraseKind.NegationBefore or PhraseKind.NegationAfter => 0,
        PhraseKind.HistoricalBefore => 2,
        _ => 1,
    };

    private static void ApplySites(List<PhraseMatch> phrases, FindingState[] states, ClauseMap clause, Scratch scratch)
    {
        var sites = scratch.Sites;
        sites.Clear();
        var usedLaterality = scratch.UsedLaterality;
        usedLaterality.Clear();
        for (var i = 0; i < phrases.Count; i++)
        {
            var phrase = phrases[i];
            if (phrase.Meaning.Kind != PhraseKind.Site)
            {
                continue;
            }

            var name = phrase.Meaning.Value!;
            var laterality = phrase.Meaning.Laterality;
            var start = phrase.Start;

            // "right" + "upper lobe" is the right upper lobe, so the laterality word belongs to the site.
            if (laterality == Laterality.None && i > 0 && phrases[i - 1].Meaning.Kind == PhraseKind.Laterality
                && phrase.Start - phrases[i - 1].End <= 1)
            {
                laterality = phrases[i - 1].Meaning.Laterality;
                name = LateralityWord(laterality) + " " + name;
                start = phrases[i - 1].Start;
                usedLaterality.Add(i - 1);
            }

            sites.Add((start, phrase.End, name, laterality));
        }

        foreach (var state in states)
        {
            var best = -1;
            var bestDistance = int.MaxValue;
            for (var i = 0; i < sites.Count; i++)
            {
                var site = sites[i];
                if (clause.SegmentOf(site.Start) != clause.SegmentOf(state.Phrase.Start))
                {
                    continue;
                }

                var distance = site.End <= state.Phrase.Start
                    ? state.Phrase.Start - site.End
                    : site.Start - state.Phrase.End;
                if (distance >= 0 && distance < bestDistance && distance <= MaxSiteDistance)
                {
                    best = i;
                    bestDistance = distance;
                }
            }

            if (best >= 0)
            {
                state.Site = sites[best].Name;
                state.Laterality = sites[best].Laterality;
            }

            if (state.Laterality == Laterality.None)
            {
                state.Laterality = NearbyLaterality(phrases, usedLaterality, state, clause);
            }
        }
    }

    private static Laterality NearbyLaterality(
        List<PhraseMatch> phrases,
        List<int> usedLaterality,
        FindingState state,
        ClauseMap clause)
    {
        var result = Laterality.None;
        var bestDistance = int.MaxValue;
        for (var i = 0; i < phrases.Count; i++)
        {
            var phrase = phrases[i];
            if (phrase.Meaning.Kind != PhraseKind.Laterality || usedLaterality.Contains(i)
                || clause.SegmentOf(phrase.Start) != clause.SegmentOf(state.Phrase.Start))
            {
                continue;
            }

            var distance = phrase.End <= state.Phrase.Start
                ? state.Phrase.Start - phrase.End
                : phrase.Start - state.Phrase.End;
            if (distance >= 0 && distance <= MaxLateralityDistance && distance < bestDistance)
            {
                result = phrase.Meaning.Laterality;
                bestDistance = distance;
            }
        }

        return result;
    }

    private static void ApplyTemporal(List<PhraseMatch> phrases, FindingState[] states, ClauseMap clause)
    {
        if (states.Length == 0)
        {
            return;
        }

        foreach (var cue in phrases)
        {
            if (cue.Meaning.Kind is not (PhraseKind.Temporal or PhraseKind.Pseudo)
                || cue.Meaning.Temporal == TemporalChange.None)
            {
                continue;
            }

            var segment = clause.SegmentOf(cue.Start);
            var assigned = false;
            foreach (var state in states)
            {
                if (clause.SegmentOf(state.Phrase.Start) == segment && state.Temporal == TemporalChange.None)
                {
                    state.Temporal = cue.Meaning.Temporal;
                    assigned = true;
                }
            }

            if (assigned || InSegment(states, clause, segment))
            {
                continue;
            }

            var target = Nearest(states, cue.Start);
            if (target.Temporal == TemporalChange.None)
            {
                target.Temporal = cue.Meaning.Temporal;
            }
        }
    }

    private static bool InSegment(FindingState[] states, ClauseMap clause, int segment)
    {
        foreach (var state in states)
        {
            if (clause.SegmentOf(state.Phrase.Start) == segment)
            {
                return true;
            }
        }

        return false;
    }

    private static string?[] AttachMeasurements(
        List<MeasurementMatch> measurements,
        FindingState[] states,
        ClauseMap clause)
    {
        var types = new string?[measurements.Count];
        for (var m = 0; m < measurements.Count; m++)
        {
            var measurement = measurements[m];
            if (states.Length == 0)
            {
                continue;
            }

            var segment = clause.SegmentOf(measurement.Start);
            FindingState? target = null;
            var bestDistance = int.MaxValue;
            foreach (var state in states)
            {
                if (clause.SegmentOf(state.Phrase.Start) != segment)
                {
                    continue;
                }

                var distance = Math.Abs(state.Phrase.Start - measurement.Start);
                if (distance < bestDistance)
                {
                    target = state;
                    bestDistance = distance;
                }
            }

            target ??= Nearest(states, measurement.Start);
            (target.Measurements ??= []).Add(measurement.Measurement);
            types[m] = target.Phrase.Meaning.Value;
        }

        return types;
    }

    // The nearest finding before a position, or the first one after it when none precedes.
    private static FindingState Nearest(FindingState[] states, int position)
    {
        FindingState? before = null;
        foreach (var state in states)
        {
            if (state.Phrase.Start < position)
            {
                before = state;
            }
        }

        return before ?? states[0];
    }

    private static string LateralityWord(Laterality laterality) => laterality switch
    {
        Laterality.Left => "left",
        Laterality.Right => "right",
        _ => "bilateral",
    };

    internal static List<Token> Tokenize(string lower, List<Token> tokens)
    {
        tokens.Clear();
        var i = 0;
        while (i < lower.Length)
        {
            var c = lower[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetter(c))
            {
                i++;
                while (i < lower.Length && (char.IsLetterOrDigit(lower[i])
                    || (lower[i] is '-' or '/' or '\'' && i + 1 < lower.Length && char.IsLetter(lower[i + 1]))))
                {
                    i++;
                }

                tokens.Add(new Token(start, i, TokenKind.Word));
            }
            else if (char.IsDigit(c))
            {
                i++;
                while (i < lower.Length && (char.IsDigit(lower[i])
                    || (lower[i] == '.' && i + 1 < lower.Length && char.IsDigit(lower[i + 1]))))
                {
                    i++;
                }

                tokens.Add(new Token(start, i, TokenKind.Number));
            }
            else
            {
                i++;
                tokens.Add(new Token(start, i, TokenKind.Punctuation));
            }
        }

        return tokens;
    }

    internal static List<PhraseMatch> MatchPhrases(string lower, List<Token> tokens, List<PhraseMatch> matches)
    {
        matches.Clear();
        var i = 0;
        while (i < tokens.Count)
        {
            if (tokens[i].Kind != TokenKind.Word)
            {
                i++;
                continue;
            }

            if (!PhraseLexicon.FirstWords.TryGetValue(
                lower.AsSpan(tokens[i].Start, tokens[i].End - tokens[i].Start),
                out var maxWords))
            {
                i++;
                continue;
            }

            // Extend over words separated by exactly one space, then try the longest phrase first.
            var last = i;
            while (last + 1 < tokens.Count && last - i + 1 < maxWords
                && tokens[last + 1].Kind == TokenKind.Word && tokens[last + 1].Start == tokens[last].End + 1)
            {
                last++;
            }

            var matched = false;
            for (var j = last; j >= i; j--)
            {
                var span = lower.AsSpan(tokens[i].Start, tokens[j].End - tokens[i].Start);
                if (PhraseLexicon.Lookup.TryGetValue(span, out var meaning))
                {
                    matches.Add(new PhraseMatch(tokens[i].Start, tokens[j].End, meaning));
                    i = j + 1;
                    matched = true;
                    break;
                }
            }

            if (!matched)
            {
                i++;
            }
        }

        return matches;
    }

    private sealed class FindingState(PhraseMatch phrase)
    {
        public PhraseMatch Phrase { get; } = phrase;

        public string? Site { get; set; }

        public Laterality Laterality { get; set; }

        public bool Negated { get; set; }

        public bool Uncertain { get; set; }

        public TemporalChange Temporal { get; set; }

        public List<Measurement>? Measurements { get; set; }

        // Stated as past history ("history of PE"), not as a current finding.
        public bool Historical { get; set; }

        // Named in a question ("rule out pneumothorax"), not stated.
        public bool Question { get; set; }
    }

    private sealed class Scratch
    {
        public List<Token> Tokens { get; } = new(64);

        public List<PhraseMatch> Phrases { get; } = new(32);

        public ClauseMap Clause { get; } = new();

        public List<(int Start, int End, string Name, Laterality Laterality)> Sites { get; } = [];

        public List<int> UsedLaterality { get; } = [];
    }
}

internal enum TokenKind
{
    Word,
    Number,
    Punctuation,
}

/// <summary>A token of a lower-case sentence, as a character span.</summary>
internal readonly record struct Token(int Start, int End, TokenKind Kind);

/// <summary>A lexicon phrase found in a sentence, as a character span.</summary>
internal readonly record struct PhraseMatch(int Start, int End, PhraseMeaning Meaning);
