using System.Text;

namespace RadAssist.Hl7;

/// <summary>Maps MSH-18 (HL7 table 0211) to the decoder for a message's bytes.</summary>
internal static class Hl7CharacterSets
{
    /// <summary>The MSH-18 value the SDK writes: UTF-8.</summary>
    public const string Utf8 = "UNICODE UTF-8";

    /// <summary>
    /// Returns the decoder for the first repetition of MSH-18. ASCII and an empty MSH-18 decode as UTF-8, which reads
    /// ASCII unchanged and keeps the UTF-8 text that senders often put in messages declared as ASCII.
    /// </summary>
    public static Encoding Resolve(Hl7Message message, bool strict)
    {
        var value = message.GetField(0, 18).GetRepetition(1).RawSpan.Trim((byte)' ');
        // Table 0211 spells the names in capitals, but some senders write them in lower case.
        if (value.IsEmpty || Ascii.EqualsIgnoreCase(value, "ASCII"u8))
        {
            return Encoding.UTF8;
        }

        if (value.SequenceEqual("8859/1"u8))
        {
            return Encoding.Latin1;
        }

        if (Ascii.EqualsIgnoreCase(value, "UNICODE UTF-8"u8) || Ascii.EqualsIgnoreCase(value, "UTF-8"u8) ||
            Ascii.EqualsIgnoreCase(value, "UTF8"u8))
        {
            return Encoding.UTF8;
        }

        var name = Encoding.ASCII.GetString(value);
        if (strict)
        {
            throw new Hl7ParseException(
                Hl7ErrorCode.UnsupportedCharacterSet,
                $"MSH-18 (character set) '{name}' is not supported; use ASCII, 8859/1 or UNICODE UTF-8.",
                "MSH-18",
                -1);
        }

        // NOTE: other sets of table 0211 (8859/2 to 8859/15, ISO IR87, UTF-16) are read as Latin-1, which maps every
        // byte to one character, so the bytes survive re-encoding but non-Latin-1 letters read wrong.
        return Encoding.Latin1;
    }
}
