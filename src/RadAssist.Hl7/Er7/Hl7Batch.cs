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
        while (lineStart < span.Length)
        {
            var relative = span[lineStart..].IndexOfAny((byte)'\r', (byte)'\n');
            var lineEnd = relative < 0 ? span.Length : lineStart + relative;
            var line = span[lineStart..lineEnd];
            if (line.StartsWith("MSH"u8))
            {
                CloseOpen(starts, ends, lineStart);
                starts.Add(lineStart);
            }
            else if (line.StartsWith("FHS"u8) || line.StartsWith("BHS"u8) || line.StartsWith("BTS"u8) ||
                     line.StartsWith("FTS"u8))
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

    private static void CloseOpen(List<int> starts, List<int> ends, int end)
    {
        if (ends.Count < starts.Count)
        {
            ends.Add(end);
        }
    }
}
