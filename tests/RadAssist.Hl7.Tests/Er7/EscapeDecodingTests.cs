using System.Text;

namespace RadAssist.Hl7.Tests.Er7;

/// <summary>
/// Checks of the ASCII decoder, which writes characters directly, against the byte decoder that takes every value,
/// on random values built from escape sequences, delimiters, text outside ASCII and unclosed escapes.
/// </summary>
public sealed class EscapeDecodingTests
{
    private static readonly string[] Pieces =
    [
        "a", "Lung nodule 6 mm", " ", @"\F\", @"\S\", @"\T\", @"\R\", @"\E\", @"\P\", @"\H\", @"\N\", @"\.br\",
        @"\.sp 2\", @"\.sk3\", @"\.in+4\", @"\.ce\", @"\X41\", @"\X0D0A\", @"\X000d\", @"\X00E9\", @"\XC3A9\", @"\XE9\",
        @"\XZZ\", @"\X4\", @"\X\", @"\Zlocal\", @"\C2842\", @"\\", "é", "Müller", "\u4e2d", @"\", "#", "|", "&",
    ];

    [TestCase("UTF-8", '\\')]
    [TestCase("ISO-8859-1", '\\')]
    [TestCase("UTF-8", '!')]
    public void RandomValues_MatchByteDecoder(string encodingName, char escape)
    {
        var encoding = Encoding.GetEncoding(encodingName);
        var delimiters = new Hl7Delimiters((byte)'|', (byte)'^', (byte)'~', (byte)escape, (byte)'&', (byte)'#');
        var random = new Random(encodingName.Length * 31 + escape);
        for (var sample = 0; sample < 3000; sample++)
        {
            var builder = new StringBuilder();
            var count = random.Next(0, sample % 10 == 0 ? 120 : 12);
            for (var i = 0; i < count; i++)
            {
                builder.Append(Pieces[random.Next(Pieces.Length)].Replace('\\', escape));
            }

            var text = builder.ToString();
            if (encoding.CodePage == 28591 && text.Any(character => character > 0xFF))
            {
                continue;
            }

            var raw = encoding.GetBytes(text);

            var decoded = Hl7Escaping.Decode(raw, delimiters, encoding);

            Assert.That(decoded, Is.EqualTo(Hl7Escaping.DecodeBytes(raw, delimiters, encoding)), text);
        }
    }

    [Test]
    public void AsciiHexAndDelimiters_DecodeToExpectedText()
    {
        var raw = @"CT \T\ MR\.br\\X0D0A\C:\E\pacs \X000d\ \P\"u8.ToArray();

        var decoded = Hl7Escaping.Decode(raw, Hl7Delimiters.Default, Encoding.UTF8);

        Assert.That(decoded, Is.EqualTo("CT & MR\n\r\nC:\\pacs \r #"));
    }

    [Test]
    public void LongValue_DecodesPastTheStackBuffer()
    {
        var text = string.Concat(Enumerable.Repeat(@"word \T\ ", 200));

        var decoded = Hl7Escaping.Decode(Encoding.ASCII.GetBytes(text), Hl7Delimiters.Default, Encoding.UTF8);

        Assert.That(decoded, Is.EqualTo(string.Concat(Enumerable.Repeat("word & ", 200))));
    }
}
