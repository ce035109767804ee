using System.Buffers;
using RadAssist.Testing;

namespace RadAssist.Hl7.Tests.Mllp;

/// <summary>Framing of the case stream under every way of splitting it into reads.</summary>
public sealed class MllpFramingTests
{
    private static readonly string[] ExpectedControlIds = ["MSG00221", "MSG00222", "MSG00223"];

    [Test]
    public void CaseReads_ThreeMessagesInOrder()
    {
        var stream = TestData.Bytes("cases/mllp-stream.bin");

        var (messages, skipped) = Feed(SplitAt(stream, CaseReadLengths()));

        Assert.That(messages.Select(m => Hl7Message.Parse(m).ControlId), Is.EqualTo(ExpectedControlIds));
        Assert.That(messages.Select(m => m.Length), Is.EqualTo(new[] { 200, 203, 3184 }));
        Assert.That(skipped, Is.EqualTo(2), "the stray CR LF between frames 2 and 3");
        Assert.That(messages[2][0], Is.EqualTo((byte)'M'), "stray bytes must not be prepended to message 3");
        Assert.That(messages[0][^1], Is.EqualTo((byte)'\r'), "the last segment's CR belongs to the message");
    }

    [Test]
    public void CaseStream_EverySplitOffsetGivesSameMessages()
    {
        var stream = TestData.Bytes("cases/mllp-stream.bin");
        var reference = Feed([stream]).Messages;

        for (var offset = 1; offset < stream.Length; offset++)
        {
            var messages = Feed([stream[..offset], stream[offset..]]).Messages;
            Assert.That(messages, Has.Count.EqualTo(3), $"split at {offset}");
            for (var i = 0; i < 3; i++)
            {
                Assert.That(messages[i].AsSpan().SequenceEqual(reference[i]), Is.True, $"message {i + 1}, split at {offset}");
            }
        }
    }

    [Test]
    public void CaseStream_OneBytePerReadGivesSameMessages()
    {
        var stream = TestData.Bytes("cases/mllp-stream.bin");

        var messages = Feed(stream.Select(b => new[] { b })).Messages;

        Assert.That(messages.Select(m => Hl7Message.Parse(m).ControlId), Is.EqualTo(ExpectedControlIds));
    }

    [Test]
    public void EndBlockWithoutCr_WaitsForNextByte()
    {
        var buffer = new ReadOnlySequence<byte>([0x0B, (byte)'M', 0x1C]);

        var status = MllpFraming.TryReadFrame(ref buffer, 1024, out _, out _);

        Assert.That(status, Is.EqualTo(MllpFrameStatus.Incomplete));
        Assert.That(buffer.Length, Is.EqualTo(3), "nothing may be consumed before the frame is complete");
    }

    [Test]
    public void StartBlockInsideFrame_SkipsUnfinishedFrame()
    {
        var first = "MSH|^~\\&|A|B|C|D|20261204||ORM^O01|C34|P|2.5.1\r"u8.ToArray();
        var second = "MSH|^~\\&|A|B|C|D|20261204||ORM^O01|C35|P|2.5.1\r"u8.ToArray();
        byte[] stream = [0x0B, .. first, 0x0B, .. second, 0x1C, 0x0D];

        var (messages, skipped) = Feed([stream]);

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(messages[0], Is.EqualTo(second), "the complete frame is read");
        Assert.That(skipped, Is.EqualTo(first.Length + 1), "the unfinished frame is skipped");
    }

    [Test]
    public void StartBlockInsideFrame_SplitReadsAgree()
    {
        var first = "MSH|^~\\&|A|B|C|D|20261204||ORM^O01|C34|P|2.5.1\r"u8.ToArray();
        byte[] stream = [0x0B, .. first, 0x0B, .. first, 0x1C, 0x0D, 0x0B, .. first, 0x1C, 0x0D];

        for (var split = 1; split < stream.Length; split++)
        {
            var (messages, skipped) = Feed([stream[..split], stream[split..]]);

            Assert.That(messages, Has.Count.EqualTo(2), $"split at {split}");
            Assert.That(skipped, Is.EqualTo(first.Length + 1), $"split at {split}");
        }
    }

    [Test]
    public void OversizeFrame_ReportsTooLarge()
    {
        var bytes = new byte[100];
        bytes[0] = 0x0B;
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.That(MllpFraming.TryReadFrame(ref buffer, 50, out _, out _), Is.EqualTo(MllpFrameStatus.TooLarge));
    }

    internal static int[] CaseReadLengths() =>
        File.ReadLines(TestData.PathOf("cases/mllp-reads.txt"))
            .Where(line => line.StartsWith("read ", StringComparison.Ordinal))
            .Select(line => int.Parse(line.Split("length ")[1].Split(',')[0]))
            .ToArray();

    internal static IEnumerable<byte[]> SplitAt(byte[] stream, int[] lengths)
    {
        var offset = 0;
        foreach (var length in lengths)
        {
            yield return stream[offset..(offset + length)];
            offset += length;
        }

        Assert.That(offset, Is.EqualTo(stream.Length), "the reads must cover the stream");
    }

    // Mirrors the listener's loop: append each read, take every complete frame, keep the rest for the next read.
    private static (List<byte[]> Messages, long Skipped) Feed(IEnumerable<byte[]> reads)
    {
        var pending = new List<byte>();
        var messages = new List<byte[]>();
        long skippedTotal = 0;
        foreach (var read in reads)
        {
            pending.AddRange(read);
            var buffer = new ReadOnlySequence<byte>(pending.ToArray());
            var total = buffer.Length;
            while (true)
            {
                var status = MllpFraming.TryReadFrame(ref buffer, 1 << 20, out var message, out var skipped);
                skippedTotal += skipped;
                if (status != MllpFrameStatus.Frame)
                {
                    break;
                }

                messages.Add(message.ToArray());
            }

            pending.RemoveRange(0, (int)(total - buffer.Length));
        }

        return (messages, skippedTotal);
    }
}
