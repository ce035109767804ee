using System.Web;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RadAssist.Fhir.Sources;
using RadAssist.Fhir.Tests.Infrastructure;

namespace RadAssist.Fhir.Tests.Sources;

/// <summary>
/// History search against a loopback FHIR endpoint. The endpoint is a stand-in, because no FHIR server installs on
/// the test machine; it answers with the Condition, Procedure and Observation examples under tests/data/fhir.
/// </summary>
public sealed class FhirHistorySourceTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 3, 14, 12, 0, 0, TimeSpan.Zero));

    private static async Task<ReportingContext> ContributeAsync(LoopbackHttpServer server)
    {
        var options = new FhirOptions { BaseUrl = new Uri(server.BaseUrl, "fhir/") };
        using var client = new FhirServerClient(options, null, NullLogger.Instance);
        var source = new FhirHistorySource(client, options, Clock, NullLogger<FhirHistorySource>.Instance);
        var context = SampleDrafts.Context();
        await source.ContributeAsync(context);
        return context;
    }

    private static Bundle Respond(string path)
    {
        const string Converted = "msfhirconv_ORM-O01-01-expected_Bundle.json";
        return path switch
        {
            "/fhir/Condition" => FhirExamples.SearchSet(
            [
                FhirExamples.Read<Condition>("uscore9_condition-encounter-diagnosis-example1.json"),
                .. FhirExamples.FromBundle<Condition>(Converted),
            ]),
            "/fhir/Procedure" => FhirExamples.SearchSet(FhirExamples.FromBundle<Procedure>(Converted)),
            "/fhir/Observation" => FhirExamples.SearchSet(
            [
                FhirExamples.Read<Observation>("r4core_observation-example-bmd.json"),
                FhirExamples.Read<Observation>("uscore9_dxa-femur-l-z-score-bmd.json"),
                FhirExamples.Read<Observation>("uscore9_observation-xray-chest-impression.json"),
                .. FhirExamples.FromBundle<Observation>(Converted),
            ]),
            _ => FhirExamples.SearchSet([]),
        };
    }

    [Test]
    public async System.Threading.Tasks.Task Examples_read_into_history_without_loss()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, Respond(context.Request.Path)));

        var context = await ContributeAsync(server);
        var items = context.History.ToDictionary(h => h.SourceId!);

        Assert.That(context.History.Count(h => h.Kind == "condition"), Is.EqualTo(2));
        Assert.That(context.History.Count(h => h.Kind == "procedure"), Is.EqualTo(1));
        Assert.That(context.History.Count(h => h.Kind == "observation"), Is.EqualTo(4));

        Assert.That(items["Condition/encounter-diagnosis-example1"].Text, Is.EqualTo("Burnt Ear"));
        Assert.That(items["Condition/encounter-diagnosis-example1"].Date, Is.EqualTo(new DateOnly(2015, 11, 1)));
        Assert.That(items["Condition/97303ad2-9731-b8ac-465e-560ad9ac67ec"].Text, Is.EqualTo("Traumatic brain injury"));
        Assert.That(items["Condition/97303ad2-9731-b8ac-465e-560ad9ac67ec"].Date, Is.EqualTo(new DateOnly(2020, 5, 1)));
        Assert.That(items["Procedure/42d212a7-51b3-ff63-59e9-c2e76dc3fb9f"].Text, Is.EqualTo("Xray exam chest 1 view"));
        Assert.That(items["Observation/bmd"].Text, Is.EqualTo("BMD - Left Femur: 0.887 g/cm² (Left Femur)"));
        Assert.That(items["Observation/dxa-femur-l-z-score-bmd"].Text, Is.EqualTo("DXA Femur-L Z-score BMD: 0.05 Z-Score"));
        Assert.That(items["Observation/dxa-femur-l-z-score-bmd"].Date, Is.EqualTo(new DateOnly(2021, 11, 10)));
        Assert.That(items["Observation/xray-chest-impression"].Text, Is.EqualTo("Impression: No acute abnormality"));
        Assert.That(items["Observation/6586ece7-7d50-e6c0-b0f9-2da3a2c26174"].Text, Does.StartWith("heartrate: heartrate 60 beats/min"));
    }

    [Test]
    public async System.Threading.Tasks.Task Searches_conditions_procedures_and_recent_observations()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.SearchSet([])));

        await ContributeAsync(server);
        var requests = server.Requests.ToList();
        var observationQuery = HttpUtility.ParseQueryString(new Uri(server.BaseUrl, requests[2].Split(' ')[1]).Query);

        Assert.That(requests[0], Does.StartWith("GET /fhir/Condition?").And.Contain("patient.identifier=FAKE-MRN-0042"));
        Assert.That(requests[1], Does.StartWith("GET /fhir/Procedure?").And.Contain("patient.identifier=FAKE-MRN-0042"));
        Assert.That(requests[2], Does.StartWith("GET /fhir/Observation?"));
        Assert.That(observationQuery["date"], Is.EqualTo("ge2025-03-14"));
        Assert.That(observationQuery["_sort"], Is.EqualTo("-date"));
    }

    [Test]
    public async System.Threading.Tasks.Task Entered_in_error_items_are_skipped()
    {
        var refuted = FhirExamples.Read<Condition>("uscore9_condition-encounter-diagnosis-example1.json");
        refuted.VerificationStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-ver-status", "entered-in-error");
        var cancelled = FhirExamples.Read<Observation>("r4core_observation-example-bmd.json");
        cancelled.Status = ObservationStatus.EnteredInError;
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, context.Request.Path == "/fhir/Condition"
                ? FhirExamples.SearchSet([refuted])
                : FhirExamples.SearchSet([cancelled])));

        var context = await ContributeAsync(server);

        Assert.That(context.History, Is.Empty);
    }

    [Test]
    public async System.Threading.Tasks.Task Gone_procedure_search_keeps_other_kinds()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            context.Request.Path == "/fhir/Procedure"
                ? FhirExamples.WriteAsync(context, FhirExamples.Outcome("gone", OperationOutcome.IssueType.Deleted), 410)
                : FhirExamples.WriteAsync(context, Respond(context.Request.Path)));

        var context = await ContributeAsync(server);

        Assert.That(context.History.Count(h => h.Kind == "procedure"), Is.Zero);
        Assert.That(context.History.Count(h => h.Kind == "condition"), Is.EqualTo(2));
        Assert.That(context.Warnings.Single(), Does.Contain("Procedure search").And.Contain("HTTP 410"));
    }
}
