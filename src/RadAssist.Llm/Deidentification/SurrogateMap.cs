using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RadAssist.Llm.Deidentification;

/// <summary>
/// The surrogates of one de-identification run: identifier to token, token to identifier, and the date shift.
/// </summary>
/// <remarks>
/// Tokens look like <c>[NAME-1]</c> and are numbered per kind in order of first appearance, so the same input gives
/// the same de-identified text. Dates are moved back by a fixed number of days and keep their written format. The
/// map lives in memory only and is never logged or audited.
/// </remarks>
internal sealed class SurrogateMap
{
    private static readonly string[] MonthNames = CultureInfo.InvariantCulture.DateTimeFormat.MonthNames;
    private static readonly string[] AbbreviatedMonthNames = CultureInfo.InvariantCulture.DateTimeFormat.AbbreviatedMonthNames;

    // Case-sensitive, so "Roe" and "ROE" get tokens of their own and re-identification restores the case as written.
    private readonly Dictionary<string, string> _tokenByValue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _valueByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _originalDateByShifted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _countByKind = new(StringComparer.Ordinal);
    private readonly List<(string Value, string Kind)> _knownValues = [];
    private readonly List<(string Kind, string Original)> _replacements = [];
    private readonly bool _dayFirstNumericDates;

    public SurrogateMap(int dateShiftDays, bool dayFirstNumericDates = false)
    {
        DateShiftDays = dateShiftDays;
        _dayFirstNumericDates = dayFirstNumericDates;
    }

    /// <summary>Days every date is moved back.</summary>
    public int DateShiftDays { get; }

    /// <summary>Number of identifier occurrences replaced so far, dates included.</summary>
    public int ReplacementCount => _replacements.Count;

    /// <summary>Every replacement so far: the kind and the original text, for measuring precision.</summary>
    public IReadOnlyList<(string Kind, string Original)> Replacements => _replacements;

    /// <summary>
    /// Registers a value known to identify the patient, such as the MRN, so it is replaced wherever it occurs, in any
    /// letter case.
    /// </summary>
    public void AddKnownValue(string kind, string? value)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Trim().Length < 2 || PhiPatterns.SurrogateToken().IsMatch(value))
        {
            return;
        }

        var trimmed = value.Trim();
        if (!_knownValues.Any(known => string.Equals(known.Value, trimmed, StringComparison.OrdinalIgnoreCase)))
        {
            _knownValues.Add((trimmed, kind));
            _knownValues.Sort((a, b) => b.Value.Length.CompareTo(a.Value.Length));
        }
    }

    /// <summary>Returns the token of a value, creating it on first use.</summary>
    public string TokenFor(string kind, string value)
    {
        if (_tokenByValue.TryGetValue(value, out var token))
        {
            return token;
        }

        var number = _countByKind.GetValueOrDefault(kind) + 1;
        _countByKind[kind] = number;
        token = string.Create(CultureInfo.InvariantCulture, $"[{kind}-{number}]");
        _tokenByValue[value] = token;
        _valueByToken[token] = value;
        return token;
    }

    /// <summary>Returns the text with every identifier the patterns and known values find replaced.</summary>
    public string Scrub(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        // E-mail addresses and UIDs go first, whole, because known name parts or MRN digits inside them would
        // otherwise be replaced alone and leave the rest of the address or UID in the text.
        // The e-mail pattern retries at every word, so it runs only on text with an "@".
        var result = text.Contains('@', StringComparison.Ordinal) ? ReplaceWhole(text, PhiPatterns.Email(), "EMAIL") : text;

        // Every pattern but those for e-mail addresses and names needs a digit. Text without one skips them, and the
        // digits of tokens written below are never an identifier.
        var hasDigit = text.AsSpan().ContainsAnyInRange('0', '9');
        if (hasDigit)
        {
            result = ReplaceWhole(result, PhiPatterns.Uid(), "UID");
        }

        foreach (var (known, kind) in _knownValues)
        {
            result = ReplaceKnownValue(result, known, kind);
        }

        if (hasDigit)
        {
            result = ReplaceGroup(result, PhiPatterns.LabelledMrn(), "MRN");
            result = ReplaceGroup(result, PhiPatterns.LabelledAccession(), "ACCESSION");
            result = ReplaceWhole(result, PhiPatterns.SocialSecurityNumber(), "ID");
            result = ReplaceWhole(result, PhiPatterns.InternationalPhone(), "PHONE");
            result = ReplaceWhole(result, PhiPatterns.Phone(), "PHONE");
            result = ReplaceWhole(result, PhiPatterns.StreetAddress(), "ADDRESS");
            result = ReplaceWhole(result, PhiPatterns.CityStateZip(), "ADDRESS");
        }

        result = ReplaceGroup(result, PhiPatterns.LabelledName(), "NAME");
        result = ReplaceGroup(result, PhiPatterns.TitledName(), "NAME");
        if (hasDigit)
        {
            result = ReplaceGroup(result, PhiPatterns.AgeOver89(), "AGE");
        }

        if (result.Contains("ninety", StringComparison.OrdinalIgnoreCase) || result.Contains("hundred", StringComparison.OrdinalIgnoreCase))
        {
            result = ReplaceGroup(result, PhiPatterns.AgeOver89InWords(), "AGE");
        }

        return hasDigit && MayContainDate(text) ? ShiftDates(result) : result;
    }

    /// <summary>
    /// Returns the date moved back by <see cref="DateShiftDays"/>, or <see cref="DateOnly.MinValue"/> for a date in
    /// the first days of year 1, which cannot move back that far and is no date of care.
    /// </summary>
    public DateOnly ShiftDate(DateOnly date) =>
        date.DayNumber >= DateShiftDays ? date.AddDays(-DateShiftDays) : DateOnly.MinValue;

    /// <summary>Replaces tokens and shifted dates in model output by the original values.</summary>
    public string Reidentify(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        // Every token contains "[", and most sentences of a draft contain neither a token nor a date.
        var result = text.Contains('[', StringComparison.Ordinal)
            ? PhiPatterns.SurrogateToken().Replace(text, match => _valueByToken.TryGetValue(match.Value, out var original) ? original : match.Value)
            : text;
        if (!MayContainDate(result))
        {
            return result;
        }

        result = PhiPatterns.NamedMonthDate().Replace(result, RestoreDate);
        result = PhiPatterns.UsDate().Replace(result, RestoreDate);
        result = PhiPatterns.DottedDate().Replace(result, RestoreDate);
        result = PhiPatterns.DicomDate().Replace(result, RestoreDate);

        // A model may restate a shifted date in ISO form although the input used another format. Only shifted dates
        // reached the model, so shifting any ISO date back restores the original.
        return PhiPatterns.IsoDate().Replace(result, match =>
        {
            if (_originalDateByShifted.TryGetValue(match.Value, out var original))
            {
                return original;
            }

            return TryReadDate(match, dayFirst: false, out var date) && DateOnly.MaxValue.DayNumber - date.DayNumber >= DateShiftDays
                ? date.AddDays(DateShiftDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : match.Value;
        });
    }

    /// <summary>
    /// Whether the text may contain a date of a supported format: each has a slash or a run of four digits (the year
    /// or a DICOM DA value), while measurements such as "6 mm" have neither.
    /// </summary>
    private static bool MayContainDate(string text)
    {
        var run = 0;
        foreach (var c in text)
        {
            if (c == '/')
            {
                return true;
            }

            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            if (run == 4)
            {
                return true;
            }
        }

        return false;
    }

    private string RestoreDate(Match match) =>
        _originalDateByShifted.TryGetValue(match.Value, out var original) ? original : match.Value;

    private string ReplaceKnownValue(string text, string known, string kind)
    {
        var index = text.IndexOf(known, StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var start = 0;
        while (index >= 0)
        {
            var end = index + known.Length;
            var wholeWord = (index == 0 || !char.IsLetterOrDigit(text[index - 1]))
                && (end == text.Length || !char.IsLetterOrDigit(text[end]));
            if (wholeWord)
            {
                var written = text.Substring(index, known.Length);
                builder.Append(text, start, index - start).Append(TokenFor(kind, written));
                _replacements.Add((kind, written));
                start = end;
            }

            index = text.IndexOf(known, index + 1 > end ? index + 1 : end, StringComparison.OrdinalIgnoreCase);
        }

        builder.Append(text, start, text.Length - start);
        return builder.ToString();
    }

    private string ReplaceWhole(string text, Regex pattern, string kind) =>
        pattern.Replace(text, match =>
        {
            _replacements.Add((kind, match.Value));
            return TokenFor(kind, match.Value.Trim());
        });

    private string ReplaceGroup(string text, Regex pattern, string kind) =>
        pattern.Replace(text, match =>
        {
            var group = match.Groups["value"];
            if (!group.Success || PhiPatterns.SurrogateToken().IsMatch(group.Value))
            {
                return match.Value;
            }

            _replacements.Add((kind, group.Value));
            var offset = group.Index - match.Index;
            return string.Concat(
                match.Value.AsSpan(0, offset),
                TokenFor(kind, group.Value),
                match.Value.AsSpan(offset + group.Length));
        });

    private string ShiftDates(string text)
    {
        var result = PhiPatterns.NamedMonthDate().Replace(text, match => ShiftMatch(match, DateFormat.NamedMonth));
        result = PhiPatterns.IsoDate().Replace(result, match => ShiftMatch(match, DateFormat.Iso));
        result = PhiPatterns.UsDate().Replace(result, match => ShiftMatch(match, DateFormat.Slashes));
        result = PhiPatterns.DottedDate().Replace(result, match => ShiftMatch(match, DateFormat.Dots));
        return PhiPatterns.DicomDate().Replace(result, match => ShiftMatch(match, DateFormat.Dicom));
    }

    private string ShiftMatch(Match match, DateFormat format)
    {
        // A slashed date is read month first unless the option sets day first. A first number above 12 can only be
        // a day, so 15/01/2024 is read day first either way.
        var dayFirst = format == DateFormat.Slashes && (_dayFirstNumericDates || FirstNumberAbove12(match));
        if (!TryReadDate(match, dayFirst, out var date))
        {
            return match.Value;
        }

        if (date.DayNumber < DateShiftDays)
        {
            // Kept as written, and recorded so that re-identification does not shift it forward.
            _originalDateByShifted[match.Value] = match.Value;
            return match.Value;
        }

        var text = WriteLike(match, ShiftDate(date), dayFirst);
        _replacements.Add(("DATE", match.Value));
        _originalDateByShifted[text] = match.Value;
        return text;
    }

    /// <summary>
    /// Writes a date in the form of a matched one: each number keeps its width, a month name keeps its length and
    /// letter case, an ordinal suffix follows the new day, and the text between the parts stays as written. Dates
    /// written differently therefore shift to different text, so re-identification restores each as written.
    /// </summary>
    /// <remarks>
    /// NOTE: a one-digit number that grows to two digits loses its width, so <c>1/5/24</c> and <c>01/5/24</c> both
    /// become <c>12/6/23</c> with a shift of 30 days, and the second restores as the first.
    /// </remarks>
    private static string WriteLike(Match match, DateOnly date, bool dayFirst)
    {
        var parts = new List<(int Index, int Length, string Text)>(4);
        AddPart(parts, match.Groups["y"], Number(date.Year % (match.Groups["y"].Length == 2 ? 100 : 10_000), match.Groups["y"].Length));
        AddPart(parts, match.Groups["mon"], MonthLike(match.Groups["mon"].Value, date.Month));
        AddPart(parts, match.Groups[dayFirst ? "d" : "m"], Number(date.Month, match.Groups[dayFirst ? "d" : "m"].Length));
        AddPart(parts, match.Groups[dayFirst ? "m" : "d"], Number(date.Day, match.Groups[dayFirst ? "m" : "d"].Length));
        AddPart(parts, match.Groups["ord"], OrdinalSuffix(date.Day, match.Groups["ord"].Value));
        parts.Sort((a, b) => a.Index.CompareTo(b.Index));

        var builder = new StringBuilder(match.Length + 4);
        var position = match.Index;
        foreach (var (index, length, text) in parts)
        {
            builder.Append(match.Value, position - match.Index, index - position).Append(text);
            position = index + length;
        }

        return builder.Append(match.Value, position - match.Index, match.Index + match.Length - position).ToString();
    }

    private static void AddPart(List<(int Index, int Length, string Text)> parts, Group group, string text)
    {
        if (group.Success)
        {
            parts.Add((group.Index, group.Length, text));
        }
    }

    private static string Number(int value, int width) =>
        value.ToString(width >= 2 ? new string('0', width) : "0", CultureInfo.InvariantCulture);

    private static string MonthLike(string written, int month)
    {
        if (written.Length == 0)
        {
            return string.Empty;
        }

        var name = IsFullName(written) ? MonthNames[month - 1] : AbbreviatedMonthNames[month - 1];
        if (written.All(char.IsUpper))
        {
            return name.ToUpperInvariant();
        }

        return written.All(char.IsLower) ? name.ToLowerInvariant() : name;
    }

    private static bool IsFullName(string written) =>
        Array.Exists(MonthNames, name => string.Equals(name, written, StringComparison.OrdinalIgnoreCase));

    private static string OrdinalSuffix(int day, string written)
    {
        var suffix = (day % 10, day / 10 % 10) switch
        {
            (1, not 1) => "st",
            (2, not 1) => "nd",
            (3, not 1) => "rd",
            _ => "th",
        };
        return written.All(char.IsUpper) ? suffix.ToUpperInvariant() : suffix;
    }

    private static bool FirstNumberAbove12(Match match) =>
        int.TryParse(match.Groups["m"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var first) && first > 12;

    /// <summary>Reads a matched date. With <paramref name="dayFirst"/>, the <c>m</c> group of a slashed date is the day.</summary>
    private static bool TryReadDate(Match match, bool dayFirst, out DateOnly date)
    {
        date = default;
        var dayGroup = dayFirst ? "m" : "d";
        var monthGroup = dayFirst ? "d" : "m";
        if (!int.TryParse(match.Groups["y"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(match.Groups[dayGroup].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var day))
        {
            return false;
        }

        if (match.Groups["y"].Length == 2)
        {
            year += year < 50 ? 2000 : 1900;
        }

        int month;
        if (match.Groups["mon"].Success)
        {
            month = Array.FindIndex(
                MonthNames,
                name => name.Length > 0 && name.StartsWith(match.Groups["mon"].Value[..3], StringComparison.OrdinalIgnoreCase)) + 1;
        }
        else if (!int.TryParse(match.Groups[monthGroup].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out month))
        {
            return false;
        }

        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    private enum DateFormat
    {
        Iso,
        Slashes,
        Dots,
        NamedMonth,
        Dicom,
    }
}
