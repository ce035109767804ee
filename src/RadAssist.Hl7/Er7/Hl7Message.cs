using System.Text;

namespace RadAssist.Hl7;

/// <summary>
/// A parsed HL7 v2 message in ER7 (pipe and hat) encoding, read in place over its bytes.
/// </summary>
/// <remarks>
/// <para>
/// Parsing reads the delimiters from MSH-1 and MSH-2 (HL7 v2 chapter 2, section 2.5.4), detects the segment
/// terminator from the end of the MSH segment and indexes segment and field boundaries. Values are decoded only
/// when read, in the character set MSH-18 names (ASCII, 8859/1 or UNICODE UTF-8), with escape sequences replaced
/// (HL7 v2 section 2.7). The parsed message keeps a reference to the bytes it was parsed from, so the caller must
/// not change them afterwards.
/// </para>
/// <para>
/// The lenient mode, which is the default, accepts LF-only terminators, blank lines, a byte order mark and malformed
/// segment names, and lists each of them in <see cref="Warnings"/>. The strict mode rejects them.
/// </para>
/// <para>A parsed message is immutable and safe for concurrent reads.</para>
/// </remarks>
public sealed partial class Hl7Message
{
    private const byte Cr = (byte)'\r';
    private const byte Lf = (byte)'\n';

    // One allocation for the whole index. It starts with the start offset of every field of every segment, the
    // segment name included, and a few spare entries the scan may write past the last one. From _segmentBase on it
    // has three entries per segment: start offset, end offset (terminator excluded) and the index of its first field
    // start.
    private readonly int[] _index;
    private readonly int _segmentBase;
    private readonly int _fieldCount;
    private readonly string[]? _warnings;

    // The array behind Data, when there is one: a span over it is cheaper to make than ReadOnlyMemory.Span, and values
    // make one for every read.
    private readonly byte[]? _array;
    private readonly int _arrayOffset;

    private Hl7Message(
        ReadOnlyMemory<byte> data,
        Hl7Delimiters delimiters,
        int[] index,
        int segmentBase,
        int segmentCount,
        int fieldCount,
        Hl7SegmentTerminator terminator,
        string[]? warnings)
    {
        Data = data;
        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(data, out var segment))
        {
            _array = segment.Array;
            _arrayOffset = segment.Offset;
        }

        Delimiters = delimiters;
        _index = index;
        _segmentBase = segmentBase;
        SegmentCount = segmentCount;
        _fieldCount = fieldCount;
        SegmentTerminator = terminator;
        _warnings = warnings;
        TextEncoding = Encoding.UTF8;
    }

    /// <summary>Gets the number of segments.</summary>
    public int SegmentCount { get; }

    /// <summary>Gets MSH-9 as written, such as <c>ORU^R01^ORU_R01</c>.</summary>
    public string MessageType => GetField(0, 9).RawValue;

    /// <summary>Gets the message control id, MSH-10.</summary>
    public string ControlId => GetField(0, 10).ToString();

    /// <summary>Gets the version id, MSH-12.1, such as <c>2.5.1</c>.</summary>
    public string Version => GetField(0, 12).GetComponent(1).ToString();

    /// <summary>Gets the segment terminator the message was written with.</summary>
    public Hl7SegmentTerminator SegmentTerminator { get; }

    /// <summary>Gets what lenient parsing accepted but the standard does not allow; empty for a conformant message.</summary>
    public IReadOnlyList<string> Warnings => _warnings ?? [];

    internal ReadOnlyMemory<byte> Data { get; }

    /// <summary>Gets the message bytes.</summary>
    internal ReadOnlySpan<byte> Bytes => _array is null ? Data.Span : new ReadOnlySpan<byte>(_array, _arrayOffset, Data.Length);

    internal Hl7Delimiters Delimiters { get; }

    internal Encoding TextEncoding { get; private set; }

    /// <summary>Parses one message from its bytes.</summary>
    /// <param name="message">The message bytes. The parsed message refers to them; they must not change afterwards.</param>
    /// <param name="strict">
    /// Whether to reject what the standard does not allow instead of accepting it with a warning. Default
    /// <see langword="false"/>.
    /// </param>
    /// <returns>The parsed message.</returns>
    /// <exception cref="Hl7ParseException">The bytes are not an HL7 v2 message; the code and location give the reason.</exception>
    public static Hl7Message Parse(ReadOnlyMemory<byte> message, bool strict = false)
    {
        var parsed = Index(message, strict);
        parsed.TextEncoding = Hl7CharacterSets.Resolve(parsed, strict);
        return parsed;
    }

    /// <summary>Parses one message from text that is already decoded.</summary>
    /// <param name="message">The message text; MSH-18 is not used to decode it.</param>
    /// <param name="strict">Whether to reject what the standard does not allow. Default <see langword="false"/>.</param>
    /// <returns>The parsed message.</returns>
    /// <exception cref="Hl7ParseException">The text is not an HL7 v2 message; the code and location give the reason.</exception>
    public static Hl7Message Parse(string message, bool strict = false)
    {
        ArgumentNullException.ThrowIfNull(message);

        // The text is stored as UTF-8, whatever MSH-18 declares, because it was decoded already.
        return Index(Encoding.UTF8.GetBytes(message), strict);
    }

    /// <summary>Tries to parse one message from its bytes.</summary>
    /// <param name="message">The message bytes. The parsed message refers to them; they must not change afterwards.</param>
    /// <param name="result">The parsed message, or <see langword="null"/>.</param>
    /// <param name="error">Why parsing failed, or <see langword="null"/>.</param>
    /// <param name="strict">Whether to reject what the standard does not allow. Default <see langword="false"/>.</param>
    /// <returns>Whether the message was parsed.</returns>
    public static bool TryParse(
        ReadOnlyMemory<byte> message,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Hl7Message? result,
        out Hl7ParseException? error,
        bool strict = false)
    {
        try
        {
            result = Parse(message, strict);
            error = null;
            return true;
        }
        catch (Hl7ParseException exception)
        {
            result = null;
            error = exception;
            return false;
        }
    }

    /// <summary>Gets the name of a segment, such as <c>PID</c>.</summary>
    /// <param name="index">Zero-based segment index.</param>
    /// <returns>The segment name.</returns>
    public string GetSegmentName(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, SegmentCount);

        var start = _index[SegmentEntry(index)];
        var end = _index[SegmentEntry(index) + 1];
        return Encoding.ASCII.GetString(Bytes[start..Math.Min(end, start + 3)]);
    }

    /// <summary>Gets the value at a location such as <c>PID-5</c>, <c>PID-5.1</c>, <c>OBX(2)-5</c> or <c>PID-3(2).1</c>.</summary>
    /// <param name="path">
    /// Segment name with an optional 1-based occurrence in brackets, then the field number with an optional repetition in
    /// brackets, then optional component and subcomponent numbers after dots.
    /// </param>
    /// <returns>The value; absent when the message does not have the location.</returns>
    /// <exception cref="Hl7ParseException">The path is malformed (<see cref="Hl7ErrorCode.InvalidPath"/>).</exception>
    public Hl7Value Get(string path)
    {
        var location = Hl7Path.Parse(path);
        var segment = FindSegment(location.Segment, location.Occurrence);
        if (segment < 0)
        {
            return default;
        }

        var value = GetField(segment, location.Field);
        if (location.Repetition > 0)
        {
            value = value.GetRepetition(location.Repetition);
        }

        if (location.Component > 0)
        {
            value = value.GetComponent(location.Component);
        }

        if (location.Subcomponent > 0)
        {
            value = value.GetSubcomponent(location.Subcomponent);
        }

        return value;
    }

    /// <summary>Gets the unescaped text at a location; see <see cref="Get(string)"/> for the path form.</summary>
    /// <param name="path">The location, such as <c>PID-5.1</c>.</param>
    /// <returns>The text, or an empty string when the location is absent or contains the null value <c>""</c>.</returns>
    public string GetValue(string path) => Get(path).ToString();

    /// <summary>Writes the message in canonical form: CR after every segment, no byte order mark, bytes unchanged.</summary>
    /// <returns>The encoded message.</returns>
    public byte[] Encode()
    {
        var length = 0;
        for (var i = 0; i < SegmentCount; i++)
        {
            length += _index[SegmentEntry(i) + 1] - _index[SegmentEntry(i)] + 1;
        }

        var output = new byte[length];
        var source = Bytes;
        var position = 0;
        for (var i = 0; i < SegmentCount; i++)
        {
            var segment = source[_index[SegmentEntry(i)].._index[SegmentEntry(i) + 1]];
            segment.CopyTo(output.AsSpan(position));
            position += segment.Length;
            output[position++] = Cr;
        }

        return output;
    }

    /// <summary>Returns the canonical message decoded as text, with CR after every segment.</summary>
    /// <returns>The message text.</returns>
    public override string ToString() => TextEncoding.GetString(Encode());

    /// <summary>Finds the index of the nth segment with a name, or -1.</summary>
    internal int FindSegment(ReadOnlySpan<char> name, int occurrence = 1)
    {
        var span = Bytes;
        var seen = 0;
        for (var i = 0; i < SegmentCount; i++)
        {
            if (SegmentNameEquals(span, i, name) && ++seen == occurrence)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Finds the index of the next segment with a name at or after a start index, or -1.</summary>
    internal int FindNextSegment(ReadOnlySpan<char> name, int startIndex)
    {
        var span = Bytes;
        for (var i = startIndex; i < SegmentCount; i++)
        {
            if (SegmentNameEquals(span, i, name))
            {
                return i;
            }
        }

        return -1;
    }

    internal bool SegmentNameEquals(int index, ReadOnlySpan<char> name) => SegmentNameEquals(Bytes, index, name);

    /// <summary>Gets the number of fields in a segment, not counting the name; MSH counts MSH-1.</summary>
    internal int GetFieldCount(int segment)
    {
        var first = _index[SegmentEntry(segment) + 2];
        var next = segment + 1 < SegmentCount ? _index[SegmentEntry(segment + 1) + 2] : _fieldCount;
        var count = next - first - 1;
        return segment == 0 ? count + 1 : count;
    }

    /// <summary>Gets a field of a segment by its 1-based number, applying the MSH numbering of MSH-1 and MSH-2.</summary>
    internal Hl7Value GetField(int segment, int fieldNumber)
    {
        if (segment < 0 || segment >= SegmentCount || fieldNumber < 1)
        {
            return default;
        }

        var first = _index[SegmentEntry(segment) + 2];
        var next = segment + 1 < SegmentCount ? _index[SegmentEntry(segment + 1) + 2] : _fieldCount;
        var segmentEnd = _index[SegmentEntry(segment) + 1];
        var splitIndex = fieldNumber;

        // Parsing guarantees that the first segment is MSH and that no other segment is.
        var isMsh = segment == 0;
        if (isMsh)
        {
            // MSH-1 is the field separator itself, and MSH-2 is the first value after it (section 2.14.9).
            if (fieldNumber == 1)
            {
                return new Hl7Value(this, _index[SegmentEntry(segment)] + 3, 1, Hl7ValueLevel.Literal);
            }

            splitIndex = fieldNumber - 1;
        }

        var index = first + splitIndex;
        if (index >= next)
        {
            return default;
        }

        var start = _index[index];
        var end = index + 1 < next ? _index[index + 1] - 1 : segmentEnd;
        var level = splitIndex == 1 && isMsh ? Hl7ValueLevel.Literal : Hl7ValueLevel.Field;
        return new Hl7Value(this, start, end - start, level);
    }

    /// <summary>Returns the position in <see cref="_index"/> of a segment's start offset; its end and first field follow.</summary>
    private int SegmentEntry(int segment) => _segmentBase + (segment * 3);

    private bool SegmentNameEquals(ReadOnlySpan<byte> span, int index, ReadOnlySpan<char> name)
    {
        var start = _index[SegmentEntry(index)];
        var end = _index[SegmentEntry(index) + 1];
        if (end - start < name.Length || (end - start > name.Length && span[start + name.Length] != Delimiters.Field))
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (span[start + i] != name[i])
            {
                return false;
            }
        }

        return true;
    }

    private static Hl7Message Index(ReadOnlyMemory<byte> data, bool strict)
    {
        var span = data.Span;
        List<string>? warnings = null;
        var offset = 0;

        if (span.StartsWith("\uFEFF"u8))
        {
            offset = 3;
            AddWarning(ref warnings, strict, Hl7ErrorCode.MissingMsh, "The message starts with a UTF-8 byte order mark.", 0);
        }

        while (offset < span.Length && (span[offset] == Cr || span[offset] == Lf || span[offset] == (byte)' '))
        {
            offset++;
        }

        if (offset >= span.Length)
        {
            throw new Hl7ParseException(Hl7ErrorCode.Empty, "The HL7 message is empty.", null, 0);
        }

        if (span[offset..].StartsWith("MSH"u8) && span.Length - offset < 8)
        {
            throw new Hl7ParseException(
                Hl7ErrorCode.InvalidDelimiters,
                $"The MSH segment is {span.Length - offset} bytes long, too short to hold MSH-1 and MSH-2 such as MSH|^~\\&.",
                "MSH-2",
                offset);
        }

        if (!span[offset..].StartsWith("MSH"u8))
        {
            var head = Encoding.ASCII.GetString(span.Slice(offset, Math.Min(3, span.Length - offset)));
            throw new Hl7ParseException(
                Hl7ErrorCode.MissingMsh,
                $"The HL7 message must start with an MSH segment, but starts with '{head}'.",
                "MSH",
                offset);
        }

        var delimiters = ReadDelimiters(span, offset, strict, ref warnings);
        var terminator = DetectTerminator(span, offset, strict, ref warnings);
        var splitByte = terminator == Hl7SegmentTerminator.Lf ? Lf : Cr;

        // Arrays are sized from exact counts so that parsing allocates the index once and never grows it.
        var remaining = span[offset..];
        var terminators = remaining.Count(splitByte);
        var separators = remaining.Count(delimiters.Field);
        var maxSegments = terminators + 1;
        var segmentBase = separators + maxSegments + SegmentIndexer.Slack;
        var indexer = new SegmentIndexer(
            span,
            delimiters.Field,
            new int[segmentBase + (maxSegments * 3)],
            segmentBase,
            strict,
            warnings);
        indexer.Scan(offset, splitByte);
        warnings = indexer.Warnings;

        return new Hl7Message(
            data,
            delimiters,
            indexer.Index,
            segmentBase,
            indexer.SegmentCount,
            indexer.FieldCount,
            terminator,
            warnings?.ToArray());
    }

    private static bool IsBlank(ReadOnlySpan<byte> segment) => segment.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    private static Hl7Delimiters ReadDelimiters(
        ReadOnlySpan<byte> span,
        int offset,
        bool strict,
        ref List<string>? warnings)
    {
        var field = span[offset + 3];
        if (!IsValidDelimiter(field))
        {
            throw new Hl7ParseException(
                Hl7ErrorCode.InvalidDelimiters,
                $"MSH-1 (field separator) has the invalid value 0x{field:X2}. It must be a printable " +
                "non-alphanumeric character such as |.",
                "MSH-1",
                offset + 3);
        }

        Span<byte> characters = stackalloc byte[5];
        var count = 0;
        var position = offset + 4;
        while (position < span.Length && span[position] != field && span[position] != Cr && span[position] != Lf)
        {
            var character = span[position];
            if (!strict && characters[..count].Contains(character))
            {
                // Some exports double the backslash (^~\\&); the repeated character adds no delimiter.
                AddWarning(
                    ref warnings,
                    strict,
                    Hl7ErrorCode.InvalidDelimiters,
                    $"MSH-2 repeats the character '{(char)character}'; the repetition is ignored.",
                    position);
                position++;
                continue;
            }

            if (count == 5 || !IsValidDelimiter(character) || character == field || characters[..count].Contains(character))
            {
                throw new Hl7ParseException(
                    Hl7ErrorCode.InvalidDelimiters,
                    $"MSH-2 (encoding characters) is invalid at byte {position}: it must hold 4 or 5 distinct " +
                    "printable non-alphanumeric characters, such as ^~\\& or ^~\\&#.",
                    "MSH-2",
                    position);
            }

            characters[count++] = character;
            position++;
        }

        if (count == 0)
        {
            throw new Hl7ParseException(
                Hl7ErrorCode.InvalidDelimiters,
                "MSH-2 (encoding characters) is empty; it must hold at least the component separator.",
                "MSH-2",
                offset + 4);
        }

        if (count < 4)
        {
            AddWarning(
                ref warnings,
                strict,
                Hl7ErrorCode.InvalidDelimiters,
                $"MSH-2 (encoding characters) has {count} of the 4 required characters; the missing delimiters are unused.",
                offset + 4);
        }

        // Delimiters MSH-2 leaves out are set to the field separator, which never splits inside a field.
        return new Hl7Delimiters(
            field,
            characters[0],
            count > 1 ? characters[1] : field,
            count > 2 ? characters[2] : field,
            count > 3 ? characters[3] : field,
            count > 4 ? characters[4] : (byte)0);
    }

    private static bool IsValidDelimiter(byte value) =>
        value > 0x20 && value < 0x7F && !char.IsAsciiLetterOrDigit((char)value);

    private static Hl7SegmentTerminator DetectTerminator(
        ReadOnlySpan<byte> span,
        int offset,
        bool strict,
        ref List<string>? warnings)
    {
        var relative = span[offset..].IndexOfAny(Cr, Lf);
        if (relative < 0)
        {
            return Hl7SegmentTerminator.Cr;
        }

        var position = offset + relative;
        if (span[position] == Cr)
        {
            return position + 1 < span.Length && span[position + 1] == Lf
                ? Hl7SegmentTerminator.CrLf
                : Hl7SegmentTerminator.Cr;
        }

        if (strict)
        {
            throw new Hl7ParseException(
                Hl7ErrorCode.InvalidSegmentTerminator,
                $"The MSH segment ends with LF at byte {position}; HL7 v2 requires CR as the segment terminator.",
                "MSH",
                position);
        }

        AddWarning(ref warnings, strict, Hl7ErrorCode.InvalidSegmentTerminator, "Segments end with LF instead of CR.", position);
        return Hl7SegmentTerminator.Lf;
    }

    private static void CheckSegmentName(
        ReadOnlySpan<byte> span,
        int start,
        int end,
        byte fieldSeparator,
        int segmentIndex,
        bool strict,
        ref List<string>? warnings)
    {
        var length = end - start;
        var valid = length >= 3 && (length == 3 || span[start + 3] == fieldSeparator);
        for (var i = 0; valid && i < 3; i++)
        {
            var character = (char)span[start + i];
            valid = char.IsAsciiLetterUpper(character) || char.IsAsciiDigit(character);
        }

        if (valid)
        {
            return;
        }

        var name = Encoding.ASCII.GetString(span.Slice(start, Math.Min(length, 3)));
        AddWarning(
            ref warnings,
            strict,
            Hl7ErrorCode.InvalidSegmentName,
            $"Segment {segmentIndex + 1} has the invalid name '{name}'; a name is three upper-case letters or digits.",
            start);
    }

    private static void AddWarning(ref List<string>? warnings, bool strict, Hl7ErrorCode code, string message, int offset)
    {
        if (strict)
        {
            throw new Hl7ParseException(code, message, null, offset);
        }

        warnings ??= [];
        warnings.Add(message);
    }
}

/// <summary>Segment terminator a message was written with (HL7 v2 section 2.5.1 requires CR).</summary>
public enum Hl7SegmentTerminator
{
    /// <summary>CR (0x0D), as the standard requires.</summary>
    Cr,

    /// <summary>CR LF, as files written on Windows often have.</summary>
    CrLf,

    /// <summary>LF only, accepted in lenient mode with a warning.</summary>
    Lf,
}
