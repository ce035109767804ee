namespace RadAssist.Language;

/// <summary>A boundary between list items or clauses, as a character span.</summary>
internal readonly record struct Boundary(int Position, int End);

/// <summary>
/// Clause structure of one sentence. Hard boundaries end every negation scope: full stops, semicolons, colons and
/// termination terms. Soft boundaries separate list items: commas, brackets, "and" and "or". Segments lie between
/// any two boundaries. A finding takes its site, laterality and temporal cue from its own segment first.
/// </summary>
internal sealed class ClauseMap
{
    private readonly List<Boundary> _hard = [];
    private readonly List<int> _all = [];
    private string _lower = string.Empty;
    private List<Token> _tokens = [];

    /// <summary>Maps the clauses of a sentence, replacing what the map held before.</summary>
    public void Reset(string lower, List<Token> tokens, List<PhraseMatch> phrases)
    {
        _lower = lower;
        _tokens = tokens;
        _hard.Clear();
        _all.Clear();
        SoftBoundaries.Clear();

        foreach (var token in tokens)
        {
            if (token.Kind == TokenKind.Punctuation)
            {
                var c = lower[token.Start];
                if (c is '.' or ';' or ':' or '!' or '?')
                {
                    _hard.Add(new Boundary(token.Start, token.End));
                }
                else if (c is ',' or '(' or ')' or '[' or ']')
                {
                    SoftBoundaries.Add(new Boundary(token.Start, token.End));
                }
            }
            else if (token.Kind == TokenKind.Word && IsConjunction(lower.AsSpan(token.Start, token.End - token.Start)))
            {
                SoftBoundaries.Add(new Boundary(token.Start, token.End));
            }
        }

        foreach (var phrase in phrases)
        {
            if (phrase.Meaning.Kind == PhraseKind.Terminator)
            {
                _hard.Add(new Boundary(phrase.Start, phrase.End));
            }
        }

        _hard.Sort((a, b) => a.Position.CompareTo(b.Position));
        foreach (var boundary in _hard)
        {
            _all.Add(boundary.Position);
        }

        foreach (var boundary in SoftBoundaries)
        {
            _all.Add(boundary.Position);
        }

        _all.Sort();
    }

    /// <summary>Commas, brackets, "and" and "or", in order.</summary>
    public List<Boundary> SoftBoundaries { get; } = [];

    /// <summary>Returns the number of the segment that contains a position.</summary>
    public int SegmentOf(int position)
    {
        var index = _all.BinarySearch(position);
        return index >= 0 ? index + 1 : ~index;
    }

    /// <summary>Returns the first hard boundary at or after a position, or the sentence length.</summary>
    public int NextHardBoundary(int position)
    {
        foreach (var boundary in _hard)
        {
            if (boundary.Position >= position)
            {
                return boundary.Position;
            }
        }

        return _lower.Length;
    }

    /// <summary>Returns the end of the last hard boundary before a position, or zero.</summary>
    public int PreviousHardBoundary(int position)
    {
        var result = 0;
        foreach (var boundary in _hard)
        {
            if (boundary.End <= position)
            {
                result = boundary.End;
            }
        }

        return result;
    }

    /// <summary>Returns the first boundary of either kind at or after a position, or the sentence length.</summary>
    public int NextBoundary(int position)
    {
        foreach (var boundary in _all)
        {
            if (boundary >= position)
            {
                return boundary;
            }
        }

        return _lower.Length;
    }

    /// <summary>Returns the position just after the last boundary of either kind before a position, or zero.</summary>
    public int PreviousBoundary(int position)
    {
        var result = 0;
        foreach (var boundary in _all)
        {
            if (boundary < position)
            {
                result = boundary + 1;
            }
        }

        return result;
    }

    /// <summary>Returns the first word between two positions, or an empty span.</summary>
    public ReadOnlySpan<char> FirstWordAt(int start, int end)
    {
        foreach (var token in _tokens)
        {
            if (token.Start >= end)
            {
                break;
            }

            if (token.Start >= start && token.Kind == TokenKind.Word)
            {
                return _lower.AsSpan(token.Start, token.End - token.Start);
            }
        }

        return [];
    }

    private static bool IsConjunction(ReadOnlySpan<char> word) => word is "and" or "or" or "and/or";
}
