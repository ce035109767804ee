using System.Text.Json;
using RadAssist.Dicom.DicomWeb;

namespace RadAssist.Dicom.Tests.DicomWeb;

public sealed class DicomJsonResponseTests
{
    [Test]
    public void ReadArray_StudyResult_ReadsAllValueKinds()
    {
        const string json = """
            [{
              "00080020": { "vr": "DA", "Value": ["20240115"] },
              "00080061": { "vr": "CS", "Value": ["CT", "SR"] },
              "00100010": { "vr": "PN", "Value": [{ "Alphabetic": "Doe^Jane", "Ideographic": "" }] },
              "00201208": { "vr": "IS", "Value": [12] },
              "00280010": { "vr": "US", "Value": [512] },
              "00081199": { "vr": "SQ", "Value": [{ "00081155": { "vr": "UI", "Value": ["1.2.3.4"] } }] }
            }]
            """;

        var dataset = Read(json)[0];

        Assert.That(dataset.GetString(new DicomTag(0x0008, 0x0020)), Is.EqualTo("20240115"));
        Assert.That(dataset.Get(new DicomTag(0x0008, 0x0061))!.GetStrings(), Is.EqualTo(new[] { "CT", "SR" }));
        Assert.That(dataset.GetString(new DicomTag(0x0010, 0x0010)), Is.EqualTo("Doe^Jane"));
        Assert.That(dataset.GetString(new DicomTag(0x0020, 0x1208)), Is.EqualTo("12"));
        Assert.That(dataset.GetString(new DicomTag(0x0028, 0x0010)), Is.EqualTo("512"));
        Assert.That(dataset.GetItems(new DicomTag(0x0008, 0x1199))[0].GetString(new DicomTag(0x0008, 0x1155)), Is.EqualTo("1.2.3.4"));
    }

    [Test]
    public void ReadArray_OddButReadableAttributes_AreTolerated()
    {
        // No vr, a person name as a plain string, no Value, a null value and a BulkDataURI.
        const string json = """
            [{
              "00080060": { "Value": ["MR"] },
              "00100010": { "vr": "PN", "Value": ["Doe^John"] },
              "00081030": { "vr": "LO" },
              "00080050": { "vr": "SH", "Value": [null] },
              "7FE00010": { "vr": "OW", "BulkDataURI": "http://127.0.0.1/bulk/1" }
            }]
            """;

        var dataset = Read(json)[0];

        Assert.That(dataset.Get(new DicomTag(0x0008, 0x0060))!.VR, Is.EqualTo(DicomVR.CS));
        Assert.That(dataset.GetString(new DicomTag(0x0008, 0x0060)), Is.EqualTo("MR"));
        Assert.That(dataset.GetString(new DicomTag(0x0010, 0x0010)), Is.EqualTo("Doe^John"));
        Assert.That(dataset.Get(new DicomTag(0x0008, 0x1030))!.IsEmpty, Is.True);
        Assert.That(dataset.Get(new DicomTag(0x0008, 0x0050))!.IsEmpty, Is.True);
        Assert.That(dataset.Get(new DicomTag(0x7FE0, 0x0010))!.BulkDataUri, Is.EqualTo("http://127.0.0.1/bulk/1"));
    }

    [TestCase("{}", "array")]
    [TestCase("[1]", "not an object")]
    [TestCase("""[{ "PatientID": { "vr": "LO", "Value": ["x"] } }]""", "key 'PatientID'")]
    [TestCase("""[{ "00100020": { "vr": "LO", "Value": "x" } }]""", "(0010,0020)")]
    [TestCase("""[{ "00100020": { "vr": "XX", "Value": ["x"] } }]""", "\"XX\"")]
    [TestCase("""[{ "00100020": { "vr": "LO", "Value": [{ "a": 1 }] } }]""", "Object value")]
    [TestCase("""[{ "00280010": { "vr": "US", "Value": [70000] } }]""", "not a valid US")]
    [TestCase("""[{ "00280010": { "vr": "US", "Value": ["many"] } }]""", "not a valid US")]
    public void ReadArray_InvalidAttribute_ThrowsNamingIt(string json, string expected)
    {
        var exception = Assert.Throws<DicomFormatException>(() => Read(json));

        Assert.That(exception!.Message, Does.Contain(expected));
    }

    private static List<DicomDataset> Read(string json)
    {
        return [.. RadAssist.Dicom.DicomJson.ReadArray(System.Text.Encoding.UTF8.GetBytes(json))];
    }
}
