using System.Globalization;
using System.Text.RegularExpressions;

namespace RadAssist.Language;

/// <summary>A measurement with its character span in the sentence.</summary>
internal readonly record struct MeasurementMatch(Measurement Measurement, int Start, int End);

/// <summary>
/// Reads sizes from a sentence: "12 mm", "1.2 cm", "1.2 x 0.8 x 0.5 cm", "up to 5 mm", ranges ("8 to 10 mm",
/// "0.8-1.0 cm"), coordinated values ("3 and 4 mm") and prior values ("previously 8 mm", "from 8 to 12 mm").
/// </summary>
/// <remarks>
/// Values are normalized to millimetres as <see cref="decimal"/> with the written precision, so "1.20 cm" becomes
/// 12.0 mm. A number without a length unit is not a size, and neither is a length unit followed by "2", "3",
/// "square", a per-time unit such as "/sec", "Hg" or "H2O" (areas, volumes, velocities, pressures). A unit written
/// only after the last number applies to every number before it, and a hyphen between two numbers is a range marker,
/// not a minus sign.
/// </remarks>
internal static partial class MeasurementExtractor
{
    private static readonly string[] BoundPrefixes = ["up to", "as large as", "at least"];

    /// <summary>Extracts the measurements of one sentence in order.</summary>
    public static List<MeasurementMatch> Extract(string sentence) =>
        sentence.AsSpan().ContainsAnyInRange('0', '9') ? Extract(sentence, sentence.ToLowerInvariant()) : [];

    /// <summary>Extracts the measurements of one sentence in order, given its lower-case form.</summary>
    /// <param name="sentence">The sentence as written; measurement texts are cut from it.</param>
    /// <param name="lower">The sentence after <see cref="string.ToLowerInvariant()"/>, which keeps every index.</param>
    public static List<MeasurementMatch> Extract(string sentence, string lower)
    {
        var results = new List<MeasurementMatch>();
        var position = 0;
        while (position < lower.Length)
        {
            var digit = lower.AsSpan(position).IndexOfAnyInRange('0', '9');
            if (digit < 0)
            {
                break;
            }

            digit += position;
            var start = digit > 0 && lower[digit - 1] == '.' && digit - 1 >= position ? digit - 1 : digit;
            if (start > 0 && (IsWordChar(lower[start - 1]) || lower[start - 1] == '.'))
            {
                position = SkipDigits(lower, digit);
                continue;
            }

            if (!SizeScanner.TryRead(lower, start, out var size))
            {
                position = SkipDigits(lower, digit);
                continue;
            }

            position = size.End;
            if (IsFollowedByNonLengthUnit(lower, size.End))
            {
                continue;
            }

            switch (size.Form)
            {
                case SizeForm.Range:
                    AddRange(results, sentence, lower, size);
                    break;
                case SizeForm.Coordinated:
                    AddCoordinated(results, sentence, lower, size);
                    break;
                default:
                    AddDimensions(results, sentence, lower, size);
                    break;
            }
        }

        return results;
    }

    private static int SkipDigits(string lower, int index)
    {
        while (index < lower.Length && char.IsAsciiDigit(lower[index]))
        {
            index++;
        }

        return index;
    }

    private static void AddDimensions(List<MeasurementMatch> results, string sentence, string lower, in SizeSpans size)
    {
        // A unit on a later dimension applies to every dimension without one ("1.2 x 0.8 cm").
        var lastUnit = size.LastDimensionUnit.IsEmpty ? UnitOf(lower, size.FirstUnit) : UnitOf(lower, size.LastDimensionUnit);
        if (lastUnit is null)
        {
            return;
        }

        var values = new decimal[1 + size.DimensionCount];
        values[0] = ToMillimetres(lower, size.First, UnitOf(lower, size.FirstUnit) ?? lastUnit);
        if (size.DimensionCount > 0)
        {
            values[1] = ToMillimetres(lower, size.Second, lastUnit);
        }

        if (size.DimensionCount > 1)
        {
            values[2] = ToMillimetres(lower, size.Third, lastUnit);
        }

        var start = size.First.Start - BoundPrefixLength(lower, size.First.Start);
        results.Add(Create(sentence, lower, start, size.End, values, isRange: false, lastUnit, results));
    }

    private static void AddRange(List<MeasurementMatch> results, string sentence, string lower, in SizeSpans size)
    {
        var unit = UnitOf(lower, size.SecondUnit)!;
        var firstUnit = UnitOf(lower, size.FirstUnit) ?? unit;
        var low = ToMillimetres(lower, size.First, firstUnit);
        var high = ToMillimetres(lower, size.Second, unit);
        var start = size.First.Start;

        // "increased from 8 to 12 mm" states the prior and the current size, not a range.
        if (PrecedingWords(lower, start, results).EndsWith("from", StringComparison.Ordinal))
        {
            var priorEnd = size.FirstUnit.IsEmpty ? size.First.End : size.FirstUnit.End;
            results.Add(new MeasurementMatch(
                new Measurement { Text = sentence[start..priorEnd], ValuesMm = [low], IsPrior = true, Unit = firstUnit },
                start,
                priorEnd));
            var currentStart = size.Second.Start;
            results.Add(new MeasurementMatch(
                new Measurement { Text = sentence[currentStart..size.End], ValuesMm = [high], Unit = unit },
                currentStart,
                size.End));
            return;
        }

        results.Add(Create(sentence, lower, start, size.End, [low, high], isRange: true, unit, results));
    }

    private static void AddCoordinated(List<MeasurementMatch> results, string sentence, string lower, in SizeSpans size)
    {
        var unit = UnitOf(lower, size.SecondUnit)!;
        var firstUnit = UnitOf(lower, size.FirstUnit) ?? unit;
        var firstEnd = size.FirstUnit.IsEmpty ? size.First.End : size.FirstUnit.End;
        results.Add(Create(
            sentence,
            lower,
            size.First.Start,
            firstEnd,
            [ToMillimetres(lower, size.First, firstUnit)],
            isRange: false,
            firstUnit,
            results));

        results.Add(Create(
            sentence,
            lower,
            size.Second.Start,
            size.End,
            [ToMillimetres(lower, size.Second, unit)],
            isRange: false,
            unit,
            results));
    }

    private static MeasurementMatch Create(
        string sentence,
        string lower,
        int start,
        int end,
        IReadOnlyList<decimal> values,
        bool isRange,
        string unit,
        List<MeasurementMatch> earlier)
    {
        var measurement = new Measurement
        {
            Text = sentence[start..end],
            ValuesMm = values,
            IsRange = isRange,
            IsPrior = IsPrior(lower, start, end, earlier),
            Unit = unit,
        };
        return new MeasurementMatch(measurement, start, end);
    }

    private static bool IsPrior(string lower, int start, int end, List<MeasurementMatch> earlier)
    {
        var before = PrecedingWords(lower, start, earlier);
        if (before.Length > 0 && PriorBefore().IsMatch(before))
        {
            return true;
        }

        return PriorAfter().IsMatch(lower.AsSpan(end, Math.Min(lower.Length - end, 40)));
    }

    // Text between the previous measurement (or the start of the clause) and this one.
    private static ReadOnlySpan<char> PrecedingWords(string lower, int start, List<MeasurementMatch> earlier)
    {
        var from = earlier.Count > 0 ? Math.Min(earlier[^1].End, start) : 0;
        for (var i = start - 1; i >= from; i--)
        {
            if (lower[i] is ',' or ';' or ':' or '(')
            {
                from = i + 1;
                break;
            }
        }

        return lower.AsSpan(from, start - from).Trim();
    }

    // "120 mm Hg" and "14 cm H2O" are pressures, "1.3 cm square" is an area, "280 cm/sec" a velocity.
    private static bool IsFollowedByNonLengthUnit(string lower, int end)
    {
        var rest = lower.AsSpan(end);
        if (rest.StartsWith("/", StringComparison.Ordinal))
        {
            return rest.Length > 1 && char.IsLetter(rest[1]);
        }

        rest = rest.TrimStart();
        return rest.StartsWith("hg", StringComparison.Ordinal) || rest.StartsWith("h2o", StringComparison.Ordinal)
            || rest.StartsWith("h20", StringComparison.Ordinal) || rest.StartsWith("square", StringComparison.Ordinal)
            || rest.StartsWith("sq ", StringComparison.Ordinal);
    }

    // "up to 5 mm", "as large as 5 mm" and "at least 5 mm" keep their words in the measurement text.
    private static int BoundPrefixLength(string lower, int numberStart)
    {
        var before = lower.AsSpan(0, numberStart).TrimEnd();
        if (before.Length == numberStart)
        {
            return 0;
        }

        foreach (var prefix in BoundPrefixes)
        {
            if (before.EndsWith(prefix, StringComparison.Ordinal)
                && (before.Length == prefix.Length || !char.IsLetter(before[^(prefix.Length + 1)])))
            {
                return numberStart - (before.Length - prefix.Length);
            }
        }

        return 0;
    }

    private static string? UnitOf(string lower, TextSpan unit)
    {
        if (unit.IsEmpty)
        {
            return null;
        }

        return lower[unit.Start] == 'c' ? "cm" : "mm";
    }

    private static decimal ToMillimetres(string lower, TextSpan number, string unit)
    {
        var value = decimal.Parse(
            lower.AsSpan(number.Start, number.End - number.Start),
            NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture);

        if (unit != "cm")
        {
            return value;
        }

        // Moving the decimal point keeps the written precision: "1.20 cm" becomes 12.0 mm, "1.1 cm" 11 mm, "2 cm" 20 mm.
        var millimetres = value * 10m;
        return value.Scale > 0 ? Math.Round(millimetres, value.Scale - 1) : millimetres;
    }

    /// <summary>Whether a character is a word character as regular expressions define \\w: a letter, a decimal digit, a combining mark or "_".</summary>
    internal static bool IsWordChar(char c)
    {
        if (char.IsAsciiLetterOrDigit(c))
        {
            return true;
        }

        if (c < 128)
        {
            return c == '_';
        }

        return char.GetUnicodeCategory(c) is UnicodeCategory.UppercaseLetter
            or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter
            or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.ConnectorPunctuation;
    }

    [GeneratedRegex(@"(?:\b(?:previously|previous|prior|formerly|before|compared\s+(?:to|with)|had\s+measured)\b[^0-9]{0,24}|\bfrom\s*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PriorBefore();

    [GeneratedRegex(@"^\s*\)?\s*(?:on\s+(?:the\s+)?)?(?:previously|prior\b|before\b|on\s+the\s+prior|previous\s+(?:exam|study))", RegexOptions.CultureInvariant)]
    private static partial Regex PriorAfter();
}
