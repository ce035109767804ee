using RadAssist.Testing;

namespace RadAssist.Hl7.Tests.Er7;

/// <summary>Every public sample message parses, and canonical ones re-encode byte for byte.</summary>
public sealed class SharedMessageTests
{
    private static IEnumerable<string> MessageFiles() =>
        Directory.EnumerateFiles(TestData.PathOf("hl7"), "*.hl7", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(TestData.PathOf(string.Empty), path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(MessageFiles))]
    public void SampleFile_EveryMessageParses(string file)
    {
        var messages = Hl7Batch.Split(TestData.Bytes(file));

        Assert.That(messages, Is.Not.Empty);
        foreach (var bytes in messages)
        {
            var message = Hl7Message.Parse(bytes);
            Assert.That(message.GetSegmentName(0), Is.EqualTo("MSH"));
            Assert.That(message.SegmentCount, Is.GreaterThanOrEqualTo(1));
            for (var i = 0; i < message.SegmentCount; i++)
            {
                Assert.That(message.GetSegmentName(i), Does.Not.StartWith("\n"));
            }
        }
    }

    [TestCaseSource(nameof(MessageFiles))]
    public void SampleFile_CanonicalRoundTrips(string file)
    {
        foreach (var bytes in Hl7Batch.Split(TestData.Bytes(file)))
        {
            var message = Hl7Message.Parse(bytes);
            var encoded = message.Encode();
            if (IsCanonical(bytes.Span))
            {
                Assert.That(encoded, Is.EqualTo(bytes.ToArray()), "canonical input must re-encode unchanged");
            }

            var again = Hl7Message.Parse(encoded);
            Assert.That(again.Encode(), Is.EqualTo(encoded), "encode(parse(x)) must be stable");
            Assert.That(again.SegmentCount, Is.EqualTo(message.SegmentCount));
        }
    }

    [Test]
    public void Batch_SplitsSevenMessages()
    {
        var messages = Hl7Batch.Split(TestData.Bytes("hl7/nhapi_OML_O21_messages_multi.hl7"));

        Assert.That(messages, Has.Count.EqualTo(7));
        Assert.That(messages.Select(m => Hl7Message.Parse(m).MessageType), Is.All.StartsWith("OML^O21"));
    }

    [Test]
    public void Latin1Message_DecodesDeclaredCharacterSet()
    {
        var message = Hl7Message.Parse(TestData.Bytes("hl7/dcm4che_ORU_R01_SR_findings_v251.hl7"));

        Assert.That(message.GetValue("MSH-18"), Is.EqualTo("8859/1"));
        Assert.That(message.TextEncoding.WebName, Is.EqualTo("iso-8859-1"));
    }

    // Canonical: CR after every segment, no byte order mark, no blank segment.
    private static bool IsCanonical(ReadOnlySpan<byte> bytes) =>
        !bytes.StartsWith("\uFEFF"u8) && bytes.IndexOf((byte)'\n') < 0 && bytes.Length > 0 && bytes[^1] == '\r' &&
        bytes.IndexOf("\r\r"u8) < 0;
}
