using System.Buffers;

namespace RadAssist.Hl7;

/// <summary>Outcome of looking for one MLLP frame in buffered bytes.</summary>
internal enum MllpFrameStatus
{
    /// <summary>No complete frame yet; read more bytes.</summary>
    Incomplete,

    /// <summary>A complete frame was read.</summary>
    Frame,

    /// <summary>The frame being read is longer than the maximum message size.</summary>
    TooLarge,
}

/// <summary>
/// The Minimal Lower Layer Protocol framing of HL7 v2 (HL7 v2 Implementation Guide, appendix C):
/// a message is sent as start block 0x0B, the message bytes, end block 0x1C and CR 0x0D.
/// </summary>
internal static class MllpFraming
{
    public const byte StartBlock = 0x0B;
    public const byte EndBlock = 0x1C;
    public const byte CarriageReturn = 0x0D;

    private static readonly byte[] StartOrEndBlock = [StartBlock, EndBlock];

    /// <summary>
    /// Looks for one frame at the start of the buffer. Bytes before the start block, and a frame that a new start
    /// block cuts short, are skipped and counted. On
    /// <see cref="MllpFrameStatus.Frame"/> the buffer is advanced past the frame; otherwise it is advanced past the
    /// skipped bytes only, so the caller can mark the rest as examined and wait for more.
    /// </summary>
    /// <remarks>
    /// A frame is complete only when the byte after the end block has arrived: CR as the standard requires, or,
    /// leniently, any other byte, which then stays in the buffer.
    /// </remarks>
    public static MllpFrameStatus TryReadFrame(
        ref ReadOnlySequence<byte> buffer,
        long maxMessageSize,
        out ReadOnlySequence<byte> message,
        out long skippedBytes)
    {
        message = default;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryAdvanceTo(StartBlock, advancePastDelimiter: false))
        {
            skippedBytes = buffer.Length;
            buffer = buffer.Slice(buffer.End);
            return MllpFrameStatus.Incomplete;
        }

        ReadOnlySequence<byte> body;
        while (true)
        {
            skippedBytes = reader.Consumed;
            buffer = buffer.Slice(reader.Position);
            reader.Advance(1);
            if (!reader.TryReadToAny(out body, StartOrEndBlock, advancePastDelimiter: false))
            {
                return reader.Remaining > maxMessageSize ? MllpFrameStatus.TooLarge : MllpFrameStatus.Incomplete;
            }

            // A start block inside a frame means the sender began a new frame without ending the last one. The
            // unfinished bytes are skipped, so they are never acknowledged and the sender resends them.
            reader.TryPeek(out var delimiter);
            if (delimiter == EndBlock)
            {
                reader.Advance(1);
                break;
            }
        }

        if (body.Length > maxMessageSize)
        {
            return MllpFrameStatus.TooLarge;
        }

        if (!reader.TryPeek(out var next))
        {
            return MllpFrameStatus.Incomplete;
        }

        if (next == CarriageReturn)
        {
            reader.Advance(1);
        }

        message = body;
        buffer = buffer.Slice(reader.Position);
        return MllpFrameStatus.Frame;
    }

    /// <summary>Returns the bytes of a message wrapped in one frame.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var frame = new byte[message.Length + 3];
        frame[0] = StartBlock;
        message.CopyTo(frame.AsSpan(1));
        frame[^2] = EndBlock;
        frame[^1] = CarriageReturn;
        return frame;
    }
}
