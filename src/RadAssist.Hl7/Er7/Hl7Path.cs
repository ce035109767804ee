using System.Globalization;

namespace RadAssist.Hl7;

/// <summary>
/// A location such as <c>PID-5</c>, <c>PID-5.1</c>, <c>OBX(2)-5</c> or <c>PID-3(2).1.2</c>: segment with an optional
/// occurrence, field with an optional repetition, then component and subcomponent; all numbers 1-based.
/// </summary>
internal readonly record struct Hl7Path(
    string Segment,
    int Occurrence,
    int Field,
    int Repetition,
    int Component,
    int Subcomponent)
{
    public static Hl7Path Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);

        var text = path.AsSpan().Trim();
        if (text.Length < 5 || !IsSegmentName(text[..3]))
        {
            throw Invalid(path, "it must start with a three-character segment name such as PID");
        }

        var position = 3;
        var occurrence = ReadBracketed(text, ref position, path, "segment occurrence") ?? 1;
        if (position >= text.Length || text[position] != '-')
        {
            throw Invalid(path, "a '-' and a field number must follow the segment name");
        }

        position++;
        var field = ReadNumber(text, ref position, path, "field");
        var repetition = ReadBracketed(text, ref position, path, "repetition") ?? 0;
        var component = 0;
        var subcomponent = 0;
        if (position < text.Length && text[position] == '.')
        {
            position++;
            component = ReadNumber(text, ref position, path, "component");
            if (position < text.Length && text[position] == '.')
            {
                position++;
                subcomponent = ReadNumber(text, ref position, path, "subcomponent");
            }
        }

        if (position != text.Length)
        {
            throw Invalid(path, $"unexpected '{text[position]}' at position {position + 1}");
        }

        return new Hl7Path(text[..3].ToString(), occurrence, field, repetition, component, subcomponent);
    }

    private static bool IsSegmentName(ReadOnlySpan<char> name)
    {
        foreach (var character in name)
        {
            if (!char.IsAsciiLetterUpper(character) && !char.IsAsciiDigit(character))
            {
                return false;
            }
        }

        return true;
    }

    private static int? ReadBracketed(ReadOnlySpan<char> text, ref int position, string path, string what)
    {
        if (position >= text.Length || text[position] != '(')
        {
            return null;
        }

        position++;
        var number = ReadNumber(text, ref position, path, what);
        if (position >= text.Length || text[position] != ')')
        {
            throw Invalid(path, $"the {what} needs a closing ')'");
        }

        position++;
        return number;
    }

    private static int ReadNumber(ReadOnlySpan<char> text, ref int position, string path, string what)
    {
        var start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position]))
        {
            position++;
        }

        var digits = text[start..position];
        if (digits.IsEmpty || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ||
            number < 1)
        {
            throw Invalid(path, $"the {what} must be a number of 1 or more");
        }

        return number;
    }

    private static Hl7ParseException Invalid(string path, string reason) =>
        new(Hl7ErrorCode.InvalidPath, $"The HL7 path '{path}' is invalid: {reason}. Example: PID-3(2).1.", path, -1);
}
