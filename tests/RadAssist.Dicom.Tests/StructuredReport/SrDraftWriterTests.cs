using Microsoft.Extensions.DependencyInjection;
using RadAssist.Dicom.StructuredReport;

namespace RadAssist.Dicom.Tests.StructuredReport;

public sealed class SrDraftWriterTests
{
    [Test]
    public async Task AddRadAssistDicom_RegistersSrWriter()
    {
        using var provider = new ServiceCollection().AddLogging().AddRadAssistDicom().AddRadAssistDicom().BuildServiceProvider();

        var writers = provider.GetServices<IDraftWriter>().ToList();
        var rendered = await writers.Single().WriteAsync(Draft(), SrFixtures.Context());

        Assert.That(writers.Single().Format, Is.EqualTo("sr"));
        Assert.That(rendered.MediaType, Is.EqualTo("application/dicom"));
        Assert.That(rendered.FileExtension, Is.EqualTo(".dcm"));
    }

    [Test]
    public async Task Draft_IsMarkedPartialUnverifiedWithDeviceAuthor()
    {
        var dataset = await RenderAsync(Draft());

        Assert.That(dataset.GetString(new DicomTag(0x0040, 0xA491)), Is.EqualTo("PARTIAL"));
        Assert.That(dataset.GetString(new DicomTag(0x0040, 0xA493)), Is.EqualTo("UNVERIFIED"));
        var author = dataset.GetItems(new DicomTag(0x0040, 0xA078)).Single();
        Assert.That(author.GetString(new DicomTag(0x0040, 0xA084)), Is.EqualTo("DEV"));
        Assert.That(author.GetString(new DicomTag(0x0008, 0x1090)), Is.EqualTo("test-model 2026-01"));
    }

    [Test]
    public async Task Draft_ContentNamesDeviceAndShowsBanner()
    {
        var document = SrDocument.Read(await RenderAsync(Draft()));

        var items = document.Root.Descendants().ToList();
        Assert.That(items.Single(i => i.ConceptName == SrCodes.ObserverType).Code, Is.EqualTo(SrCodes.Device));
        Assert.That(items.Single(i => i.ConceptName == SrCodes.DeviceObserverName).Value, Is.EqualTo("test-model"));
        Assert.That(document.Root.Children.First(i => i.ValueType == SrValueType.Text && i.Relationship == SrRelationship.Contains).Value, Is.EqualTo(DraftReport.DraftBanner));
        Assert.That(document.Root.TemplateId, Is.EqualTo("2000"));
    }

    [Test]
    public async Task Draft_BelongsToReportedStudy()
    {
        var dataset = await RenderAsync(Draft());

        Assert.That(dataset.GetString(new DicomTag(0x0020, 0x000D)), Is.EqualTo(SrFixtures.StudyUid));
        Assert.That(dataset.GetString(new DicomTag(0x0008, 0x0050)), Is.EqualTo("ACC0001"));
        Assert.That(dataset.GetString(new DicomTag(0x0010, 0x0020)), Is.EqualTo("FAKE-0001"));
    }

    [Test]
    public async Task Draft_SectionsUseLoincHeadings()
    {
        var document = SrDocument.Read(await RenderAsync(Draft()));

        var headings = document.Root.Children.Where(i => i.ValueType == SrValueType.Container).Select(i => i.ConceptName!).ToList();
        Assert.That(headings, Is.EqualTo(new[] { SrCodes.ClinicalInformation, SrCodes.FindingsSection, SrCodes.ImpressionSection }));
        Assert.That(headings, Has.All.Property(nameof(CodedConcept.Scheme)).EqualTo("LN"));
    }

    [Test]
    public async Task Draft_WithoutValidStudyUid_Throws()
    {
        var draft = Draft() with { StudyInstanceUid = "12.4" };
        var context = new ReportingContext(new StudyEvent { EventId = "e", Source = "test" }, "corr-1");

        var exception = await Assert.ThrowsAsync<ArgumentException>(async () => await RenderAsync(draft, context));

        Assert.That(exception!.Message, Does.Contain("12.4"));
    }

    private static DraftReport Draft() => SrFixtures.Draft(
        (DraftSectionKind.Indication, "Cough"),
        (DraftSectionKind.Findings, "No pneumothorax. 6 mm nodule in the right upper lobe"),
        (DraftSectionKind.Impression, "No acute finding"));

    private static async Task<DicomDataset> RenderAsync(DraftReport draft, ReportingContext? context = null)
    {
        using var provider = new ServiceCollection().AddLogging().AddRadAssistDicom().BuildServiceProvider();
        var rendered = await provider.GetServices<IDraftWriter>().Single().WriteAsync(draft, context ?? SrFixtures.Context());
        return DicomFile.Read(rendered.Content).Dataset;
    }
}
