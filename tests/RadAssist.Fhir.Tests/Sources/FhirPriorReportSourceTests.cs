using System.Net;
using System.Web;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RadAssist.Fhir.Sources;
using RadAssist.Fhir.Tests.Infrastructure;

namespace RadAssist.Fhir.Tests.Sources;

/// <summary>
/// Prior-report search against a loopback FHIR endpoint. The endpoint is a stand-in, because no FHIR server
/// installs on the test machine; it answers with the R4 and US Core examples under tests/data/fhir.
/// </summary>
public sealed class FhirPriorReportSourceTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero));

    private static List<DiagnosticReport> ExampleReports() =>
    [
        FhirExamples.Read<DiagnosticReport>("uscore9_DiagnosticReport-chest-xray-report.json"),
        FhirExamples.Read<DiagnosticReport>("r4core_diagnosticreport-example-ultrasound.json"),
        FhirExamples.Read<DiagnosticReport>("r4core_diagnosticreport-example-dxa.json"),
    ];

    private static List<Resource> ExampleResults() =>
    [
        FhirExamples.Read<Observation>("uscore9_observation-xray-chest-findings.json"),
        FhirExamples.Read<Observation>("uscore9_observation-xray-chest-impression.json"),
        FhirExamples.Read<Observation>("r4core_observation-example-bmd.json"),
    ];

    private static (FhirPriorReportSource Source, FhirServerClient Client) CreateSource(Uri baseUrl, Action<FhirOptions>? configure = null)
    {
        var options = new FhirOptions { BaseUrl = new Uri(baseUrl, "fhir"), PatientIdentifierSystem = "urn:oid:2.999.1" };
        configure?.Invoke(options);
        var client = new FhirServerClient(options, null, NullLogger.Instance);
        return (new FhirPriorReportSource(client, options, Clock, NullLogger<FhirPriorReportSource>.Instance), client);
    }

    private static async Task<ReportingContext> ContributeAsync(LoopbackHttpServer server, Action<FhirOptions>? configure = null)
    {
        var (source, client) = CreateSource(server.BaseUrl, configure);
        using (client)
        {
            var context = SampleDrafts.Context();
            await source.ContributeAsync(context);
            return context;
        }
    }

    [Test]
    public async System.Threading.Tasks.Task Examples_read_into_prior_reports_without_loss()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.SearchSet(ExampleReports(), ExampleResults())));

        var context = await ContributeAsync(server);
        var priors = context.PriorReports.ToDictionary(p => p.ReportId);

        Assert.That(priors.Keys, Is.EquivalentTo(new[] { "chest-xray-report", "ultrasound", "102" }));

        var xray = priors["chest-xray-report"];
        Assert.That(xray.Text, Does.Contain("INDICATION/CLINICAL QUESTION: Fever / Pneumonia"));
        Assert.That(xray.Text, Does.Contain("Clear lungs. Normal pulmonary vascularity.\nNo pleural effusion.\nNo pneumothorax."));
        Assert.That(xray.Text, Does.Contain("IMPRESSION:\nNo acute abnormality."));
        Assert.That(xray.Text, Does.Contain("Signed By: Cure MD, Christine J"));
        Assert.That(xray.Text, Does.Not.Contain("<p>"));
        Assert.That(xray.Text, Does.Contain("Findings: LINES AND TUBES: None."), "findings Observation not in the presentedForm verbatim");
        Assert.That(xray.ExamDescription, Is.EqualTo("Portable XR Chest Views"));
        Assert.That(xray.ExamDate, Is.EqualTo(new DateOnly(2019, 2, 3)));
        Assert.That(xray.Source, Is.EqualTo("fhir"));

        var ultrasound = priors["ultrasound"];
        Assert.That(ultrasound.Text, Is.EqualTo("Conclusion: Unremarkable study"));
        Assert.That(ultrasound.ExamDescription, Is.EqualTo("Abdominal Ultrasound"));
        Assert.That(ultrasound.ExamDate, Is.EqualTo(new DateOnly(2012, 12, 1)));

        var dxa = priors["102"];
        Assert.That(dxa.Text, Does.Contain("Conclusion codes: At risk of osteoporotic fracture"));
        Assert.That(dxa.Text, Does.Contain("BMD - Left Femur: 0.887 g/cm²"));
        Assert.That(dxa.ExamDescription, Is.EqualTo("DXA BONE DENSITOMETRY"));
        Assert.That(dxa.ExamDate, Is.EqualTo(new DateOnly(2008, 6, 17)));
    }

    [Test]
    public async System.Threading.Tasks.Task Search_asks_by_patient_category_status_and_date()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.SearchSet([])));

        await ContributeAsync(server);
        var request = server.Requests.Single();
        var query = HttpUtility.ParseQueryString(new Uri(server.BaseUrl, request.Split(' ')[1]).Query);

        Assert.That(request, Does.StartWith("GET /fhir/DiagnosticReport?"));
        Assert.That(query["patient.identifier"], Is.EqualTo("urn:oid:2.999.1|FAKE-MRN-0042"));
        Assert.That(query["category"], Is.EqualTo("http://terminology.hl7.org/CodeSystem/v2-0074|RAD,http://loinc.org|LP29684-5"));
        Assert.That(query["status"], Is.EqualTo("final,amended,corrected,appended"));
        Assert.That(query["date"], Is.EqualTo("ge2021-03-14"));
        Assert.That(query["_include"], Is.EqualTo("DiagnosticReport:result"));
        Assert.That(query["_sort"], Is.EqualTo("-date"));
        Assert.That(query["_count"], Is.EqualTo("50"));
    }

    [Test]
    public async System.Threading.Tasks.Task Paging_follows_next_links()
    {
        LoopbackHttpServer? serverRef = null;
        var reports = ExampleReports();
        await using var server = await LoopbackHttpServer.StartAsync(context =>
        {
            var page = context.Request.Query["page"].ToString();
            var bundle = page switch
            {
                "" => FhirExamples.SearchSet(reports.Take(1), next: new Uri(serverRef!.BaseUrl, "fhir/DiagnosticReport?page=2")),
                "2" => FhirExamples.SearchSet(reports.Skip(1).Take(1), next: new Uri(serverRef!.BaseUrl, "fhir/DiagnosticReport?page=3")),
                _ => FhirExamples.SearchSet(reports.Skip(2), ExampleResults()),
            };
            return FhirExamples.WriteAsync(context, bundle);
        });
        serverRef = server;

        var context = await ContributeAsync(server);

        Assert.That(context.PriorReports.Select(p => p.ReportId), Is.EqualTo(new[] { "chest-xray-report", "ultrasound", "102" }));
        Assert.That(server.Requests, Has.Count.EqualTo(3));
    }

    [Test]
    public async System.Threading.Tasks.Task Paging_stops_at_max_pages()
    {
        LoopbackHttpServer? serverRef = null;
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.SearchSet(ExampleReports().Take(1), next: new Uri(serverRef!.BaseUrl, "fhir/DiagnosticReport?page=2"))));
        serverRef = server;

        var context = await ContributeAsync(server, options => options.MaxPages = 2);

        Assert.That(server.Requests, Has.Count.EqualTo(2));
        Assert.That(context.PriorReports, Has.Count.EqualTo(1), "the same report on both pages is added once");
    }

    [Test]
    public async System.Threading.Tasks.Task Paging_stops_at_max_prior_reports()
    {
        LoopbackHttpServer? serverRef = null;
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.SearchSet(ExampleReports(), next: new Uri(serverRef!.BaseUrl, "fhir/DiagnosticReport?page=2"))));
        serverRef = server;

        var context = await ContributeAsync(server, options => options.MaxPriorReports = 2);

        Assert.That(server.Requests, Has.Count.EqualTo(1));
        Assert.That(context.PriorReports, Has.Count.EqualTo(2));
    }

    [TestCase(404)]
    [TestCase(410)]
    public async System.Threading.Tasks.Task Not_found_or_gone_adds_warning_only(int status)
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.Outcome("Patient not found", OperationOutcome.IssueType.NotFound), status));

        var context = await ContributeAsync(server);

        Assert.That(context.PriorReports, Is.Empty);
        Assert.That(context.Warnings.Single(), Does.Contain($"returned HTTP {status}"));
    }

    [TestCase(500)]
    [TestCase(502)]
    [TestCase(503)]
    public async System.Threading.Tasks.Task Server_error_throws_transient_error_naming_url(int status)
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.Outcome("database unavailable"), status));

        var exception = await Assert.ThrowsAsync<FhirRequestException>(async () => await ContributeAsync(server));

        Assert.That((int?)exception!.StatusCode, Is.EqualTo(status));
        Assert.That(exception.IsTransient, Is.True);
        Assert.That(exception.Message, Does.Contain(server.BaseUrl + "fhir/DiagnosticReport"));
        Assert.That(exception.Message, Does.Contain("database unavailable"));
    }

    [Test]
    public async System.Threading.Tasks.Task Bad_request_throws_non_transient_error()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.Outcome("Unknown search parameter 'patient.identifier'"), 400));

        var exception = await Assert.ThrowsAsync<FhirRequestException>(async () => await ContributeAsync(server));

        Assert.That(exception!.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(exception.IsTransient, Is.False);
        Assert.That(exception.Message, Does.Contain("Unknown search parameter"));
    }

    [Test]
    public async System.Threading.Tasks.Task Slow_server_times_out_as_transient_error()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async context =>
        {
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { });
            await FhirExamples.WriteAsync(context, FhirExamples.SearchSet([]));
        });

        var started = DateTime.UtcNow;
        var exception = await Assert.ThrowsAsync<FhirRequestException>(async () =>
            await ContributeAsync(server, options => options.Timeout = TimeSpan.FromMilliseconds(300)));

        Assert.That(exception!.IsTransient, Is.True);
        Assert.That(exception.StatusCode, Is.Null);
        Assert.That(exception.Message, Does.Contain("timed out"));
        Assert.That(DateTime.UtcNow - started, Is.LessThan(TimeSpan.FromSeconds(4)), "the timeout, not the server, ended the request");
    }

    [Test]
    public async System.Threading.Tasks.Task Caller_cancellation_is_not_reported_as_timeout()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async context =>
        {
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { });
        });
        var (source, client) = CreateSource(server.BaseUrl);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.CatchAsync<OperationCanceledException>(async () =>
            await source.ContributeAsync(SampleDrafts.Context(), cancellation.Token));
        client.Dispose();
    }

    [Test]
    public async System.Threading.Tasks.Task Preliminary_report_is_not_a_prior()
    {
        var draft = FhirExamples.Read<DiagnosticReport>("r4core_diagnosticreport-example-ultrasound.json");
        draft.Status = DiagnosticReport.DiagnosticReportStatus.Preliminary;
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.SearchSet([draft])));

        var context = await ContributeAsync(server);

        Assert.That(context.PriorReports, Is.Empty);
    }

    [Test]
    public async System.Threading.Tasks.Task Report_without_text_is_skipped_with_warning()
    {
        var empty = new DiagnosticReport
        {
            Id = "empty",
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Code = new CodeableConcept { Text = "CT head" },
        };
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.SearchSet([empty])));

        var context = await ContributeAsync(server);

        Assert.That(context.PriorReports, Is.Empty);
        Assert.That(context.Warnings.Single(), Does.Contain("DiagnosticReport/empty"));
    }

    [Test]
    public async System.Threading.Tasks.Task Missing_patient_id_sends_no_request()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.SearchSet([])));
        var (source, client) = CreateSource(server.BaseUrl);
        using var disposeClient = client;
        var context = SampleDrafts.Context(patientId: null);

        await source.ContributeAsync(context);

        Assert.That(server.Requests, Is.Empty);
        Assert.That(context.Warnings.Single(), Does.Contain("no patient id"));
    }

    [TestCase("A1", null, "A1")]
    [TestCase("A1", "urn:oid:2.999", "urn:oid:2.999|A1")]
    [TestCase("A,1|2$3\\", null, "A\\,1\\|2\\$3\\\\")]
    public void Patient_token_escapes_search_syntax(string id, string? system, string expected)
    {
        var token = FhirPriorReportSource.PatientToken(new FhirOptions { PatientIdentifierSystem = system }, id);

        Assert.That(token, Is.EqualTo(expected));
    }
}
