using System.Text;

namespace RadAssist.Hl7.Tests.Er7;

/// <summary>
/// The vectorized segment and field index against a plain split of the same text, on random messages whose
/// separators fall on every offset of the 16- and 32-byte blocks the index compares at once.
/// </summary>
public sealed class SegmentIndexTests
{
    [TestCase("\r")]
    [TestCase("\r\n")]
    [TestCase("\n")]
    public void RandomMessages_MatchPlainSplit(string terminator)
    {
        var random = new Random(terminator.Length * 7919);
        for (var sample = 0; sample < 300; sample++)
        {
            var segments = RandomSegments(random);
            var text = string.Join(terminator, segments) + (sample % 2 == 0 ? terminator : string.Empty);

            var message = Hl7Message.Parse(Encoding.ASCII.GetBytes(text));

            Assert.That(message.SegmentCount, Is.EqualTo(segments.Count), text);
            for (var index = 0; index < segments.Count; index++)
            {
                var fields = segments[index].Split('|');
                Assert.That(message.GetSegmentName(index), Is.EqualTo(fields[0]), text);

                // MSH-1 is the separator itself, so MSH field n is split item n - 1.
                var first = index == 0 ? 2 : 1;
                var shift = index == 0 ? 1 : 0;
                for (var field = first; field <= fields.Length - 1 + shift; field++)
                {
                    Assert.That(message.GetField(index, field).RawValue, Is.EqualTo(fields[field - shift]), $"{fields[0]}-{field} in {text}");
                }

                Assert.That(message.GetField(index, fields.Length + shift).State, Is.EqualTo(Hl7ValueState.Absent));
            }
        }
    }

    [Test]
    public void ShortMessage_UnderOneBlock()
    {
        var message = Hl7Message.Parse("MSH|^~\\&|A\rZ|1"u8.ToArray());

        Assert.That(message.SegmentCount, Is.EqualTo(2));
        Assert.That(message.GetValue("MSH-3"), Is.EqualTo("A"));
        Assert.That(message.Warnings, Has.Count.EqualTo(1), "Z is not a valid segment name");
    }

    private static List<string> RandomSegments(Random random)
    {
        var segments = new List<string> { "MSH|^~\\&" + RandomFields(random, random.Next(0, 20)) };
        var count = random.Next(0, 12);
        for (var i = 0; i < count; i++)
        {
            var name = $"Z{(char)('A' + random.Next(26))}{random.Next(10)}";
            segments.Add(name + RandomFields(random, random.Next(0, 40)));
        }

        return segments;
    }

    private static string RandomFields(Random random, int count)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Append('|');
            var length = random.Next(0, 40);
            for (var c = 0; c < length; c++)
            {
                builder.Append(" abcdefXYZ0123456789^&~.-"[random.Next(25)]);
            }
        }

        return builder.ToString();
    }
}
