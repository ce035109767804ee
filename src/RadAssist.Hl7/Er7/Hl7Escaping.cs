using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;

namespace RadAssist.Hl7;

/// <summary>Decodes and writes the escape sequences of HL7 v2 section 2.7.</summary>
internal static class Hl7Escaping
{
    private const int MaxRepeatCount = 100;

    // Values up to this many bytes decode on the stack, and longer ones use the byte decoder and pooled arrays.
    private const int MaxStackChars = 512;

    private static readonly SearchValues<byte> BackslashOrNonAscii = SearchValues.Create(
        [(byte)'\\', .. Enumerable.Range(0x80, 0x80).Select(value => (byte)value)]);

    /// <summary>
    /// Decodes a raw value: delimiter escapes (F, S, T, R, E and the truncation escape P), hexadecimal data (X) in the
    /// message character set, and the formatting commands of FT (<c>.br</c>, <c>.sp</c>, <c>.sk</c>, <c>.ce</c>
    /// become line breaks or spaces; <c>.in</c>, <c>.ti</c>, <c>.fi</c>, <c>.nf</c>, H and N are dropped).
    /// </summary>
    /// <remarks>
    /// Line breaks decode to LF. Escape sequences the decoder does not know, character set switches (C, M), local
    /// escapes (Z) and an escape that is never closed stay in the text as written, so no data is lost.
    /// </remarks>
    public static string Decode(
        ReadOnlySpan<byte> raw,
        in Hl7Delimiters delimiters,
        Encoding encoding,
        Hl7ValueLevel level = Hl7ValueLevel.Subcomponent)
    {
        // One search finds both an escape and a byte outside ASCII when the escape is the usual backslash.
        if (delimiters.Escape == (byte)'\\' && delimiters.HasEscape)
        {
            var special = raw.IndexOfAny(BackslashOrNonAscii);
            if (special < 0)
            {
                return Encoding.Latin1.GetString(raw);
            }

            // A byte outside ASCII comes before any backslash, so the value needs the byte decoder.
            if (raw[special] != (byte)'\\')
            {
                return raw[special..].Contains((byte)'\\')
                    ? DecodeBytes(raw, delimiters, encoding, IsComposite(raw, delimiters, level))
                    : encoding.GetString(raw);
            }
        }
        else if (!delimiters.HasEscape || raw.IndexOf(delimiters.Escape) < 0)
        {
            return GetString(raw, encoding);
        }

        if (IsComposite(raw, delimiters, level))
        {
            return DecodeBytes(raw, delimiters, encoding, keepDelimiterEscapes: true);
        }

        // ASCII text, which is what nearly every report carries, decodes straight into characters, because ASCII
        // bytes are the same characters in all three supported character sets.
        if (raw.Length <= MaxStackChars)
        {
            Span<char> characters = stackalloc char[raw.Length + 16];
            var written = TryDecodeAscii(raw, delimiters, characters);
            if (written >= 0)
            {
                return new string(characters[..written]);
            }
        }

        return DecodeBytes(raw, delimiters, encoding);
    }

    /// <summary>
    /// Decodes bytes in the message character set. ASCII bytes in a UTF-8 message are widened as Latin-1, which gives
    /// the same text. On .NET 10.0.12 that took about a third of the time of the UTF-8 decoder for 80 ASCII bytes.
    /// </summary>
    public static string GetString(ReadOnlySpan<byte> bytes, Encoding encoding) =>
        encoding is UTF8Encoding && System.Text.Ascii.IsValid(bytes)
            ? Encoding.Latin1.GetString(bytes)
            : encoding.GetString(bytes);

    /// <summary>Decodes any value: escape sequences to bytes in the message character set, then the bytes to text.</summary>
    internal static string DecodeBytes(
        ReadOnlySpan<byte> raw,
        in Hl7Delimiters delimiters,
        Encoding encoding,
        bool keepDelimiterEscapes = false)
    {
        // Decoding shortens a value unless .sp or .sk repeat, so a stack buffer of the raw length plus a margin
        // usually fits. It grows into pooled arrays.
        var output = new ByteBuilder(raw.Length <= 1008 ? stackalloc byte[raw.Length + 16] : stackalloc byte[256]);
        try
        {
            var position = 0;
            while (position < raw.Length)
            {
                var relative = raw[position..].IndexOf(delimiters.Escape);
                if (relative < 0)
                {
                    output.Append(raw[position..]);
                    break;
                }

                output.Append(raw.Slice(position, relative));
                var open = position + relative;
                var closeRelative = raw[(open + 1)..].IndexOf(delimiters.Escape);
                if (closeRelative < 0)
                {
                    output.Append(raw[open..]);
                    break;
                }

                var close = open + 1 + closeRelative;
                var sequence = raw[(open + 1)..close];
                if ((keepDelimiterEscapes && KeepsDelimiter(sequence, delimiters)) ||
                    !TryDecodeSequence(sequence, delimiters, encoding, ref output))
                {
                    output.Append(raw[open..(close + 1)]);
                }

                position = close + 1;
            }

            return GetString(output.Written, encoding);
        }
        finally
        {
            output.Dispose();
        }
    }

    /// <summary>
    /// Tells whether a value has separators of the levels below its own, such as a field with components. Such a
    /// value keeps the escapes of separators and of the escape character, so that it can still be split.
    /// </summary>
    private static bool IsComposite(ReadOnlySpan<byte> raw, in Hl7Delimiters delimiters, Hl7ValueLevel level) => level switch
    {
        Hl7ValueLevel.Field => raw.IndexOfAny(delimiters.Repetition, delimiters.Component, delimiters.Subcomponent) >= 0,
        Hl7ValueLevel.Repetition => raw.IndexOfAny(delimiters.Component, delimiters.Subcomponent) >= 0,
        Hl7ValueLevel.Component => raw.Contains(delimiters.Subcomponent),
        _ => false,
    };

    /// <summary>
    /// Tells whether an escape sequence stands for a separator or the escape character: <c>\S\</c>, <c>\T\</c>,
    /// <c>\R\</c>, <c>\E\</c>, or hexadecimal data with one of those bytes. A composite value keeps it as written.
    /// </summary>
    private static bool KeepsDelimiter(ReadOnlySpan<byte> sequence, in Hl7Delimiters delimiters)
    {
        if (sequence.Length == 1)
        {
            return sequence[0] is (byte)'S' or (byte)'T' or (byte)'R' or (byte)'E';
        }

        if (sequence.Length < 3 || sequence[0] is not ((byte)'X' or (byte)'x'))
        {
            return false;
        }

        for (var i = 1; i + 1 < sequence.Length; i += 2)
        {
            var value = HexByte(sequence[i], sequence[i + 1]);
            if (value == delimiters.Component || value == delimiters.Repetition || value == delimiters.Subcomponent ||
                value == delimiters.Escape)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Decodes ASCII bytes straight into characters and returns the count, or -1 when the value needs the byte
    /// decoder: a byte or hexadecimal data outside ASCII, a rare formatting command, or output longer than the buffer.
    /// </summary>
    private static int TryDecodeAscii(ReadOnlySpan<byte> raw, in Hl7Delimiters delimiters, Span<char> output)
    {
        var escape = delimiters.Escape;
        var escapes = Vector128.Create(escape);
        var units = MemoryMarshal.Cast<char, ushort>(output);
        var written = 0;
        var position = 0;
        while (true)
        {
            // Sixteen bytes at a time are widened and stored before they are checked. The characters after the first
            // escape or non-ASCII byte are overwritten later. A value never decodes longer than it is written, so the
            // store stays inside a buffer 16 characters longer than the value.
            if (position + Vector128<byte>.Count <= raw.Length)
            {
                var block = Vector128.Create(raw.Slice(position, Vector128<byte>.Count));
                var (lower, upper) = Vector128.Widen(block);
                lower.CopyTo(units[written..]);
                upper.CopyTo(units[(written + Vector128<ushort>.Count)..]);
                var special = Vector128.Equals(block, escapes).ExtractMostSignificantBits() | block.ExtractMostSignificantBits();
                if (special == 0)
                {
                    position += Vector128<byte>.Count;
                    written += Vector128<byte>.Count;
                    continue;
                }

                var offset = BitOperations.TrailingZeroCount(special);
                position += offset;
                written += offset;
            }
            else
            {
                while (position < raw.Length && raw[position] != escape && raw[position] < 0x80)
                {
                    output[written++] = (char)raw[position++];
                }

                if (position == raw.Length)
                {
                    return written;
                }
            }

            if (raw[position] != escape)
            {
                return -1;
            }

            var open = position;
            position++;
            while (position < raw.Length && raw[position] != escape)
            {
                position++;
            }

            if (position == raw.Length)
            {
                return -1;
            }

            var sequence = raw[(open + 1)..position];
            position++;
            if (sequence.Length == 1)
            {
                var delimiter = DelimiterOf(sequence[0], delimiters);
                if (delimiter != 0)
                {
                    output[written++] = (char)delimiter;
                }
                else if (!IsHighlighting(sequence[0]))
                {
                    return -1;
                }
            }
            else if (sequence.Length == 3 && sequence[0] == (byte)'.' && sequence[1] == (byte)'b' &&
                     sequence[2] == (byte)'r')
            {
                output[written++] = '\n';
            }
            else if (sequence.Length > 1 && sequence[0] is (byte)'X' or (byte)'x')
            {
                written = TryDecodeHexAscii(sequence[1..], output, written);
                if (written < 0)
                {
                    return -1;
                }
            }
            else
            {
                return -1;
            }
        }
    }

    /// <summary>
    /// Appends the characters of a hexadecimal escape whose bytes are ASCII, or of 16-bit units below U+0100, as
    /// <see cref="TryDecodeHex"/> reads them, and returns -1 for anything else.
    /// </summary>
    private static int TryDecodeHexAscii(ReadOnlySpan<byte> digits, Span<char> output, int written)
    {
        if (digits.IsEmpty || digits.Length % 2 != 0 || digits.Length / 2 > output.Length - written)
        {
            return -1;
        }

        var wide = digits.Length % 4 == 0;
        for (var i = 0; i < digits.Length; i += 2)
        {
            var value = HexByte(digits[i], digits[i + 1]);
            if (value < 0 || value >= 0x80)
            {
                return -1;
            }

            // 16-bit units have a zero high byte and a non-zero low byte.
            wide &= (i % 4 == 0) == (value == 0);
            output[written + (i / 2)] = (char)value;
        }

        if (!wide)
        {
            return written + (digits.Length / 2);
        }

        var count = digits.Length / 4;
        for (var i = 0; i < count; i++)
        {
            output[written + i] = output[written + (2 * i) + 1];
        }

        return written + count;
    }

    /// <summary>
    /// Writes text with every delimiter escaped. Line breaks become <c>\.br\</c> in formatted text (FT) and
    /// hexadecimal escapes otherwise, and other control characters become hexadecimal escapes.
    /// </summary>
    public static void Encode(
        ReadOnlySpan<char> text,
        in Hl7Delimiters delimiters,
        bool formattedText,
        Encoding encoding,
        IBufferWriter<byte> output)
    {
        var escape = (char)delimiters.Escape;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var character = text[i];
            string? replacement = null;
            if (character >= 0x20 && character != 0x7F)
            {
                replacement = character == (char)delimiters.Field ? "F"
                    : character == (char)delimiters.Component ? "S"
                    : character == (char)delimiters.Subcomponent && delimiters.Subcomponent != delimiters.Field ? "T"
                    : character == (char)delimiters.Repetition && delimiters.Repetition != delimiters.Field ? "R"
                    : character == escape && delimiters.HasEscape ? "E"
                    : delimiters.Truncation != 0 && character == (char)delimiters.Truncation ? "P"
                    : null;
                if (replacement is null)
                {
                    continue;
                }
            }

            Write(text[start..i], encoding, output);
            if (replacement is not null)
            {
                WriteEscape(replacement, escape, output);
            }
            else if (character is '\r' or '\n')
            {
                var pair = character == '\r' && i + 1 < text.Length && text[i + 1] == '\n';
                if (formattedText)
                {
                    WriteEscape(".br", escape, output);
                }
                else
                {
                    WriteEscape(pair ? "X0D0A" : character == '\r' ? "X0D" : "X0A", escape, output);
                }

                i += pair ? 1 : 0;
            }
            else
            {
                WriteEscape("X" + ((int)character).ToString("X2", CultureInfo.InvariantCulture), escape, output);
            }

            start = i + 1;
        }

        Write(text[start..], encoding, output);
    }

    /// <summary>Returns text with every delimiter escaped, for callers that build strings.</summary>
    public static string Encode(string text, in Hl7Delimiters delimiters, bool formattedText)
    {
        var buffer = new ArrayBufferWriter<byte>(text.Length + 16);
        Encode(text, delimiters, formattedText, Encoding.UTF8, buffer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void Write(ReadOnlySpan<char> text, Encoding encoding, IBufferWriter<byte> output)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var span = output.GetSpan(encoding.GetMaxByteCount(text.Length));
        output.Advance(encoding.GetBytes(text, span));
    }

    private static void WriteEscape(string code, char escape, IBufferWriter<byte> output)
    {
        var span = output.GetSpan(code.Length + 2);
        span[0] = (byte)escape;
        for (var i = 0; i < code.Length; i++)
        {
            span[i + 1] = (byte)code[i];
        }

        span[code.Length + 1] = (byte)escape;
        output.Advance(code.Length + 2);
    }

    /// <summary>
    /// Returns the character a one-letter escape stands for (F, S, T, R, E, and P for the truncation character, or
    /// <c>#</c> when MSH-2 declares none), or 0 for any other letter.
    /// </summary>
    private static byte DelimiterOf(byte code, in Hl7Delimiters delimiters) => code switch
    {
        (byte)'F' => delimiters.Field,
        (byte)'S' => delimiters.Component,
        (byte)'T' => delimiters.Subcomponent,
        (byte)'R' => delimiters.Repetition,
        (byte)'E' => delimiters.Escape,
        (byte)'P' => delimiters.Truncation == 0 ? (byte)'#' : delimiters.Truncation,
        _ => 0,
    };

    /// <summary>Tells whether a one-letter escape turns highlighting on or off (H, N), which has no plain-text form.</summary>
    private static bool IsHighlighting(byte code) => code is (byte)'H' or (byte)'N';

    /// <summary>Returns the byte two hexadecimal digits write, or a negative number when either is not a digit.</summary>
    private static int HexByte(byte high, byte low) => (HexValue(high) << 4) | HexValue(low);

    private static bool TryDecodeSequence(
        ReadOnlySpan<byte> sequence,
        in Hl7Delimiters delimiters,
        Encoding encoding,
        ref ByteBuilder output)
    {
        if (sequence.Length == 1)
        {
            var delimiter = DelimiterOf(sequence[0], delimiters);
            if (delimiter != 0)
            {
                output.Append(delimiter);
                return true;
            }

            return IsHighlighting(sequence[0]);
        }

        if (sequence.Length > 1 && sequence[0] is (byte)'X' or (byte)'x')
        {
            return TryDecodeHex(sequence[1..], encoding, ref output);
        }

        if (sequence.Length >= 3 && sequence[0] == (byte)'.')
        {
            return TryDecodeFormatting(sequence[1..], ref output);
        }

        return false;
    }

    private static bool TryDecodeHex(ReadOnlySpan<byte> digits, Encoding encoding, ref ByteBuilder output)
    {
        if (digits.Length % 2 != 0 || digits.Length == 0)
        {
            return false;
        }

        Span<byte> bytes = digits.Length <= 128 ? stackalloc byte[digits.Length / 2] : new byte[digits.Length / 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            var value = HexByte(digits[2 * i], digits[(2 * i) + 1]);
            if (value < 0)
            {
                return false;
            }

            bytes[i] = (byte)value;
        }

        // Some senders write 16-bit code units such as \X000d\ for CR. Read as bytes that would be NUL followed by the
        // character, which no report text means, so they are read as UTF-16 big-endian code units instead.
        if (bytes.Length % 2 == 0 && IsUtf16BigEndianWithZeroHighBytes(bytes))
        {
            Span<char> characters = stackalloc char[1];
            Span<byte> encoded = stackalloc byte[8];
            for (var i = 0; i < bytes.Length; i += 2)
            {
                characters[0] = (char)bytes[i + 1];
                var count = encoding.GetBytes(characters, encoded);
                output.Append(encoded[..count]);
            }

            return true;
        }

        output.Append(bytes);
        return true;
    }

    private static bool IsUtf16BigEndianWithZeroHighBytes(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i += 2)
        {
            if (bytes[i] != 0 || bytes[i + 1] == 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int HexValue(byte digit) => digit switch
    {
        >= (byte)'0' and <= (byte)'9' => digit - '0',
        >= (byte)'A' and <= (byte)'F' => digit - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => digit - 'a' + 10,
        _ => -1,
    };

    private static bool TryDecodeFormatting(ReadOnlySpan<byte> command, ref ByteBuilder output)
    {
        var name = command[..2];
        var argument = command[2..].Trim((byte)' ');
        var count = 1;
        if (!argument.IsEmpty)
        {
            if (argument[0] is (byte)'+' or (byte)'-')
            {
                argument = argument[1..];
            }

            if (!int.TryParse(argument, NumberStyles.None, CultureInfo.InvariantCulture, out count))
            {
                return false;
            }

            count = Math.Min(count, MaxRepeatCount);
        }

        if (name.SequenceEqual("br"u8))
        {
            output.Append((byte)'\n');
        }
        else if (name.SequenceEqual("sp"u8))
        {
            output.Append((byte)'\n', count);
        }
        else if (name.SequenceEqual("sk"u8))
        {
            output.Append((byte)' ', count);
        }
        else if (name.SequenceEqual("ce"u8))
        {
            output.Append((byte)'\n');
        }
        else if (!name.SequenceEqual("in"u8) && !name.SequenceEqual("ti"u8) && !name.SequenceEqual("fi"u8) &&
                 !name.SequenceEqual("nf"u8))
        {
            return false;
        }

        return true;
    }

    /// <summary>A byte buffer that starts on the stack and grows into pooled arrays.</summary>
    private ref struct ByteBuilder
    {
        private Span<byte> _buffer;
        private byte[]? _rented;
        private int _length;

        public ByteBuilder(Span<byte> initial)
        {
            _buffer = initial;
            _rented = null;
            _length = 0;
        }

        public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

        public void Append(byte value, int count = 1)
        {
            Ensure(count);
            _buffer.Slice(_length, count).Fill(value);
            _length += count;
        }

        public void Append(scoped ReadOnlySpan<byte> values)
        {
            Ensure(values.Length);
            values.CopyTo(_buffer[_length..]);
            _length += values.Length;
        }

        public void Dispose()
        {
            if (_rented is not null)
            {
                ArrayPool<byte>.Shared.Return(_rented);
                _rented = null;
            }
        }

        private void Ensure(int extra)
        {
            if (_length + extra <= _buffer.Length)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
            _buffer[.._length].CopyTo(larger);
            if (_rented is not null)
            {
                ArrayPool<byte>.Shared.Return(_rented);
            }

            _rented = larger;
            _buffer = larger;
        }
    }
}
