namespace RadAssist.Language;

/// <summary>A span of sentence text by start and end index; empty when nothing was read.</summary>
internal readonly record struct TextSpan(int Start, int End)
{
    public bool IsEmpty => End <= Start;
}

/// <summary>How the numbers of a size are joined.</summary>
internal enum SizeForm
{
    /// <summary>One number, or dimensions joined by "x", "×" or "by".</summary>
    Dimensions,

    /// <summary>Two numbers joined by "-", "–" or "to", the second with a unit.</summary>
    Range,

    /// <summary>Two numbers joined by "and" or "or", the second with a unit.</summary>
    Coordinated,
}

/// <summary>
/// The parts of one size read by <see cref="SizeScanner"/>. <see cref="First"/> and <see cref="FirstUnit"/> are the
/// first number and its own unit. For dimensions, <see cref="Second"/> and <see cref="Third"/> are the further
/// dimensions and <see cref="LastDimensionUnit"/> the last unit written after one of them; for a range or a
/// coordinated pair, <see cref="Second"/> is the second number and <see cref="SecondUnit"/> its unit.
/// </summary>
internal struct SizeSpans
{
    public SizeForm Form;
    public TextSpan First;
    public TextSpan FirstUnit;
    public TextSpan Second;
    public TextSpan SecondUnit;
    public TextSpan Third;
    public TextSpan LastDimensionUnit;
    public int DimensionCount;
    public int End;
}

/// <summary>
/// Reads one size at a position of a lower-case sentence, without regular expressions or allocation.
/// </summary>
/// <remarks>
/// A size starts with a number (digits with an optional decimal part, or a decimal part alone) and an optional unit.
/// The scanner then tries, in this order: one or two further dimensions after "x", "×" or "by", each with an optional
/// unit; a second number with a unit after "-", "–" or "to"; and a second number with a unit after "and" or "or",
/// which may follow a comma. A unit is a whole word: "mm", "cm", "millimeter(s)", "millimetre(s)", "centimeter(s)", "centimetre(s)";
/// "mm2" and "cm³" are not units. A number directly followed by a letter or digit ("3rd", "5mg") is not a size.
/// </remarks>
internal static class SizeScanner
{
    private const int MaxIntegerDigits = 6;
    private const int MaxFractionDigits = 12;

    /// <summary>Reads a size whose first number starts at <paramref name="start"/>.</summary>
    public static bool TryRead(string lower, int start, out SizeSpans size)
    {
        size = default;
        var firstEnd = NumberEnd(lower, start);
        if (firstEnd < 0)
        {
            return false;
        }

        size.First = new TextSpan(start, firstEnd);
        var afterFirst = firstEnd;
        var unit = UnitAt(lower, SkipSpaces(lower, firstEnd));
        if (!unit.IsEmpty)
        {
            size.FirstUnit = unit;
            afterFirst = unit.End;
        }

        if (TryDimensions(lower, afterFirst, ref size)
            || TrySecondNumber(lower, afterFirst, SizeForm.Range, ref size)
            || TrySecondNumber(lower, afterFirst, SizeForm.Coordinated, ref size))
        {
            return true;
        }

        if (unit.IsEmpty && ContinuesWord(lower, firstEnd))
        {
            return false;
        }

        size.Form = SizeForm.Dimensions;
        size.End = afterFirst;
        return true;
    }

    private static bool TryDimensions(string lower, int position, ref SizeSpans size)
    {
        // A dimension without a unit may run straight into the next separator ("3x4 mm"). The last dimension read
        // must end the word, so dimensions are dropped from the end until one does.
        Span<int> ends = stackalloc int[2];
        Span<bool> glued = stackalloc bool[2];
        var count = 0;
        var end = position;
        while (count < 2)
        {
            var at = SkipSpaces(lower, end);
            int separatorEnd;
            if (at < lower.Length && lower[at] is 'x' or '\u00d7')
            {
                separatorEnd = at + 1;
            }
            else if (StartsWith(lower, at, "by"))
            {
                separatorEnd = at + 2;
            }
            else
            {
                break;
            }

            var numberStart = SkipSpaces(lower, separatorEnd);
            var numberEnd = NumberEnd(lower, numberStart);
            if (numberEnd < 0)
            {
                break;
            }

            var unit = UnitAt(lower, SkipSpaces(lower, numberEnd));
            glued[count] = unit.IsEmpty && ContinuesWord(lower, numberEnd);
            if (count == 0)
            {
                size.Second = new TextSpan(numberStart, numberEnd);
            }
            else
            {
                size.Third = new TextSpan(numberStart, numberEnd);
            }

            if (!unit.IsEmpty)
            {
                size.LastDimensionUnit = unit;
            }

            end = unit.IsEmpty ? numberEnd : unit.End;
            ends[count] = end;
            count++;
        }

        while (count > 0 && glued[count - 1])
        {
            count--;
        }

        if (count == 0)
        {
            return false;
        }

        end = ends[count - 1];
        if (count == 1)
        {
            size.Third = default;
            if (!size.LastDimensionUnit.IsEmpty && size.LastDimensionUnit.Start > end)
            {
                size.LastDimensionUnit = default;
            }
        }

        size.Form = SizeForm.Dimensions;
        size.DimensionCount = count;
        size.End = end;
        return true;
    }

    private static bool TrySecondNumber(string lower, int position, SizeForm form, ref SizeSpans size)
    {
        var at = SkipSpaces(lower, position);
        int joinEnd;
        if (form == SizeForm.Range)
        {
            if (at < lower.Length && lower[at] is '-' or '\u2013')
            {
                joinEnd = at + 1;
            }
            else if (StartsWith(lower, at, "to"))
            {
                joinEnd = at + 2;
            }
            else
            {
                return false;
            }
        }
        else
        {
            if (at < lower.Length && lower[at] == ',')
            {
                at = SkipSpaces(lower, at + 1);
            }

            if (StartsWith(lower, at, "and"))
            {
                joinEnd = at + 3;
            }
            else if (StartsWith(lower, at, "or"))
            {
                joinEnd = at + 2;
            }
            else
            {
                return false;
            }

            // "and" and "or" need a space after them.
            if (joinEnd >= lower.Length || !char.IsWhiteSpace(lower[joinEnd]))
            {
                return false;
            }
        }

        var numberStart = SkipSpaces(lower, joinEnd);
        var numberEnd = NumberEnd(lower, numberStart);
        if (numberEnd < 0)
        {
            return false;
        }

        var unit = UnitAt(lower, SkipSpaces(lower, numberEnd));
        if (unit.IsEmpty)
        {
            return false;
        }

        size.Form = form;
        size.Second = new TextSpan(numberStart, numberEnd);
        size.SecondUnit = unit;
        size.End = unit.End;
        return true;
    }

    // Whether the character at a position continues the word before it, so the number there cannot end a size.
    private static bool ContinuesWord(string lower, int index) =>
        index < lower.Length && (MeasurementExtractor.IsWordChar(lower[index]) || lower[index] is '\u00b2' or '\u00b3');

    // Digits with an optional decimal part ("12", "1.25"), or a decimal part alone (".5"). Returns -1 when none, and
    // for more than six integer or twelve decimal digits: no radiological size reaches a kilometre, and longer digit
    // runs (identifiers, or numbers beyond the range of decimal) are not sizes.
    private static int NumberEnd(string lower, int index)
    {
        var i = index;
        while (i < lower.Length && char.IsAsciiDigit(lower[i]))
        {
            i++;
        }

        var integerDigits = i - index;
        if (integerDigits > MaxIntegerDigits)
        {
            return -1;
        }

        if (i + 1 < lower.Length && lower[i] == '.' && char.IsAsciiDigit(lower[i + 1]))
        {
            var fractionStart = i + 1;
            i += 2;
            while (i < lower.Length && char.IsAsciiDigit(lower[i]))
            {
                i++;
            }

            return i - fractionStart > MaxFractionDigits ? -1 : i;
        }

        return integerDigits > 0 ? i : -1;
    }

    // A length unit as a whole word at a position, or an empty span.
    private static TextSpan UnitAt(string lower, int index)
    {
        if (index >= lower.Length || lower[index] is not ('m' or 'c'))
        {
            return default;
        }

        var end = index;
        while (ContinuesWord(lower, end))
        {
            end++;
        }

        var word = lower.AsSpan(index, end - index);
        return word is "mm" or "cm" or "millimeter" or "millimeters" or "millimetre" or "millimetres"
            or "centimeter" or "centimeters" or "centimetre" or "centimetres"
            ? new TextSpan(index, end)
            : default;
    }

    private static int SkipSpaces(string lower, int index)
    {
        while (index < lower.Length && char.IsWhiteSpace(lower[index]))
        {
            index++;
        }

        return index;
    }

    private static bool StartsWith(string lower, int index, string word) =>
        index < lower.Length && lower.AsSpan(index).StartsWith(word, StringComparison.Ordinal);
}
