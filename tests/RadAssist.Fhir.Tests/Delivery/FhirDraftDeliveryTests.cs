using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using RadAssist.Fhir.Delivery;
using RadAssist.Fhir.Sources;
using RadAssist.Fhir.Tests.Infrastructure;
using RadAssist.Fhir.Writing;

namespace RadAssist.Fhir.Tests.Delivery;

/// <summary>
/// Transaction delivery against a loopback FHIR endpoint. The endpoint is a stand-in, because no FHIR server
/// installs on the test machine; it parses the posted Bundle with Firely's SDK and responds as R4 section 3.1.0.11
/// describes.
/// </summary>
public sealed class FhirDraftDeliveryTests
{
    private static async Task<RenderedDraft> RenderAsync() =>
        await new FhirDraftWriter(new FhirOptions(), NullLogger<FhirDraftWriter>.Instance)
            .WriteAsync(SampleDrafts.Draft(), SampleDrafts.Context());

    private static async Task<DeliveryResult> DeliverAsync(LoopbackHttpServer server, RenderedDraft rendered, TimeSpan? timeout = null)
    {
        var options = new FhirOptions { BaseUrl = new Uri(server.BaseUrl, "fhir"), Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        using var client = new FhirServerClient(options, null, NullLogger.Instance);
        var delivery = new FhirDraftDelivery(client, NullLogger<FhirDraftDelivery>.Instance);
        return await delivery.DeliverAsync(rendered, SampleDrafts.Draft());
    }

    /// <summary>Answers a transaction with 201 Created and a location per entry, as a FHIR server does.</summary>
    private static async System.Threading.Tasks.Task AnswerTransactionAsync(HttpContext context, List<Bundle> received, string? failEntryStatus = null)
    {
        using var reader = new StreamReader(context.Request.Body);
        var request = FhirJson.Parse<Bundle>(await reader.ReadToEndAsync());
        received.Add(request);

        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        for (var index = 0; index < request.Entry.Count; index++)
        {
            var type = request.Entry[index].Resource.TypeName;
            response.Entry.Add(new Bundle.EntryComponent
            {
                Response = new Bundle.ResponseComponent
                {
                    Status = index == 3 && failEntryStatus is not null ? failEntryStatus : "201 Created",
                    Location = string.Create(CultureInfo.InvariantCulture, $"{type}/{index + 100}/_history/1"),
                },
            });
        }

        await FhirExamples.WriteAsync(context, response);
    }

    [Test]
    public async System.Threading.Tasks.Task Delivery_posts_transaction_and_returns_report_location()
    {
        List<Bundle> received = [];
        await using var server = await LoopbackHttpServer.StartAsync(context => AnswerTransactionAsync(context, received));
        var rendered = await RenderAsync();

        var result = await DeliverAsync(server, rendered);
        var reportIndex = received.Single().Entry.FindIndex(e => e.Resource is DiagnosticReport);

        Assert.That(server.Requests.Single(), Is.EqualTo("POST /fhir"), "a transaction is POST [base]");
        Assert.That(received.Single().Type, Is.EqualTo(Bundle.BundleType.Transaction));
        Assert.That(received.Single().Entry, Has.Count.EqualTo(FhirJson.Parse<Bundle>(rendered.Content.Span).Entry.Count));
        Assert.That(result.Target, Is.EqualTo("fhir"));
        Assert.That(result.Location, Is.EqualTo($"{server.BaseUrl}fhir/DiagnosticReport/{reportIndex + 100}/_history/1"));
    }

    [TestCase(500)]
    [TestCase(503)]
    [TestCase(429)]
    public async System.Threading.Tasks.Task Server_error_is_transient_delivery_failure(int status)
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.Outcome("try again later"), status));

        var exception = await Assert.ThrowsAsync<DeliveryException>(async () => await DeliverAsync(server, await RenderAsync()));

        Assert.That(exception!.IsTransient, Is.True);
        Assert.That(exception.Message, Does.Contain("draft-1").And.Contain(status.ToString(CultureInfo.InvariantCulture)));
        Assert.That(exception.InnerException, Is.TypeOf<FhirRequestException>());
    }

    [Test]
    public async System.Threading.Tasks.Task Rejected_bundle_is_permanent_failure_with_diagnostics()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context =>
            FhirExamples.WriteAsync(context, FhirExamples.Outcome("Observation.code: minimum required = 1", OperationOutcome.IssueType.Required), 422));

        var exception = await Assert.ThrowsAsync<DeliveryException>(async () => await DeliverAsync(server, await RenderAsync()));

        Assert.That(exception!.IsTransient, Is.False);
        Assert.That(exception.Message, Does.Contain("Observation.code: minimum required = 1"));
    }

    [Test]
    public async System.Threading.Tasks.Task Failed_entry_status_is_reported()
    {
        List<Bundle> received = [];
        await using var server = await LoopbackHttpServer.StartAsync(context => AnswerTransactionAsync(context, received, "400 Bad Request"));

        var exception = await Assert.ThrowsAsync<DeliveryException>(async () => await DeliverAsync(server, await RenderAsync()));

        Assert.That(exception!.Message, Does.Contain("entry 3").And.Contain("400 Bad Request"));
    }

    [Test]
    public async System.Threading.Tasks.Task Timeout_is_transient_delivery_failure()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async context =>
            await System.Threading.Tasks.Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted).ContinueWith(_ => { }));

        var exception = await Assert.ThrowsAsync<DeliveryException>(async () =>
            await DeliverAsync(server, await RenderAsync(), TimeSpan.FromMilliseconds(300)));

        Assert.That(exception!.IsTransient, Is.True);
        Assert.That(exception.Message, Does.Contain("timed out"));
    }

    [Test]
    public async System.Threading.Tasks.Task Invalid_rendering_is_rejected_before_sending()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context => FhirExamples.WriteAsync(context, new Bundle()));
        var rendered = new RenderedDraft("fhir", "application/fhir+json", "{\"resourceType\":\"Bundle\",\"type\":\"nonsense\"}"u8.ToArray());

        var exception = await Assert.ThrowsAsync<DeliveryException>(async () => await DeliverAsync(server, rendered));

        Assert.That(exception!.Message, Does.Contain("not a valid FHIR R4 Bundle"));
        Assert.That(server.Requests, Is.Empty);
    }

    [Test]
    public async System.Threading.Tasks.Task Wrong_format_is_rejected_before_sending()
    {
        await using var server = await LoopbackHttpServer.StartAsync(context => FhirExamples.WriteAsync(context, new Bundle()));
        var rendered = new RenderedDraft("hl7", "application/hl7-v2", "MSH|"u8.ToArray());

        var exception = await Assert.ThrowsAsync<DeliveryException>(async () => await DeliverAsync(server, rendered));

        Assert.That(exception!.Message, Does.Contain("'hl7'"));
        Assert.That(server.Requests, Is.Empty);
    }
}
