using System.Globalization;

namespace RadAssist.Dicom;

/// <summary>A data element tag: group and element number (DICOM PS3.5 section 7.1).</summary>
/// <param name="Group">Group number.</param>
/// <param name="Element">Element number.</param>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    /// <summary>Creates a tag from its 32-bit form <c>0xGGGGEEEE</c>.</summary>
    /// <param name="value">Group in the high 16 bits, element in the low 16 bits.</param>
    public DicomTag(uint value)
        : this((ushort)(value >> 16), (ushort)value)
    {
    }

    /// <summary>The tag as <c>0xGGGGEEEE</c>, which also orders tags as PS3.5 7.1 requires.</summary>
    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Whether the group number is odd, which makes the element private (PS3.5 7.8).</summary>
    public bool IsPrivate => (Group & 1) == 1;

    /// <summary>Whether the element is a Private Creator (gggg,0010-00FF) of a private group.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>Compares tags in ascending order of their 32-bit values.</summary>
    /// <param name="other">The tag to compare with.</param>
    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>Formats the tag as <c>(GGGG,EEEE)</c> in upper-case hexadecimal.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"({Group:X4},{Element:X4})");

    /// <summary>Formats the tag as the eight hexadecimal digits DICOM JSON uses as a key (PS3.18 F.2.1.1).</summary>
    public string ToJsonKey() => Value.ToString("X8", CultureInfo.InvariantCulture);

    /// <summary>Parses <c>GGGGEEEE</c>, <c>(GGGG,EEEE)</c> or <c>GGGG,EEEE</c>.</summary>
    /// <param name="text">The tag text.</param>
    /// <param name="tag">The parsed tag.</param>
    public static bool TryParse(string? text, out DicomTag tag)
    {
        tag = default;
        if (text is null)
        {
            return false;
        }

        var digits = text.Trim().Trim('(', ')').Replace(",", string.Empty, StringComparison.Ordinal);
        if (digits.Length != 8 ||
            !uint.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            return false;
        }

        tag = new DicomTag(value);
        return true;
    }

    /// <summary>Compares tags by value.</summary>
    public static bool operator <(DicomTag left, DicomTag right) => left.Value < right.Value;

    /// <summary>Compares tags by value.</summary>
    public static bool operator >(DicomTag left, DicomTag right) => left.Value > right.Value;

    /// <summary>Compares tags by value.</summary>
    public static bool operator <=(DicomTag left, DicomTag right) => left.Value <= right.Value;

    /// <summary>Compares tags by value.</summary>
    public static bool operator >=(DicomTag left, DicomTag right) => left.Value >= right.Value;
}
