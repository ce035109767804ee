using System.Text;
using RadAssist.Adapters;
using RadAssist.Testing;

namespace RadAssist.Adapters.Tests;

public sealed class WebhookPayloadReaderTests
{
    private const string Valid =
        """{"study_uid":"1.2.840.113619.2.417.3.2831164627.148.1516677601.777","patient_id":"P123456","modality":"CT","body_part":"CHEST","clinical_indication":"Cough","prior_report_text":"Mild emphysema.","integration_context":"sectra_reporting"}""";

    private static WebhookReadResult Read(string json) => WebhookPayloadReader.Read(Encoding.UTF8.GetBytes(json));

    private static string With(string field, string jsonValue) =>
        System.Text.RegularExpressions.Regex.Replace(Valid, $"\"{field}\":(\"[^\"]*\"|[^,}}]*)", $"\"{field}\":{jsonValue}");

    private static string Without(string field) =>
        System.Text.RegularExpressions.Regex.Replace(Valid, $"\"{field}\":\"[^\"]*\",?", string.Empty).Replace(",}", "}");

    [Test]
    public void SeedExample_MapsToEvent()
    {
        var result = WebhookPayloadReader.Read(TestData.Bytes("payloads/seed-example.json"));

        Assert.That(result.IsValid, Is.True, result.ErrorMessage);
        var studyEvent = result.Event!;
        Assert.That(studyEvent.StudyInstanceUid, Is.EqualTo("1.2.840.113619.2.417.3.2831164627.148.1516677601.777"));
        Assert.That(studyEvent.PatientId, Is.EqualTo("P123456"));
        Assert.That(studyEvent.Modality, Is.EqualTo("CT"));
        Assert.That(studyEvent.BodyPart, Is.EqualTo("CHEST"));
        Assert.That(studyEvent.ClinicalIndication, Is.EqualTo("Cough, fever, rule out pneumonia"));
        Assert.That(studyEvent.IntegrationContext, Is.EqualTo("sectra_reporting"));
        Assert.That(studyEvent.InlinePriorReports.Single().Text, Is.EqualTo("Prior CT 6 months ago: Mild emphysema. No acute findings."));
        Assert.That(result.BodySha256, Has.Length.EqualTo(64));
    }

    [TestCase("study_uid", "\"12.4\"", "12.4")]
    [TestCase("study_uid", "\"1.2.840.0123\"", "leading zero")]
    [TestCase("study_uid", "\"1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22.23.24.25.26\"", "64")]
    [TestCase("study_uid", "\"abc\"", "abc")]
    [TestCase("modality", "\"XRAY\"", "XRAY")]
    [TestCase("modality", "\"ct\"", "'ct'")]
    [TestCase("integration_context", "\"bad context!\"", "bad context!")]
    [TestCase("patient_id", "\"P1\\u0007\"", "patient_id")]
    [TestCase("prior_report_text", "\"No effusion.\\u0000\\u001b[31m\"", "U+0000 at character 12")]
    [TestCase("clinical_indication", "\"Cough\\u0007\"", "U+0007")]
    [TestCase("patient_id", "\"P1|X^Y~Z\\\\W\"", "backslash")]
    [TestCase("patient_id", "\"P1\\u001b[31m\"", "P1<U+001B>[31m")]
    public void InvalidValue_NamesFieldAndValue(string field, string jsonValue, string expected)
    {
        var result = Read(With(field, jsonValue));

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Select(e => e.Field), Does.Contain(field));
        Assert.That(result.ErrorMessage, Does.Contain($"'{field}'").And.Contain(expected));
    }

    [TestCase("study_uid")]
    [TestCase("patient_id")]
    [TestCase("modality")]
    public void MissingRequiredField_NamesIt(string field)
    {
        var result = Read(Without(field));

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Single().Field, Is.EqualTo(field));
        Assert.That(result.ErrorMessage, Does.Contain("missing"));
    }

    [TestCase("study_uid", "123")]
    [TestCase("modality", "[\"CT\"]")]
    [TestCase("patient_id", "{\"id\":1}")]
    [TestCase("prior_report_text", "true")]
    public void WrongType_NamesField(string field, string jsonValue)
    {
        var result = Read(With(field, jsonValue));

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Single().Field, Is.EqualTo(field));
        Assert.That(result.ErrorMessage, Does.Contain($"'{field}'").And.Contain("wrong type"));
    }

    [TestCase("not json at all")]
    [TestCase("{\"study_uid\": ")]
    [TestCase("[]")]
    [TestCase("null")]
    [TestCase("")]
    public void NotAJsonObject_NamesPayload(string body)
    {
        var result = Read(body);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Single().Field, Is.EqualTo("payload"));
    }

    [Test]
    public async Task TwentyMegabyteBody_IsRejectedBySize()
    {
        var body = new MemoryStream(new byte[20 * 1024 * 1024]);

        var result = await WebhookPayloadReader.ReadAsync(body);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors.Single().Field, Is.EqualTo("payload"));
        Assert.That(result.ErrorMessage, Does.Contain("20,971,520 bytes").And.Contain("maximum"));
    }

    [Test]
    public void PriorDate_IsReadAndChecked()
    {
        var good = Read(Valid.Replace("}", ",\"prior_exam\":\"CT chest\",\"prior_exam_date\":\"2025-11-02\"}"));
        var bad = Read(Valid.Replace("}", ",\"prior_exam_date\":\"02/11/2025\"}"));

        Assert.That(good.Event!.InlinePriorReports[0].ExamDate, Is.EqualTo(new DateOnly(2025, 11, 2)));
        Assert.That(good.Event.InlinePriorReports[0].ExamDescription, Is.EqualTo("CT chest"));
        Assert.That(bad.ErrorMessage, Does.Contain("'prior_exam_date'").And.Contain("02/11/2025"));
    }

    [Test]
    public void AccessionWithoutUid_IsAccepted()
    {
        var result = Read(Without("study_uid").Replace("{", "{\"accession_number\":\"ACC123\","));

        Assert.That(result.IsValid, Is.True, result.ErrorMessage);
        Assert.That(result.Event!.AccessionNumber, Is.EqualTo("ACC123"));
    }

    [Test]
    public void UnknownFields_AreIgnored()
    {
        var result = Read(Valid.Replace("}", ",\"vendor_extra\":{\"x\":1}}"));

        Assert.That(result.IsValid, Is.True, result.ErrorMessage);
    }

    [Test]
    public void ByteOrderMark_IsIgnored()
    {
        var json = System.Text.Encoding.UTF8.GetBytes(
            "{\"study_uid\":\"1.2.3.4\",\"patient_id\":\"P1\",\"modality\":\"CT\"}");
        var result = WebhookPayloadReader.Read([0xEF, 0xBB, 0xBF, .. json]);

        Assert.That(result.IsValid, Is.True, result.ErrorMessage);
        Assert.That(result.Event!.StudyInstanceUid, Is.EqualTo("1.2.3.4"));
    }
}
