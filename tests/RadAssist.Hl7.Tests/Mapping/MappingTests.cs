using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RadAssist.Testing;

namespace RadAssist.Hl7.Tests.Mapping;

/// <summary>Orders to study events, results to prior reports, drafts to preliminary ORU messages.</summary>
public sealed class MappingTests
{
    private static readonly DateTimeOffset Received = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void OmiOrder_ReadsIpcSegment()
    {
        var message = Hl7Message.Parse(TestData.Bytes("hl7/dcm4che_OMI_O23_ImagingOrder_v251.hl7"));

        var result = Hl7OrderMapper.Map(message, "mllp", Received);

        Assert.That(result.Error, Is.Null);
        var studyEvent = result.Events.Single();
        Assert.That(studyEvent.EventId, Is.EqualTo("1001125"));
        Assert.That(studyEvent.Kind, Is.EqualTo(StudyEventKind.OrderPlaced));
        Assert.That(studyEvent.StudyInstanceUid, Is.EqualTo("1.2.392.200036.9125.0.198811291108.7"));
        Assert.That(studyEvent.AccessionNumber, Is.EqualTo("AccessionNumber"));
        Assert.That(studyEvent.Modality, Is.EqualTo("CT"));
        Assert.That(studyEvent.PatientId, Is.EqualTo("PID_1"));
        Assert.That(studyEvent.ProcedureDescription, Is.EqualTo("Microscopic Observation"));
        Assert.That(studyEvent.OccurredAt, Is.EqualTo(new DateTimeOffset(2022, 3, 24, 19, 31, 55, TimeSpan.Zero)));
        Assert.That(studyEvent.Source, Is.EqualTo("mllp"));
    }

    [Test]
    public void OrmOrder_ReadsZdsAndObr()
    {
        var message = Hl7Message.Parse(TestData.Bytes("hl7/dcm4che_ORM_O01_v231_ZDS.hl7"));

        var studyEvent = Hl7OrderMapper.Map(message, "mllp", Received).Events.Single();

        Assert.That(studyEvent.StudyInstanceUid, Is.EqualTo("1.113654.3.13.1026"));
        Assert.That(studyEvent.AccessionNumber, Is.EqualTo("MOF5026"));
        Assert.That(studyEvent.Modality, Is.EqualTo("MR"));
        Assert.That(studyEvent.ProcedureDescription, Is.EqualTo("Procedure 1"));
        Assert.That(studyEvent.PatientId, Is.EqualTo("583295"));
        Assert.That(studyEvent.OccurredAt, Is.EqualTo(Received), "MSH-7 is empty, so the receive time is used");
        Assert.That(studyEvent.PlacerOrderNumber, Is.EqualTo("A103Z"));
        Assert.That(studyEvent.FillerOrderNumber, Is.EqualTo("B103Z"));
        Assert.That(studyEvent.ProcedureCode, Is.EqualTo(new CodedConcept("P1", "ERL_MESA", "Procedure 1")));
    }

    [Test]
    public void OrderToResult_EchoesOrderNumbersAndCode()
    {
        var order = Hl7OrderMapper.Map(Hl7Message.Parse(TestData.Bytes("hl7/dcm4che_ORM_O01_v231_ZDS.hl7")), "mllp", Received).Events.Single();
        var (draft, _) = SampleDraft();
        var context = new ReportingContext(order, "corr-8");
        var writer = new Hl7DraftWriter(Options.Create(new Hl7Options()));

        var result = Hl7Message.Parse(writer.Write(draft, context), strict: true);

        Assert.That(result.GetValue("OBR-2"), Is.EqualTo("A103Z"));
        Assert.That(result.GetValue("OBR-3"), Is.EqualTo("B103Z"));
        Assert.That(result.GetValue("OBR-4.1"), Is.EqualTo("P1"));
        Assert.That(result.GetValue("OBR-4.2"), Is.EqualTo("Procedure 1"));
        Assert.That(result.GetValue("OBR-4.3"), Is.EqualTo("ERL_MESA"));
        Assert.That(result.GetValue("OBR-18"), Is.EqualTo("ACC7"), "the accession number stays in OBR-18");
    }

    [TestCase("NW", "", "", StudyEventKind.OrderPlaced)]
    [TestCase("SC", "CM", "", StudyEventKind.ReadyForReporting)]
    [TestCase("XO", "IP", "", StudyEventKind.OrderPlaced)]
    [TestCase("CA", "", "", StudyEventKind.OrderCancelled)]
    [TestCase("DC", "", "", StudyEventKind.OrderCancelled)]
    [TestCase("SC", "CM", "F", StudyEventKind.ReportSigned)]
    public void OrderControl_MapsToKind(string control, string status, string result, StudyEventKind expected)
    {
        Assert.That(Hl7OrderMapper.MapKind(control, status, result), Is.EqualTo(expected));
    }

    [Test]
    public void UnknownOrderControl_RejectedWithTableCode()
    {
        var message = Hl7Message.Parse(TestOrders.Orm("M1", "ACC1", orderControl: "ZZ"));

        var error = Hl7OrderMapper.Map(message, "mllp", Received).Error;

        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Condition, Is.EqualTo(103));
        Assert.That(error.Field, Is.EqualTo(1));
        Assert.That(error.Message, Does.Contain("ORC-1").And.Contain("'ZZ'"));
    }

    [Test]
    public void TwoOrderGroups_TwoEvents()
    {
        var message = Hl7Message.Parse(
            "MSH|^~\\&|RIS|RADIOLOGY|RADASSIST|HOSP|20261204101500||ORM^O01|TWO0001|P|2.5\r" +
            "PID|1||MRN0001^^^HOSP^MR||DOE^JANE||19700101|F\r" +
            "ORC|NW|ORD1|||SC\r" +
            "OBR|1|ORD1||24725-4^CT Head^LN||||||||||||||ACC1||||||CT\r" +
            "ORC|NW|ORD2|||SC\r" +
            "OBR|2|ORD2||24590-2^MR Brain^LN||||||||||||||ACC2||||||MR\r");

        var result = Hl7OrderMapper.Map(message, "mllp", Received);

        Assert.That(result.Error?.Message, Is.Null);
        Assert.That(result.Events, Has.Count.EqualTo(2));
        Assert.That(result.Events[1].EventId, Does.EndWith("/2"));
        Assert.That(result.Events.Select(e => e.ProcedureDescription), Is.Unique);
        Assert.That(result.Events.Select(e => e.AccessionNumber), Is.EqualTo(new[] { "ACC1", "ACC2" }));
        Assert.That(result.Locations[1]["AccessionNumber"].Resolve(message), Is.EqualTo(new Hl7Location("OBR", 2, 18)));
        Assert.That(result.Locations[1]["Modality"].Resolve(message), Is.EqualTo(new Hl7Location("OBR", 2, 24)));
    }

    [Test]
    public void FillerNumbersOnly_RejectedAsRequiredFieldMissing()
    {
        // Two groups with filler order numbers in ORC-3, but no IPC, ZDS or OBR-18.
        var message = Hl7Message.Parse(TestData.Bytes("hl7/msfhirconv_ORM-O01-03.hl7"));

        var result = Hl7OrderMapper.Map(message, "mllp", Received);

        Assert.That(result.Events, Is.Empty);
        Assert.That(result.Error, Is.Not.Null);
        Assert.That(result.Error!.Condition, Is.EqualTo(101));
        Assert.That(result.Error.Segment, Is.EqualTo("OBR"));
        Assert.That(result.Error.Field, Is.EqualTo(18));
        Assert.That(result.Error.Message, Does.Contain("ZDS-1").And.Contain("IPC-1"));
    }

    [Test]
    public void OmiOrder_RecordsIpcLocations()
    {
        var message = Hl7Message.Parse(TestData.Bytes("hl7/dcm4che_OMI_O23_ImagingOrder_v251.hl7"));

        var locations = Hl7OrderMapper.Map(message, "mllp", Received).Locations.Single();

        Assert.That(locations["StudyInstanceUid"].Resolve(message), Is.EqualTo(new Hl7Location("IPC", 1, 3)));
        Assert.That(locations["AccessionNumber"].Resolve(message), Is.EqualTo(new Hl7Location("IPC", 1, 1)));
        Assert.That(locations["PatientId"].Resolve(message), Is.EqualTo(new Hl7Location("PID", 1, 3)));
        Assert.That(locations["EventId"].Resolve(message), Is.EqualTo(new Hl7Location("MSH", 1, 10)));
    }

    [Test]
    public void OrderWithoutObr_RejectedAsSegmentSequenceError()
    {
        var message = Hl7Message.Parse(TestData.Bytes("hl7/msfhirconv_ORM-O01-06.hl7"));

        var error = Hl7OrderMapper.Map(message, "mllp", Received).Error;

        Assert.That(error?.Condition, Is.EqualTo(100));
        Assert.That(error?.Message, Does.Contain("OBR"));
    }

    [Test]
    public void ImagingResult_MapsToPriorReport()
    {
        var message = Hl7Message.Parse(TestData.Bytes("hl7/hl7genderharmony_ORU_R01_imaging_v291.hl7"));

        var report = Hl7ReportMapper.Map(message).Single();

        Assert.That(report.Source, Is.EqualTo("hl7"));
        Assert.That(report.Text.Split('\n'), Has.Length.GreaterThanOrEqualTo(3));
        Assert.That(report.Text, Does.Not.Contain("\\"));
    }

    [Test]
    public void MultilineResult_JoinsTextObservations()
    {
        var message = Hl7Message.Parse(TestData.Bytes("hl7/lfh_ORU_multiline_short.hl7"));

        var report = Hl7ReportMapper.Map(message).Single();

        var textObservations = Enumerable.Range(0, message.SegmentCount)
            .Where(i => message.GetSegmentName(i) == "OBX")
            .Count(i => message.GetField(i, 2).ToString() is "TX" or "FT" or "ST");
        Assert.That(report.Text.Split('\n'), Has.Length.EqualTo(textObservations));
    }

    [Test]
    public void NonResult_ThrowsNamingMsh9()
    {
        var message = Hl7Message.Parse(TestData.Bytes("hl7/dcm4che_ADT_A40_PatientMerge_v251.hl7"));

        var error = Assert.Throws<Hl7ParseException>(() => Hl7ReportMapper.Map(message))!;

        Assert.That(error.Location, Is.EqualTo("MSH-9"));
        Assert.That(error.Message, Does.Contain("ADT^A40"));
    }

    [Test]
    public async Task DraftWriter_MarksPreliminaryWithBanner()
    {
        var services = new ServiceCollection().AddRadAssistHl7(o => o.ReceivingApplication = "RIS").BuildServiceProvider();
        var writer = services.GetServices<IDraftWriter>().Single(w => w.Format == "hl7");
        var (draft, context) = SampleDraft();

        var rendered = await writer.WriteAsync(draft, context);

        var message = Hl7Message.Parse(rendered.Content, strict: true);
        Assert.That(rendered.MediaType, Is.EqualTo("application/hl7v2"));
        Assert.That(message.MessageType, Is.EqualTo("ORU^R01^ORU_R01"));
        Assert.That(message.GetValue("MSH-5"), Is.EqualTo("RIS"));
        Assert.That(message.GetValue("MSH-18"), Is.EqualTo("UNICODE UTF-8"));
        Assert.That(message.GetValue("OBR-25"), Is.EqualTo("P"));
        Assert.That(message.GetValue("OBX(1)-5"), Is.EqualTo(DraftReport.DraftBanner));
        var observations = Enumerable.Range(1, 4).Select(i => message.Get($"OBX({i})-11").ToString()).ToList();
        Assert.That(observations, Is.All.EqualTo("P"));
        Assert.That(message.GetValue("OBX(2)-3.1"), Is.EqualTo("59776-5"));
        Assert.That(message.GetValue("OBX(2)-5"), Is.EqualTo("FINDINGS:\nRight lung | left lung: clear.\nNo effusion."));
        Assert.That(message.GetValue("OBX(4)-5"), Is.EqualTo("1.2.3.4"));
        Assert.That(message.GetValue("PID-5.1"), Is.EqualTo("DOE"));
        Assert.That(Encoding.UTF8.GetString(rendered.Content.Span), Does.Contain("\\.br\\"));
    }

    [Test]
    public void DraftWriter_PriorReportRoundTrip()
    {
        var writer = new Hl7DraftWriter(Options.Create(new Hl7Options()));
        var (draft, context) = SampleDraft();

        var report = Hl7ReportMapper.Map(Hl7Message.Parse(writer.Write(draft, context))).Single();

        Assert.That(report.Text, Does.StartWith(DraftReport.DraftBanner));
        Assert.That(report.Text, Does.Contain("Right lung | left lung: clear."));
        Assert.That(report.StudyInstanceUid, Is.EqualTo("1.2.3.4"));
        Assert.That(report.ReportId, Is.EqualTo("ACC7"));
    }

    [Test]
    public void LongDraftId_ControlIdFitsTwentyCharacters()
    {
        var id = Hl7DraftWriter.ControlIdOf(Guid.NewGuid().ToString());

        Assert.That(id, Has.Length.EqualTo(20));
        Assert.That(Hl7DraftWriter.ControlIdOf("short-id"), Is.EqualTo("short-id"));
    }

    [Test]
    public void DeliveryOption_RegistersMllpDelivery()
    {
        var services = new ServiceCollection()
            .AddRadAssistHl7(o => o.Delivery = new MllpClientOptions { Port = 2575 })
            .BuildServiceProvider();

        var delivery = services.GetServices<IDraftDelivery>().Single();

        Assert.That(delivery.Format, Is.EqualTo("hl7"));
        Assert.That(new ServiceCollection().AddRadAssistHl7().BuildServiceProvider().GetServices<IDraftDelivery>(), Is.Empty);
    }

    private static (DraftReport Draft, ReportingContext Context) SampleDraft()
    {
        var studyEvent = new StudyEvent { EventId = "E7", Source = "test", AccessionNumber = "ACC7", StudyInstanceUid = "1.2.3.4" };
        var context = new ReportingContext(studyEvent, "corr-7") { Patient = new PatientInfo { PatientId = "MRN7", Name = "DOE^JANE" } };
        var draft = new DraftReport
        {
            CorrelationId = "corr-7",
            DraftId = "draft-7",
            StudyInstanceUid = "1.2.3.4",
            AccessionNumber = "ACC7",
            Generator = new GeneratorInfo("radassist-deterministic", "1.0"),
            Sections =
            [
                new DraftSection(DraftSectionKind.Findings, "FINDINGS", [
                    new DraftSentence("Right lung | left lung: clear.", []),
                    new DraftSentence("No effusion.", []),
                ]),
                new DraftSection(DraftSectionKind.Impression, "IMPRESSION", [new DraftSentence("Normal chest.", [])]),
            ],
        };
        return (draft, context);
    }
}
