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

    // Case-sensitive, so "Roe" and "ROE" get tokens of their own and re-identification restores the case as written.
    private readonly Dictionary<string, string> _tokenByValue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _valueByToken = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _originalDateByShifted = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _countByKind = new(StringComparer.Ordinal);
    private readonly List<(string Value, string Kind)> _knownValues = [];
    private readonly List<(string Kind, string Original)> _replacements = [];

    public SurrogateMap(int dateShiftDays)
    {
        DateShiftDays = dateShiftDays;
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
        var result = ReplaceWhole(text, PhiPatterns.Email(), "EMAIL");
        result = ReplaceWhole(result, PhiPatterns.Uid(), "UID");
        foreach (var (known, kind) in _knownValues)
        {
            result = ReplaceKnownValue(result, known, kind);
        }

        result = ReplaceGroup(result, PhiPatterns.LabelledMrn(), "MRN");
        result = ReplaceGroup(result, PhiPatterns.LabelledAccession(), "ACCESSION");
        result = ReplaceWhole(result, PhiPatterns.SocialSecurityNumber(), "ID");
        result = ReplaceWhole(result, PhiPatterns.Phone(), "PHONE");
        result = ReplaceWhole(result, PhiPatterns.StreetAddress(), "ADDRESS");
        result = ReplaceGroup(result, PhiPatterns.LabelledName(), "NAME");
        result = ReplaceGroup(result, PhiPatterns.TitledName(), "NAME");
        result = ReplaceGroup(result, PhiPatterns.AgeOver89(), "AGE");
        return ShiftDates(result);
    }

    /// <summary>Returns the date moved back by <see cref="DateShiftDays"/>.</summary>
    public DateOnly ShiftDate(DateOnly date) => date.AddDays(-DateShiftDays);

    /// <summary>Replaces tokens and shifted dates in model output by the original values.</summary>
    public string Reidentify(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var result = PhiPatterns.SurrogateToken().Replace(
            text,
            match => _valueByToken.TryGetValue(match.Value, out var original) ? original : match.Value);

        result = PhiPatterns.NamedMonthDate().Replace(result, RestoreDate);
        result = PhiPatterns.UsDate().Replace(result, RestoreDate);
        result = PhiPatterns.DicomDate().Replace(result, RestoreDate);

        // A model may restate a shifted date in ISO form although the input used another format. Only shifted dates
        // reached the model, so shifting any ISO date back restores the original.
        return PhiPatterns.IsoDate().Replace(result, match =>
        {
            if (_originalDateByShifted.TryGetValue(match.Value, out var original))
            {
                return original;
            }

            return TryReadDate(match, out var date)
                ? date.AddDays(DateShiftDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : match.Value;
        });
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
        result = PhiPatterns.UsDate().Replace(result, match => ShiftMatch(match, DateFormat.Us));
        return PhiPatterns.DicomDate().Replace(result, match => ShiftMatch(match, DateFormat.Dicom));
    }

    private string ShiftMatch(Match match, DateFormat format)
    {
        if (!TryReadDate(match, out var date))
        {
            return match.Value;
        }

        var shifted = ShiftDate(date);
        var text = format switch
        {
            DateFormat.Iso => shifted.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DateFormat.Dicom => shifted.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            DateFormat.Us when match.Groups["y"].Length == 2 =>
                shifted.ToString("MM/dd/yy", CultureInfo.InvariantCulture),
            DateFormat.Us => shifted.ToString("MM/dd/yyyy", CultureInfo.InvariantCulture),
            _ => string.Create(
                CultureInfo.InvariantCulture,
                $"{MonthNames[shifted.Month - 1]} {shifted.Day}, {shifted.Year}"),
        };

        _replacements.Add(("DATE", match.Value));
        _originalDateByShifted[text] = match.Value;
        return text;
    }

    private static bool TryReadDate(Match match, out DateOnly date)
    {
        date = default;
        if (!int.TryParse(match.Groups["y"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            || !int.TryParse(match.Groups["d"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var day))
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
        else if (!int.TryParse(match.Groups["m"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out month))
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
        Us,
        NamedMonth,
        Dicom,
    }
}
