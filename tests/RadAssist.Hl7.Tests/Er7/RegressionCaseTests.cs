using System.Text;
using RadAssist.Testing;

namespace RadAssist.Hl7.Tests.Er7;

/// <summary>Messages that broke peer parsers, with the answers the standard requires.</summary>
public sealed class RegressionCaseTests
{
    [Test]
    public void FiveEncodingCharacters_TruncationIsNotASeparator()
    {
        var bytes = TestData.Bytes("cases/msh2-five-encoding-chars.hl7");
        var message = Hl7Message.Parse(bytes, strict: true);

        Assert.That(message.GetValue("MSH-1"), Is.EqualTo("|"));
        Assert.That(message.GetValue("MSH-2"), Is.EqualTo("^~\\&#"));
        Assert.That(message.GetValue("MSH-3"), Is.EqualTo("RIS"));
        Assert.That(message.MessageType, Is.EqualTo("ORU^R01^ORU_R01"));
        Assert.That(message.Version, Is.EqualTo("2.7"));
        Assert.That(message.GetValue("OBX-5"), Is.EqualTo("Lesion #2 in the right upper lobe measures 6 mm."));
        Assert.That(message.GetValue("NTE-3"), Is.EqualTo("See series #3, image 45."));
        Assert.That(message.Encode(), Is.EqualTo(bytes));
    }

    [Test]
    public void FiveEncodingCharacters_AckKeepsThem()
    {
        var message = Hl7Message.Parse(TestData.Bytes("cases/msh2-five-encoding-chars.hl7"));

        var ack = Hl7Message.Parse(
            Hl7Acknowledgment.Build(message, Hl7AckCode.Accept, "ACK1", DateTimeOffset.UnixEpoch),
            strict: true);

        Assert.That(ack.GetValue("MSH-2"), Is.EqualTo("^~\\&#"));
        Assert.That(ack.GetValue("MSA-2"), Is.EqualTo("MSG00016"));
    }

    [Test]
    public void FiveEncodingCharacters_EncoderEscapesTruncation()
    {
        var delimiters = Hl7Delimiters.Default.WithTruncation((byte)'#');

        Assert.That(Hl7Escaping.Encode("Lesion #2", delimiters, false), Is.EqualTo("Lesion \\P\\2"));
        Assert.That(Hl7Escaping.Encode("Lesion #2", Hl7Delimiters.Default, false), Is.EqualTo("Lesion #2"));
    }

    [Test]
    public void FormattedTextInbound_DecodesLineBreaks()
    {
        var message = Hl7Message.Parse(TestData.Bytes("cases/ft-inbound.hl7"));

        var lines = message.GetValue("OBX-5").Split(["\r\n", "\r", "\n"], StringSplitOptions.None);

        Assert.That(lines, Is.EqualTo(new[]
        {
            "FINDINGS:", "No pneumothorax.", "IMPRESSION:", "6 mm nodule | follow-up 6 & 12 mo.", "End.",
        }));
        Assert.That(message.GetValue("OBX-5").IndexOf('\0', StringComparison.Ordinal), Is.EqualTo(-1));
    }

    [Test]
    public void FormattedTextOutbound_EncodesBreakCommand()
    {
        var text = TestData.Text("cases/ft-outbound-plain-text.txt");
        const string Expected = "FINDINGS:\\.br\\No pneumothorax.\\.br\\IMPRESSION:\\.br\\6 mm nodule \\F\\ follow-up 6 " +
                                "\\T\\ 12 mo. Path C:\\E\\reports\\E\\a.txt \\R\\ \\S\\";

        var encoded = Hl7Escaping.Encode(text, Hl7Delimiters.Default, formattedText: true);

        Assert.That(encoded, Is.EqualTo(Expected).Or.EqualTo(Expected + "\\.br\\"));
        Assert.That(encoded, Does.Not.Contain("\\E\\.br\\E\\"));
        Assert.That(encoded, Does.Not.Contain("\r").And.Not.Contain("\n"));
    }

    [Test]
    public void FormattedTextOutbound_RoundTrips()
    {
        var text = TestData.Text("cases/ft-outbound-plain-text.txt");
        var writer = new Er7Writer(Hl7Delimiters.Default);
        writer.StartMsh().EmptyFields(6).Components("ORU", "R01").Field("1").Field("P").Field("2.5.1");
        writer.StartSegment("OBX").Field("1").Field("FT").Field(null).Field(null).FormattedTextField(text);

        var message = Hl7Message.Parse(writer.ToArray(), strict: true);

        Assert.That(message.GetValue("OBX-5"), Is.EqualTo(text));
    }

    [Test]
    public void FormattedTextInbound_ReencodingKeepsEscapes()
    {
        var bytes = TestData.Bytes("cases/ft-inbound.hl7");

        var encoded = Encoding.ASCII.GetString(Hl7Message.Parse(bytes).Encode());

        Assert.That(encoded, Does.Contain("FINDINGS:\\.br\\No pneumothorax."));
        Assert.That(encoded, Does.Not.Contain("\\E\\"));
        Assert.That(encoded, Is.EqualTo(Encoding.ASCII.GetString(bytes)));
    }

    [TestCase("PID-5.5")]
    [TestCase("PID-8")]
    [TestCase("PID-12")]
    [TestCase("PV1-3")]
    [TestCase("OBR-7")]
    [TestCase("OBR-22")]
    public void NullValue_IsExplicitNull(string path)
    {
        var message = Hl7Message.Parse(TestData.Bytes("cases/null-vs-empty.hl7"));

        Assert.That(message.Get(path).State, Is.EqualTo(Hl7ValueState.Null));
        Assert.That(message.GetValue(path), Is.Empty);
    }

    [TestCase("OBR-6")]
    [TestCase("PID-2")]
    [TestCase("PID-5.4")]
    [TestCase("PID-40")]
    [TestCase("ZZZ-1")]
    public void EmptyField_IsAbsent(string path)
    {
        var message = Hl7Message.Parse(TestData.Bytes("cases/null-vs-empty.hl7"));

        Assert.That(message.Get(path).State, Is.EqualTo(Hl7ValueState.Absent));
    }

    [Test]
    public void NullValue_DateFieldsGiveNoDateAndNoError()
    {
        var message = Hl7Message.Parse(TestData.Bytes("cases/null-vs-empty.hl7"));
        var obr = new ObrSegment(message, message.FindSegment("OBR"));

        Assert.That(Hl7DateTime.TryParse(obr.ObservationDateTime, out _), Is.False);
        Assert.That(Hl7DateTime.TryParse(obr.ResultsReportStatusChangeDateTime, out _), Is.False);
        Assert.That(obr.ObservationDateTime.State, Is.EqualTo(Hl7ValueState.Null));
    }

    [Test]
    public void NullValue_RoundTripsByteForByte()
    {
        var bytes = TestData.Bytes("cases/null-vs-empty.hl7");

        Assert.That(Hl7Message.Parse(bytes).Encode(), Is.EqualTo(bytes));
    }

    [Test]
    public void CrLfTerminated_FourCleanSegments()
    {
        var message = Hl7Message.Parse(TestData.Bytes("cases/crlf-terminated.hl7"), strict: true);

        Assert.That(message.SegmentCount, Is.EqualTo(4));
        Assert.That(Names(message), Is.EqualTo(new[] { "MSH", "PID", "OBR", "OBX" }));
        Assert.That(message.SegmentTerminator, Is.EqualTo(Hl7SegmentTerminator.CrLf));
        Assert.That(message.GetValue("OBX-5"), Is.EqualTo("No pneumothorax."));
        Assert.That(message.GetValue("MSH-12"), Is.EqualTo("2.5.1"));
        var encoded = Encoding.ASCII.GetString(message.Encode());
        Assert.That(encoded, Does.Not.Contain("\n"));
        Assert.That(encoded, Does.Not.Contain("\\X0A\\"));
    }

    [Test]
    public void LfTerminated_LenientReadsFourSegments()
    {
        var message = Hl7Message.Parse(TestData.Bytes("cases/lf-only-terminated.hl7"));

        Assert.That(Names(message), Is.EqualTo(new[] { "MSH", "PID", "OBR", "OBX" }));
        Assert.That(message.SegmentTerminator, Is.EqualTo(Hl7SegmentTerminator.Lf));
        Assert.That(message.Warnings, Has.Some.Contains("LF"));
        Assert.That(message.GetValue("OBX-5"), Is.EqualTo("No pneumothorax."));
    }

    [Test]
    public void LfTerminated_StrictRejects()
    {
        var bytes = TestData.Bytes("cases/lf-only-terminated.hl7");

        var error = Assert.Throws<Hl7ParseException>(() => Hl7Message.Parse(bytes, strict: true))!;

        Assert.That(error.Code, Is.EqualTo(Hl7ErrorCode.InvalidSegmentTerminator));
        Assert.That(error.Message, Does.Contain("LF"));
        Assert.That(error.ByteOffset, Is.EqualTo(bytes.AsSpan().IndexOf((byte)'\n')));
    }

    [Test]
    public void EmbeddedLf_IsDataInCrMessage()
    {
        var bytes = TestData.Bytes("cases/cr-terminated-with-embedded-lf.hl7");
        var message = Hl7Message.Parse(bytes, strict: true);

        Assert.That(message.SegmentCount, Is.EqualTo(5));
        Assert.That(message.GetValue("NTE-3"), Is.EqualTo("Dictated text line one\nline two after a bare LF"));
        var reparsed = Hl7Message.Parse(message.Encode(), strict: true);
        Assert.That(reparsed.SegmentCount, Is.EqualTo(5));
        Assert.That(reparsed.GetValue("NTE-3"), Is.EqualTo(message.GetValue("NTE-3")));
    }

    private static string[] Names(Hl7Message message) =>
        Enumerable.Range(0, message.SegmentCount).Select(message.GetSegmentName).ToArray();
}
