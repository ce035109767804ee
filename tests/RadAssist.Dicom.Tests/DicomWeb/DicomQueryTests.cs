using RadAssist.Dicom.DicomWeb;

namespace RadAssist.Dicom.Tests.DicomWeb;

public sealed class DicomQueryTests
{
    [Test]
    public void ToString_AllParameters_EncodesInOrder()
    {
        var query = new DicomQuery { FuzzyMatching = true, Limit = 10, Offset = 20 }
            .Match("PatientName", "Doe^J*")
            .Match("StudyDate", "20240101-20241231")
            .Include("StudyDescription")
            .Include("00081030");

        Assert.That(
            query.ToString(),
            Is.EqualTo("?PatientName=Doe%5EJ%2A&StudyDate=20240101-20241231&includefield=StudyDescription"
                + "&includefield=00081030&fuzzymatching=true&limit=10&offset=20"));
    }

    [Test]
    public void ToString_NoParameters_IsEmpty()
    {
        Assert.That(new DicomQuery().ToString(), Is.Empty);
    }

    [TestCase("patient id")]
    [TestCase("0010002")]
    [TestCase("")]
    public void Match_InvalidAttribute_Throws(string attribute)
    {
        Assert.Throws(Is.InstanceOf<ArgumentException>(), () => new DicomQuery().Match(attribute, "x"));
    }

    [Test]
    public void Redact_PatientKeys_HidesValuesOnly()
    {
        var uri = new Uri("http://127.0.0.1:8042/dicom-web/studies?PatientID=MRN123&StudyDate=20240101&00100010=Doe&AccessionNumber=A1");

        var text = DicomWebUrl.Redact(uri);

        Assert.That(text, Is.EqualTo("http://127.0.0.1:8042/dicom-web/studies?PatientID=***&StudyDate=20240101&00100010=***&AccessionNumber=***"));
    }
}
