using System.Globalization;

namespace RadAssist.Hl7;

/// <summary>Reads HL7 v2 DTM, TS and DT values: YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ] (section 2A.22).</summary>
internal static class Hl7DateTime
{
    /// <summary>
    /// Tries to read a date and time. A value without an offset is taken as UTC, because the sender's local offset
    /// is not known. Returns <see langword="false"/> for absent and null values and for malformed text.
    /// </summary>
    public static bool TryParse(Hl7Value value, out DateTimeOffset result)
    {
        result = default;
        return value.HasValue && TryParse(value.GetComponent(1).ToString(), out result);
    }

    public static bool TryParse(ReadOnlySpan<char> text, out DateTimeOffset result)
    {
        result = default;
        text = text.Trim();
        var offset = TimeSpan.Zero;
        var sign = text.IndexOfAny('+', '-');
        if (sign >= 0)
        {
            var zone = text[(sign + 1)..];
            if (zone.Length != 4 ||
                !int.TryParse(zone[..2], NumberStyles.None, CultureInfo.InvariantCulture, out var hours) ||
                !int.TryParse(zone[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) ||
                hours > 14 || minutes > 59)
            {
                return false;
            }

            offset = new TimeSpan(hours, minutes, 0);
            offset = text[sign] == '-' ? -offset : offset;
            text = text[..sign];
        }

        var fraction = 0L;
        var dot = text.IndexOf('.');
        if (dot >= 0)
        {
            var digits = text[(dot + 1)..];
            if (digits.IsEmpty || digits.Length > 4 ||
                !long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out fraction))
            {
                return false;
            }

            fraction *= (long)Math.Pow(10, 7 - digits.Length);
            text = text[..dot];
        }

        if (text.Length is < 4 or > 14 || text.Length % 2 != 0 ||
            !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        var year = Part(text, 0, 4, 1);
        var month = Part(text, 4, 2, 1);
        var day = Part(text, 6, 2, 1);
        var hour = Part(text, 8, 2, 0);
        var minute = Part(text, 10, 2, 0);
        var second = Part(text, 12, 2, 0);
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 ||
            second > 59)
        {
            return false;
        }

        result = new DateTimeOffset(year, month, day, hour, minute, second, offset).AddTicks(fraction);
        return true;
    }

    /// <summary>Tries to read the date part of a DT, DTM or TS value.</summary>
    public static bool TryParseDate(Hl7Value value, out DateOnly result)
    {
        result = default;
        var text = value.GetComponent(1).ToString();
        if (!value.HasValue || text.Length < 8 || !TryParse(text.AsSpan(0, 8), out var dateTime))
        {
            return false;
        }

        result = DateOnly.FromDateTime(dateTime.DateTime);
        return true;
    }

    /// <summary>Formats a time as DTM to the second with its offset, such as <c>20261204101500+0000</c>.</summary>
    public static string Format(DateTimeOffset value) =>
        value.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) +
        (value.Offset < TimeSpan.Zero ? "-" : "+") +
        value.Offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);

    private static int Part(ReadOnlySpan<char> text, int start, int length, int missing) =>
        text.Length >= start + length
            ? int.Parse(text.Slice(start, length), NumberStyles.None, CultureInfo.InvariantCulture)
            : missing;
}
