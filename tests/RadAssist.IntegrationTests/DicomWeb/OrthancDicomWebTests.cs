using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Dicom;
using RadAssist.Dicom.DicomWeb;
using RadAssist.Dicom.StructuredReport;

namespace RadAssist.IntegrationTests.DicomWeb;

/// <summary>QIDO-RS, WADO-RS and STOW-RS round trips and the main job against Orthanc's DICOMweb plugin.</summary>
public sealed class OrthancDicomWebTests
{
    private static readonly DicomTag ModalitiesInStudy = new(0x0008, 0x0061);

    [Test]
    public async Task StowQidoMetadataRetrieve_RoundTrip()
    {
        var baseAddress = OrthancStudies.RequireDicomWeb();
        var studies = new OrthancStudies();
        await using var services = DicomWebFailureTests.Build(baseAddress);
        var client = services.GetRequiredService<DicomWebClient>();
        var image = studies.CurrentImage();

        var stored = await client.StoreAsync([image], studies.CurrentStudyUid);
        var found = await client.SearchStudiesAsync(new DicomQuery().Match("PatientID", studies.PatientId).Include("StudyDescription"));
        var series = await client.SearchSeriesAsync(studies.CurrentStudyUid);
        var instances = await client.SearchInstancesAsync(studies.CurrentStudyUid, studies.CurrentSeriesUid);
        var metadata = await client.RetrieveMetadataAsync(studies.CurrentStudyUid);
        var retrieved = new List<DicomFile>();
        await foreach (var file in client.RetrieveInstancesAsync(studies.CurrentStudyUid, studies.CurrentSeriesUid, studies.CurrentSopUid))
        {
            retrieved.Add(file);
        }

        Assert.That(stored.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(stored.AllStored, Is.True);
        Assert.That(stored.Referenced.Single().SopInstanceUid, Is.EqualTo(studies.CurrentSopUid));
        Assert.That(found, Has.Count.EqualTo(1));
        Assert.That(found[0].GetString(DicomTags.StudyInstanceUid), Is.EqualTo(studies.CurrentStudyUid));
        Assert.That(found[0].GetString(DicomTags.StudyDescription), Is.EqualTo("CT ABDOMEN WITH CONTRAST"));
        Assert.That(found[0].Get(ModalitiesInStudy)!.GetStrings(), Is.EqualTo(new[] { "CT" }));
        Assert.That(series.Single().GetString(DicomTags.SeriesInstanceUid), Is.EqualTo(studies.CurrentSeriesUid));
        Assert.That(instances.Single().GetString(DicomTags.SopInstanceUid), Is.EqualTo(studies.CurrentSopUid));
        Assert.That(metadata.Single().GetString(DicomTags.PatientId), Is.EqualTo(studies.PatientId));
        Assert.That(metadata.Single().GetString(DicomTags.AccessionNumber), Is.EqualTo(studies.AccessionNumber));
        Assert.That(retrieved, Has.Count.EqualTo(1));
        Assert.That(retrieved[0].Dataset.GetString(DicomTags.SopInstanceUid), Is.EqualTo(studies.CurrentSopUid));
        Assert.That(retrieved[0].Dataset.Get(DicomTags.PixelData)!.Bytes.Length, Is.EqualTo(128 * 128 * 2));
    }

    [Test]
    public async Task Qido_NoMatchFromOrthanc_ReturnsEmpty()
    {
        var baseAddress = OrthancStudies.RequireDicomWeb();
        await using var services = DicomWebFailureTests.Build(baseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var studies = await client.SearchStudiesAsync(new DicomQuery().Match("PatientID", "FAKE-0000-" + Guid.NewGuid().ToString("N")));

        Assert.That(studies, Is.Empty);
    }

    [Test]
    public async Task Metadata_UnknownStudy_Throws404NamingUrl()
    {
        var baseAddress = OrthancStudies.RequireDicomWeb();
        await using var services = DicomWebFailureTests.Build(baseAddress);
        var client = services.GetRequiredService<DicomWebClient>();
        var unknown = DicomUid.Generate();

        var exception = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveMetadataAsync(unknown));

        Assert.That(exception!.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(exception.Message, Does.Contain($"GET {baseAddress}studies/{unknown}/metadata"));
        Assert.That(exception.Message, Does.Contain("HTTP 404"));
    }

    [Test]
    public async Task MainJob_PriorReportSr_StoresLinkedDraft()
    {
        var baseAddress = OrthancStudies.RequireDicomWeb();
        var studies = new OrthancStudies();
        await using var services = BuildPipeline(baseAddress);
        var client = services.GetRequiredService<DicomWebClient>();
        await client.StoreAsync([studies.CurrentImage()]);
        await client.StoreAsync([studies.PriorReport()]);

        var result = await services.GetRequiredService<DraftPipeline>().RunAsync(new StudyEvent
        {
            EventId = "it-" + studies.AccessionNumber,
            Source = "integration-test",
            StudyInstanceUid = studies.CurrentStudyUid,
        });

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Completed), result.Error);
        var comparison = result.Draft!.GetSection(DraftSectionKind.Comparison)!.Sentences.Single().Text;
        Assert.That(comparison, Is.EqualTo("Comparison: CT ABDOMEN dated 2023-01-15."));
        Assert.That(result.Draft.StudyInstanceUid, Is.EqualTo(studies.CurrentStudyUid));
        Assert.That(result.Deliveries, Has.Count.EqualTo(1));

        // The stored SR comes back through QIDO-RS and WADO-RS under the current study, with the CT image as evidence.
        var srInstances = await client.SearchInstancesAsync(studies.CurrentStudyUid, null, new DicomQuery().Match("Modality", "SR"));
        Assert.That(srInstances, Has.Count.EqualTo(1));
        var srSopUid = srInstances[0].GetString(DicomTags.SopInstanceUid)!;
        var srSeriesUid = srInstances[0].GetString(DicomTags.SeriesInstanceUid)!;
        Assert.That(result.Deliveries[0].Location, Does.Contain(srSopUid));

        var files = new List<DicomFile>();
        await foreach (var file in client.RetrieveInstancesAsync(studies.CurrentStudyUid, srSeriesUid, srSopUid))
        {
            files.Add(file);
        }

        var document = SrDocument.Read(files.Single().Dataset);
        Assert.That(document.StudyInstanceUid, Is.EqualTo(studies.CurrentStudyUid));
        Assert.That(document.CompletionFlag, Is.EqualTo("PARTIAL"));
        Assert.That(document.VerificationFlag, Is.EqualTo("UNVERIFIED"));
        Assert.That(document.Evidence, Has.Count.EqualTo(1));
        Assert.That(document.Evidence[0].SopInstanceUid, Is.EqualTo(studies.CurrentSopUid));
        Assert.That(document.Evidence[0].SeriesInstanceUid, Is.EqualTo(studies.CurrentSeriesUid));
        Assert.That(document.Evidence[0].SopClassUid, Is.EqualTo("1.2.840.10008.5.1.4.1.1.2"));
        Assert.That(files.Single().Dataset.GetString(DicomTags.PatientId), Is.EqualTo(studies.PatientId));
        var imagePatientName = DicomFile.Read(studies.CurrentImage()).Dataset.GetString(DicomTags.PatientName);
        Assert.That(imagePatientName, Is.Not.Empty);
        Assert.That(files.Single().Dataset.GetString(DicomTags.PatientName), Is.EqualTo(imagePatientName));
    }

    [Test]
    public async Task ContextSource_StudyWithPriorReport_FillsContext()
    {
        var baseAddress = OrthancStudies.RequireDicomWeb();
        var studies = new OrthancStudies();
        await using var services = DicomWebFailureTests.Build(baseAddress);
        var client = services.GetRequiredService<DicomWebClient>();
        await client.StoreAsync([studies.CurrentImage()]);
        await client.StoreAsync([studies.PriorReport()]);
        var source = services.GetServices<IContextSource>().OfType<DicomWebStudyContextSource>().Single();
        var context = new ReportingContext(
            new StudyEvent { EventId = "it-context", Source = "integration-test", AccessionNumber = studies.AccessionNumber },
            "correlation-1");

        await source.ContributeAsync(context);

        Assert.That(context.Study.StudyInstanceUid, Is.EqualTo(studies.CurrentStudyUid));
        Assert.That(context.Study.Modality, Is.EqualTo("CT"));
        Assert.That(context.Study.Description, Is.EqualTo("CT ABDOMEN WITH CONTRAST"));
        Assert.That(context.Study.StudyDate, Is.EqualTo(OrthancStudies.CurrentDate));
        Assert.That(context.Study.Series.Single().SeriesInstanceUid, Is.EqualTo(studies.CurrentSeriesUid));
        Assert.That(context.Study.Series.Single().InstanceCount, Is.EqualTo(1));
        Assert.That(context.Patient.PatientId, Is.EqualTo(studies.PatientId));
        Assert.That(context.Patient.Name, Is.EqualTo(DicomFile.Read(studies.CurrentImage()).Dataset.GetString(DicomTags.PatientName)));
        Assert.That(context.PriorStudies.Single().StudyInstanceUid, Is.EqualTo(studies.PriorStudyUid));
        var prior = context.PriorReports.Single();
        Assert.That(prior.ReportId, Is.EqualTo(studies.PriorReportSopUid));
        Assert.That(prior.ExamDate, Is.EqualTo(OrthancStudies.PriorDate));
        Assert.That(prior.StudyInstanceUid, Is.EqualTo(studies.PriorStudyUid));
        Assert.That(prior.Text, Does.Contain("FINDING:"));
        Assert.That(prior.Text, Does.Contain("The examination demonstrate"));
        Assert.That(context.Warnings, Is.Empty);
    }

    [Test]
    public async Task ContextSource_PatientModalityAndDate_ResolvesStudy()
    {
        var baseAddress = OrthancStudies.RequireDicomWeb();
        var studies = new OrthancStudies();
        await using var services = DicomWebFailureTests.Build(baseAddress);
        var client = services.GetRequiredService<DicomWebClient>();
        await client.StoreAsync([studies.CurrentImage()]);
        var source = services.GetServices<IContextSource>().OfType<DicomWebStudyContextSource>().Single();
        var context = new ReportingContext(
            new StudyEvent
            {
                EventId = "it-pmd",
                Source = "integration-test",
                PatientId = studies.PatientId,
                Modality = "CT",
                StudyDate = OrthancStudies.CurrentDate,
            },
            "correlation-2");

        await source.ContributeAsync(context);

        Assert.That(context.Study.StudyInstanceUid, Is.EqualTo(studies.CurrentStudyUid));
    }

    [Test]
    public async Task ContextSource_AccessionMatchesTwoStudies_ThrowsAmbiguous()
    {
        var baseAddress = OrthancStudies.RequireDicomWeb();
        var studies = new OrthancStudies();
        await using var services = DicomWebFailureTests.Build(baseAddress);
        var client = services.GetRequiredService<DicomWebClient>();
        var otherStudyUid = DicomUid.Generate();
        await client.StoreAsync([studies.CurrentImage()]);
        await client.StoreAsync([studies.CurrentImage(otherStudyUid, studies.AccessionNumber)]);
        var source = services.GetServices<IContextSource>().OfType<DicomWebStudyContextSource>().Single();
        var context = new ReportingContext(
            new StudyEvent { EventId = "it-ambiguous", Source = "integration-test", AccessionNumber = studies.AccessionNumber },
            "correlation-3");

        var exception = await Assert.ThrowsAsync<DicomWebStudyResolutionException>(async () => await source.ContributeAsync(context));

        Assert.That(exception!.Message, Does.Contain("2 studies in the PACS match the AccessionNumber"));
        Assert.That(exception.Message, Does.Contain("does not choose"));
        Assert.That(exception.MatchingStudyInstanceUids, Is.EquivalentTo(new[] { studies.CurrentStudyUid, otherStudyUid }));
        Assert.That(context.Study.StudyInstanceUid, Is.Null);
    }

    [Test]
    public async Task ContextSource_AccessionMatchesNothing_ThrowsMissing()
    {
        var baseAddress = OrthancStudies.RequireDicomWeb();
        await using var services = DicomWebFailureTests.Build(baseAddress);
        var source = services.GetServices<IContextSource>().OfType<DicomWebStudyContextSource>().Single();
        var context = new ReportingContext(
            new StudyEvent { EventId = "it-missing", Source = "integration-test", AccessionNumber = "NONE" + Guid.NewGuid().ToString("N")[..8] },
            "correlation-4");

        var exception = await Assert.ThrowsAsync<DicomWebStudyResolutionException>(async () => await source.ContributeAsync(context));

        Assert.That(exception!.Message, Does.Contain("No study in the PACS matches the AccessionNumber"));
        Assert.That(exception.MatchingStudyInstanceUids, Is.Empty);
    }

    [Test]
    public async Task ContextSource_UnknownStudy_Throws()
    {
        var baseAddress = OrthancStudies.RequireDicomWeb();
        await using var services = DicomWebFailureTests.Build(baseAddress);
        var source = services.GetServices<IContextSource>().OfType<DicomWebStudyContextSource>().Single();
        var unknown = DicomUid.Generate();
        var context = new ReportingContext(
            new StudyEvent { EventId = "it-unknown", Source = "integration-test", StudyInstanceUid = unknown },
            "correlation-5");

        var exception = await Assert.ThrowsAsync<DicomWebStudyResolutionException>(async () => await source.ContributeAsync(context));

        Assert.That(exception!.Message, Does.Contain($"Study {unknown} is not in the PACS at {baseAddress}"));
    }

    internal static ServiceProvider BuildPipeline(Uri baseAddress)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRadAssist();
        services.AddRadAssistDicomWeb(
            options =>
            {
                options.BaseAddress = baseAddress;
                options.RetryDelay = TimeSpan.FromMilliseconds(50);
            },
            storeDrafts: true);
        return services.BuildServiceProvider();
    }
}
