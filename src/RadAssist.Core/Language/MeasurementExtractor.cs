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
    private const string Number = @"(?:\d+(?:\.\d+)?|\.\d+)";
    private const string Unit = @"(?:millimet(?:er|re)s?|centimet(?:er|re)s?|mm|cm)";

    private static readonly string[] BoundPrefixes = ["up to", "as large as", "at least"];

    /// <summary>Extracts the measurements of one sentence in order.</summary>
    public static List<MeasurementMatch> Extract(string sentence)
    {
        var results = new List<MeasurementMatch>();
        if (!sentence.AsSpan().ContainsAnyInRange('0', '9'))
        {
            return results;
        }

        var lower = sentence.ToLowerInvariant();

        foreach (Match match in SizePattern().Matches(sentence))
        {
            if (IsFollowedByNonLengthUnit(lower, match.Index + match.Length))
            {
                continue;
            }

            if (match.Groups["n2"].Success)
            {
                AddRange(results, sentence, lower, match);
            }
            else if (match.Groups["n3"].Success)
            {
                AddCoordinated(results, sentence, lower, match);
            }
            else
            {
                AddDimensions(results, sentence, lower, match);
            }
        }

        return results;
    }

    private static void AddDimensions(List<MeasurementMatch> results, string sentence, string lower, Match match)
    {
        var numbers = new List<(string Text, string? Unit)> { (match.Groups["n1"].Value, UnitOf(match.Groups["u1"])) };
        for (var i = 0; i < match.Groups["nd"].Captures.Count; i++)
        {
            numbers.Add((match.Groups["nd"].Captures[i].Value, null));
        }

        // Dimension units are captured separately, and a unit on any later dimension applies to the numbers before it.
        var dimensionUnits = match.Groups["ud"].Captures;
        var lastUnit = dimensionUnits.Count > 0 ? NormalizeUnit(dimensionUnits[^1].Value) : numbers[0].Unit;
        if (lastUnit is null)
        {
            return;
        }

        var values = new List<decimal>(numbers.Count);
        foreach (var (text, unit) in numbers)
        {
            values.Add(ToMillimetres(text, unit ?? lastUnit));
        }

        var start = match.Groups["n1"].Index - BoundPrefixLength(lower, match.Groups["n1"].Index);
        var end = match.Index + match.Length;
        results.Add(Create(sentence, lower, start, end, values, isRange: false, lastUnit, results));
    }

    private static void AddRange(List<MeasurementMatch> results, string sentence, string lower, Match match)
    {
        var unit = NormalizeUnit(match.Groups["u2"].Value)!;
        var firstUnit = UnitOf(match.Groups["u1"]) ?? unit;
        var low = ToMillimetres(match.Groups["n1"].Value, firstUnit);
        var high = ToMillimetres(match.Groups["n2"].Value, unit);
        var start = match.Groups["n1"].Index;
        var end = match.Index + match.Length;

        // "increased from 8 to 12 mm" states the prior and the current size, not a range.
        if (PrecedingWords(lower, start, results).EndsWith("from", StringComparison.Ordinal))
        {
            var priorEnd = match.Groups["n1"].Index + match.Groups["n1"].Length;
            if (match.Groups["u1"].Success)
            {
                priorEnd = match.Groups["u1"].Index + match.Groups["u1"].Length;
            }

            results.Add(new MeasurementMatch(
                new Measurement { Text = sentence[start..priorEnd], ValuesMm = [low], IsPrior = true, Unit = firstUnit },
                start,
                priorEnd));
            var currentStart = match.Groups["n2"].Index;
            results.Add(new MeasurementMatch(
                new Measurement { Text = sentence[currentStart..end], ValuesMm = [high], Unit = unit },
                currentStart,
                end));
            return;
        }

        results.Add(Create(sentence, lower, start, end, [low, high], isRange: true, unit, results));
    }

    private static void AddCoordinated(List<MeasurementMatch> results, string sentence, string lower, Match match)
    {
        var unit = NormalizeUnit(match.Groups["u3"].Value)!;
        var firstUnit = UnitOf(match.Groups["u1"]) ?? unit;
        var firstEnd = match.Groups["u1"].Success
            ? match.Groups["u1"].Index + match.Groups["u1"].Length
            : match.Groups["n1"].Index + match.Groups["n1"].Length;
        var first = Create(
            sentence,
            lower,
            match.Groups["n1"].Index,
            firstEnd,
            [ToMillimetres(match.Groups["n1"].Value, firstUnit)],
            isRange: false,
            firstUnit,
            results);
        results.Add(first);

        var secondStart = match.Groups["n3"].Index;
        results.Add(Create(
            sentence,
            lower,
            secondStart,
            match.Index + match.Length,
            [ToMillimetres(match.Groups["n3"].Value, unit)],
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
        if (PriorBefore().IsMatch(before))
        {
            return true;
        }

        return PriorAfter().IsMatch(lower.AsSpan(end, Math.Min(lower.Length - end, 40)));
    }

    // Text between the previous measurement (or the start of the clause) and this one.
    private static string PrecedingWords(string lower, int start, List<MeasurementMatch> earlier)
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

        return lower[from..start].Trim();
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

    // "up to 5 mm", "as large as 5 mm" and "at least 5 mm" keep their words in the measurement text. The check runs
    // here instead of in the pattern, so the pattern only starts at digits.
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

    private static string? UnitOf(Group group) => group.Success ? NormalizeUnit(group.Value) : null;

    private static string? NormalizeUnit(string unit)
    {
        if (unit.Length == 0)
        {
            return null;
        }

        return unit[0] is 'c' or 'C' ? "cm" : "mm";
    }

    private static decimal ToMillimetres(string number, string unit)
    {
        var value = decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

        if (unit != "cm")
        {
            return value;
        }

        // Moving the decimal point keeps the written precision: "1.20 cm" becomes 12.0 mm, "1.1 cm" 11 mm, "2 cm" 20 mm.
        var millimetres = value * 10m;
        return value.Scale > 0 ? Math.Round(millimetres, value.Scale - 1) : millimetres;
    }

    [GeneratedRegex(
        @"(?<![\w.])(?<n1>" + Number + @")\s*(?<u1>" + Unit + @"(?![\w²³]))?"
        + @"(?:(?:\s*(?:x|×|by)\s*(?<nd>" + Number + @")\s*(?:(?<ud>" + Unit + @")(?![\w²³]))?){1,2}"
        + @"|\s*(?:-|–|to)\s*(?<n2>" + Number + @")\s*(?<u2>" + Unit + @")"
        + @"|\s*,?\s*(?:and|or)\s+(?<n3>" + Number + @")\s*(?<u3>" + Unit + @"))?(?![\w²³])",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SizePattern();

    [GeneratedRegex(@"(?:\b(?:previously|previous|prior|formerly|before|compared\s+(?:to|with)|had\s+measured)\b[^0-9]{0,24}|\bfrom\s*)$", RegexOptions.CultureInvariant)]
    private static partial Regex PriorBefore();

    [GeneratedRegex(@"^\s*\)?\s*(?:on\s+(?:the\s+)?)?(?:previously|prior\b|before\b|on\s+the\s+prior|previous\s+(?:exam|study))", RegexOptions.CultureInvariant)]
    private static partial Regex PriorAfter();
}
