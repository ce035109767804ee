using System.Text;
using RadAssist.Testing;

namespace RadAssist.Hl7.Tests.Er7;

/// <summary>Escape sequences of HL7 v2 section 2.7 and the parse errors with their codes and locations.</summary>
public sealed class ParserErrorTests
{
    [TestCase(@"a\F\b", "a|b")]
    [TestCase(@"a\S\b\T\c\R\d\E\e", @"a^b&c~d\e")]
    [TestCase(@"line\.br\next", "line\nnext")]
    [TestCase(@"a\.sp 2\b", "a\n\nb")]
    [TestCase(@"a\.sk 3\b", "a   b")]
    [TestCase(@"\H\bold\N\ text", "bold text")]
    [TestCase(@"\X41\\X42\", "AB")]
    [TestCase(@"\X0D0A\", "\r\n")]
    [TestCase(@"\X000d\", "\r")]
    [TestCase(@"\Zlocal\", @"\Zlocal\")]
    [TestCase(@"\Cxxyy\", @"\Cxxyy\")]
    [TestCase(@"open \F", @"open \F")]
    [TestCase(@"\XZZ\", @"\XZZ\")]
    public void Escape_DecodesAsSection27(string raw, string expected)
    {
        var message = Hl7Message.Parse($"MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5.1\rNTE|1||{raw}\r");

        Assert.That(message.GetValue("NTE-3"), Is.EqualTo(expected));
    }

    [TestCase("a|b^c&d~e\\f", false, @"a\F\b\S\c\T\d\R\e\E\f")]
    [TestCase("one\r\ntwo", true, @"one\.br\two")]
    [TestCase("one\r\ntwo", false, @"one\X0D0A\two")]
    [TestCase("tab\there", false, @"tab\X09\here")]
    public void Escape_EncodesDelimitersAndBreaks(string text, bool formatted, string expected)
    {
        Assert.That(Hl7Escaping.Encode(text, Hl7Delimiters.Default, formatted), Is.EqualTo(expected));
    }

    [TestCase("", Hl7ErrorCode.Empty)]
    [TestCase("\r\n", Hl7ErrorCode.Empty)]
    [TestCase("PID|1||X\r", Hl7ErrorCode.MissingMsh)]
    [TestCase("MSH|\r", Hl7ErrorCode.InvalidDelimiters)]
    [TestCase("MSHA^~\\&|A\r", Hl7ErrorCode.InvalidDelimiters)]
    [TestCase("MSH||A|B|C|D\r", Hl7ErrorCode.InvalidDelimiters)]
    [TestCase("MSH|^~\\&%$|A|B\r", Hl7ErrorCode.InvalidDelimiters)]
    [TestCase("MSH|^~\\&|A\rPID|1\rMSH|^~\\&|B\r", Hl7ErrorCode.MultipleMessages)]
    public void Parse_InvalidInput_ThrowsWithCode(string text, Hl7ErrorCode code)
    {
        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(Encoding.ASCII.GetBytes(text)))!;

        Assert.That(error.Code, Is.EqualTo(code));
        Assert.That(error.Message, Is.Not.Empty);
    }

    [Test]
    public void MultipleMessages_ReportsOffset()
    {
        var bytes = "MSH|^~\\&|A\rPID|1\rMSH|^~\\&|B\r"u8.ToArray();

        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(bytes))!;

        Assert.That(error.ByteOffset, Is.EqualTo(17));
        Assert.That(error.Location, Is.EqualTo("MSH(2)"));
    }

    [TestCase("PID")]
    [TestCase("PID-")]
    [TestCase("PID-0")]
    [TestCase("pid-3")]
    [TestCase("PID-3(")]
    [TestCase("PID-3(0)")]
    [TestCase("PID-3.")]
    [TestCase("PID-3.1.2.3")]
    [TestCase("PID(2-3")]
    public void Path_Malformed_ThrowsInvalidPath(string path)
    {
        var message = Hl7Message.Parse(TestData.Bytes("cases/null-vs-empty.hl7"));

        var error = Assert.Throws<Hl7ParseException>(() => message.Get(path))!;

        Assert.That(error.Code, Is.EqualTo(Hl7ErrorCode.InvalidPath));
        Assert.That(error.Message, Does.Contain($"'{path}'"));
    }

    [Test]
    public void Path_ReadsRepetitionComponentSubcomponent()
    {
        var message = Hl7Message.Parse(TestData.Bytes("hl7/pythonhl7_rep_sample_components_repetitions.hl7"));

        Assert.That(message.GetValue("PID-4(2)"), Is.EqualTo("Repeat2"));
        Assert.That(message.GetValue("PID-3.2.2"), Is.EqualTo("Sub-Component2"));
        Assert.That(message.GetValue("PID-3.2"), Is.EqualTo("Sub-Component1&Sub-Component2"));
        Assert.That(message.Get("PID-4").RepetitionCount, Is.EqualTo(2));
        Assert.That(message.GetValue("MSH(1)-9.2"), Is.EqualTo("R01"));
        Assert.That(message.Get("PID(2)-1").State, Is.EqualTo(Hl7ValueState.Absent));
    }

    [Test]
    public void FuzzInputs_LenientParsesStrictRejects()
    {
        foreach (var file in Directory.EnumerateFiles(TestData.PathOf("hl7/malformed")))
        {
            var bytes = File.ReadAllBytes(file);

            var lenient = Hl7Message.Parse(bytes);
            Assert.That(lenient.GetSegmentName(0), Is.EqualTo("MSH"), file);
            Assert.That(lenient.Warnings, Is.Not.Empty, file);
            Assert.That(() => Hl7Message.Parse(bytes, strict: true), Throws.TypeOf<Hl7ParseException>(), file);
        }
    }

    [Test]
    public void UnknownCharacterSet_StrictRejectsNamingMsh18()
    {
        var bytes = "MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5.1||||||ISO IR87\r"u8.ToArray();

        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(bytes, strict: true))!;

        Assert.That(error.Code, Is.EqualTo(Hl7ErrorCode.UnsupportedCharacterSet));
        Assert.That(error.Location, Is.EqualTo("MSH-18"));
        Assert.That(Hl7Message.Parse(bytes).GetValue("MSH-3"), Is.EqualTo("A"));
    }

    [Test]
    public void Utf8Message_DecodesNonAscii()
    {
        var bytes = Encoding.UTF8.GetBytes("MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5.1||||||UNICODE UTF-8\rNTE|1||Ödem – links\r");

        Assert.That(Hl7Message.Parse(bytes, strict: true).GetValue("NTE-3"), Is.EqualTo("Ödem – links"));
    }

    [Test]
    public void ParseOnly_AllocatesLessThanMessage()
    {
        var bytes = File.ReadAllBytes(Path.Combine(TestData.RepositoryRoot, "benchmarks", "peers", "hl7", "oru-r01-1500.hl7"));
        Hl7Message.Parse(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var message = Hl7Message.Parse(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(message.SegmentCount, Is.EqualTo(12));
        Assert.That(allocated, Is.LessThanOrEqualTo(bytes.Length));
    }
}
