namespace RadAssist.Hl7;

/// <summary>Splits a file or stream of several messages into one byte range per message.</summary>
internal static class Hl7Batch
{
    /// <summary>
    /// Returns the messages of a file: each starts at an MSH segment. File and batch header and trailer segments
    /// (FHS, BHS, BTS, FTS; HL7 v2 section 2.10.3) are left out.
    /// </summary>
    public static IReadOnlyList<ReadOnlyMemory<byte>> Split(ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        var starts = new List<int>();
        var ends = new List<int>();
        var lineStart = span.StartsWith("\uFEFF"u8) ? 3 : 0;

        // The segments of a message end where its MSH segment does: at CR (with an optional LF after it), or at LF
        // in files written with LF alone. An LF inside a CR-terminated segment is text, such as a line of OBX-5.
        var terminator = TerminatorOf(span[lineStart..]);
        while (lineStart < span.Length)
        {
            // A CR or LF at the start of a line belongs to the terminator before it (CR LF, or LF CR).
            if (span[lineStart] is (byte)'\r' or (byte)'\n')
            {
                lineStart++;
                continue;
            }

            if (IsSegment(StartOfLine(span[lineStart..]), "MSH"u8))
            {
                terminator = TerminatorOf(span[lineStart..]);
            }

            var relative = span[lineStart..].IndexOf(terminator);
            var lineEnd = relative < 0 ? span.Length : lineStart + relative;
            var line = StartOfLine(span[lineStart..lineEnd]);
            if (IsSegment(line, "MSH"u8))
            {
                CloseOpen(starts, ends, lineStart);
                starts.Add(lineStart);
            }
            else if (IsSegment(line, "FHS"u8) || IsSegment(line, "BHS"u8) || IsSegment(line, "BTS"u8) ||
                     IsSegment(line, "FTS"u8))
            {
                CloseOpen(starts, ends, lineStart);
            }

            lineStart = lineEnd + 1;
        }

        CloseOpen(starts, ends, span.Length);
        var messages = new List<ReadOnlyMemory<byte>>(starts.Count);
        for (var i = 0; i < starts.Count; i++)
        {
            messages.Add(data[starts[i]..ends[i]]);
        }

        return messages;
    }

    /// <summary>Returns the byte that ends the first line: LF when it ends with LF alone, otherwise CR.</summary>
    private static byte TerminatorOf(ReadOnlySpan<byte> text)
    {
        var end = text.IndexOfAny((byte)'\r', (byte)'\n');
        return end >= 0 && text[end] == (byte)'\n' ? (byte)'\n' : (byte)'\r';
    }

    /// <summary>Returns a line without the spaces before it, which the parser also skips before MSH.</summary>
    private static ReadOnlySpan<byte> StartOfLine(ReadOnlySpan<byte> line) => line.TrimStart((byte)' ');

    /// <summary>Tells whether a line is a segment with a name: the name, then the end or a field separator.</summary>
    private static bool IsSegment(ReadOnlySpan<byte> line, ReadOnlySpan<byte> name) =>
        line.StartsWith(name) &&
        (line.Length == 3 || (line[3] > 0x20 && line[3] < 0x7F && !char.IsAsciiLetterOrDigit((char)line[3])));

    private static void CloseOpen(List<int> starts, List<int> ends, int end)
    {
        if (ends.Count < starts.Count)
        {
            ends.Add(end);
        }
    }
}
