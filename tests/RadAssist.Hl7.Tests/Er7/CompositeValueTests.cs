using System.Text;

namespace RadAssist.Hl7.Tests.Er7;

/// <summary>
/// Whole fields and components that have separators below their level, character set names in MSH-18, and the
/// splitting of files into messages when report text contains line feeds or lines start oddly.
/// </summary>
public sealed class CompositeValueTests
{
    private const string Header = "MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5.1\r";

    [Test]
    public void FieldWithComponents_KeepsDelimiterEscapes()
    {
        var message = Hl7Message.Parse(Header + "PID|1||X||Smith\\S\\Jr^John\r");

        Assert.That(message.GetValue("PID-5"), Is.EqualTo(@"Smith\S\Jr^John"));
        Assert.That(message.GetValue("PID-5.1"), Is.EqualTo("Smith^Jr"));
        Assert.That(message.GetValue("PID-5.2"), Is.EqualTo("John"));
    }

    [Test]
    public void ComponentWithSubcomponents_KeepsDelimiterEscapes()
    {
        var message = Hl7Message.Parse(Header + "OBR|1||X|A\\T\\B&C^Second\r");

        Assert.That(message.GetValue("OBR-4.1"), Is.EqualTo(@"A\T\B&C"));
        Assert.That(message.GetValue("OBR-4.1.1"), Is.EqualTo("A&B"));
    }

    [Test]
    public void HexSeparatorInComposite_StaysEscaped()
    {
        var message = Hl7Message.Parse(Header + "OBX|1|FT|||a\\X5E\\b^c\r");

        Assert.That(message.GetValue("OBX-5"), Is.EqualTo(@"a\X5E\b^c"));
        Assert.That(message.GetValue("OBX-5.1"), Is.EqualTo("a^b"));
        Assert.That(message.GetValue("OBX-5.2"), Is.EqualTo("c"));
    }

    [Test]
    public void FieldWithoutSeparators_DecodesEveryEscape()
    {
        var message = Hl7Message.Parse(Header + "OBX|1|TX|||Cough \\T\\ fever \\S\\ rule out \\E\\ pneumonia\\F\\\r");

        Assert.That(message.GetValue("OBX-5"), Is.EqualTo(@"Cough & fever ^ rule out \ pneumonia|"));
    }

    [TestCase("unicode utf-8")]
    [TestCase("UTF-8")]
    [TestCase("ascii")]
    public void CharacterSetName_CaseIgnored(string name)
    {
        var bytes = Encoding.UTF8.GetBytes($"MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5.1|||||{name}\rPID|1||X||Müller\r");

        var message = Hl7Message.Parse(bytes);

        Assert.That(message.GetValue("PID-5"), Is.EqualTo("Müller"));
    }

    [Test]
    public void ReportLineFeed_KeepsOneMessage()
    {
        var text = Header + "OBX|1|TX|||line one\nBTS is the abbreviation\nMSH is a muscle|F\rOBX|2|TX|||second|F\r";

        var messages = Hl7Batch.Split(Encoding.ASCII.GetBytes(text));

        Assert.That(messages, Has.Count.EqualTo(1));
        Assert.That(Hl7Message.Parse(messages[0]).GetValue("OBX(2)-5"), Is.EqualTo("second"));
    }

    [TestCase("MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5.1\n\rPID|1||P1||Doe^J\n\rOBX|1|TX|||text\n")]
    [TestCase("MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5.1\nPID|1||P1||Doe^J\r\nOBX|1|TX|||text\r\n")]
    public void MixedTerminatorsInMessage_KeepEverySegment(string text)
    {
        var message = Hl7Message.Parse(text);

        Assert.That(message.SegmentCount, Is.EqualTo(3));
        Assert.That(message.GetValue("PID-5.2"), Is.EqualTo("J"));
        Assert.That(message.GetValue("OBX-5"), Is.EqualTo("text"));
    }

    [TestCase("MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5\n\rPID|1||ONE\n\rMSH|^~\\&|A|B|C|D|20261204||ORU^R01|2|P|2.5\n\rPID|1||TWO\n\r")]
    [TestCase("  MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5\rPID|1||ONE\r  MSH|^~\\&|A|B|C|D|20261204||ORU^R01|2|P|2.5\rPID|1||TWO\r")]
    public void OddLineStarts_SplitIntoTwoMessages(string text)
    {
        var messages = Hl7Batch.Split(Encoding.ASCII.GetBytes(text)).Select(bytes => Hl7Message.Parse(bytes)).ToList();

        Assert.That(messages.Select(message => message.GetValue("PID-3")), Is.EqualTo(new[] { "ONE", "TWO" }));
    }

    [Test]
    public void MixedTerminatorsAcrossMessages_SplitAtEachMsh()
    {
        var text = "MSH|^~\\&|A|B|C|D|20261204||ORU^R01|1|P|2.5.1\nPID|1||ONE\n" +
                   "MSH|^~\\&|A|B|C|D|20261204||ORU^R01|2|P|2.5.1\rPID|1||TWO\r" +
                   "MSH|^~\\&|A|B|C|D|20261204||ORU^R01|3|P|2.5.1\r\nPID|1||THREE\r\n";

        var messages = Hl7Batch.Split(Encoding.ASCII.GetBytes(text)).Select(bytes => Hl7Message.Parse(bytes)).ToList();

        Assert.That(messages.Select(message => message.GetValue("PID-3")), Is.EqualTo(new[] { "ONE", "TWO", "THREE" }));
    }
}
