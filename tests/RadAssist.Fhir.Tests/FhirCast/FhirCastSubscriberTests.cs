using System.Text.Json;
using System.Text.Json.Nodes;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;
using RadAssist.Fhir.FhirCast;
using RadAssist.Fhir.Tests.Infrastructure;
using RadAssist.Fhir.Writing;

namespace RadAssist.Fhir.Tests.FhirCast;

/// <summary>
/// The FHIRcast subscriber against a loopback hub with a WebSocket channel. The hub is a stand-in, because no
/// FHIRcast hub installs on the test machine; the events it sends are the FHIRcast 3.0 examples under
/// tests/data/fhir/fhircast.
/// </summary>
[CancelAfter(60_000)]
public sealed class FhirCastSubscriberTests
{
    private const string Topic = "fdb2f928-5546-4f52-87a0-0648e9ded065";
    private const string ReportId = "2402d3bd-e988-414b-b7f2-4322e86c9327";

    private static FhirCastSubscriber CreateSubscriber(LoopbackFhirCastHub hub) => new(
        new FhirCastOptions
        {
            HubUrl = hub.HubUrl,
            Topic = Topic,
            ReconnectDelay = TimeSpan.FromMilliseconds(50),
            MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
            Timeout = TimeSpan.FromSeconds(10),
        },
        null,
        TimeProvider.System,
        NullLogger<FhirCastSubscriber>.Instance);

    private static string Example(string name) => TestData.Text("fhir/fhircast/fhircast_" + name + ".json");

    private static string WithVersion(string json, string versionId)
    {
        var node = JsonNode.Parse(json)!;
        node["event"]!["context.versionId"] = versionId;
        return node.ToJsonString();
    }

    private static string Event(string id, string eventName, params (string Key, string Resource)[] context)
    {
        var items = string.Join(",", context.Select(c => $$$"""{"key":"{{{c.Key}}}","resource":{{{c.Resource}}}}"""));
        return $$$"""{"timestamp":"2026-03-14T10:00:00Z","id":"{{{id}}}","event":{"hub.topic":"{{{Topic}}}","hub.event":"{{{eventName}}}","context":[{{{items}}}]}}""";
    }

    private static async Task<(HubConnection Connection, IAsyncEnumerator<ReceivedStudyEvent> Events)> ConnectAsync(
        LoopbackFhirCastHub hub,
        FhirCastSubscriber subscriber,
        CancellationToken cancellationToken)
    {
        var events = subscriber.ReadEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var first = events.MoveNextAsync();
        var connection = await hub.NextConnectionAsync();
        await connection.ConfirmAsync(Topic);
        return (connection, new PrimedEnumerator(events, first));
    }

    private static async Task<JsonElement> ResponseAsync(HubConnection connection)
    {
        using var response = await connection.ReceiveAsync();
        return response.RootElement.Clone();
    }

    [Test]
    public async System.Threading.Tasks.Task Subscription_asks_for_websocket_channel_and_events()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (_, events) = await ConnectAsync(hub, subscriber, stop.Token);

        var form = hub.SubscriptionRequests.First();
        Assert.That(form["hub.channel.type"], Is.EqualTo("websocket"));
        Assert.That(form["hub.mode"], Is.EqualTo("subscribe"));
        Assert.That(form["hub.topic"], Is.EqualTo(Topic));
        Assert.That(form["hub.events"], Is.EqualTo("ImagingStudy-open,ImagingStudy-close,DiagnosticReport-open,DiagnosticReport-update,DiagnosticReport-close"));
        Assert.That(form["hub.lease_seconds"], Is.EqualTo("3600"));

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task ImagingStudy_open_yields_report_opened_event()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);

        await connection.SendAsync(Example("ImagingStudy-open_example1"));
        Assert.That(await events.MoveNextAsync(), Is.True);
        var received = events.Current;

        Assert.That(received.Event.Kind, Is.EqualTo(StudyEventKind.ReportOpened));
        Assert.That(received.Event.Source, Is.EqualTo("fhircast"));
        Assert.That(received.Event.StudyInstanceUid, Is.EqualTo("1.2.999.840.83474.8.231.875.3.15.661594731"));
        Assert.That(received.Event.AccessionNumber, Is.EqualTo("GH339884"));
        Assert.That(received.Event.PatientId, Is.EqualTo("4438001"));

        await received.AcceptAsync();
        var response = await ResponseAsync(connection);
        Assert.That(response.GetProperty("id").GetString(), Is.EqualTo(received.Event.EventId));
        Assert.That(response.GetProperty("status").GetString(), Is.EqualTo("200"));

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Report_open_update_and_close_track_anchor()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);

        await connection.SendAsync(WithVersion(Example("DiagnosticReport-open_example1"), "v1"));
        Assert.That(await events.MoveNextAsync(), Is.True);
        Assert.That(events.Current.Event.IntegrationContext, Is.EqualTo("fhircast:DiagnosticReport/" + ReportId));
        Assert.That(events.Current.Event.AccessionNumber, Is.EqualTo("GH339884"));
        Assert.That(subscriber.OpenReports().Single().VersionId, Is.EqualTo("v1"));
        await events.Current.AcceptAsync();
        await ResponseAsync(connection);

        await connection.SendAsync(Example("DiagnosticReport-update_example1"));
        var updateResponse = await ResponseAsync(connection);
        Assert.That(updateResponse.GetProperty("id").GetString(), Is.EqualTo("cc4d016a-f516-4ce7-8f1a-e0baf0beb94d"));
        Assert.That(subscriber.OpenReports().Single().VersionId, Is.EqualTo("b9574cb0-e9e5-4be1-8957-5fcb51ef33c1"));

        await connection.SendAsync(Event("close-1", "DiagnosticReport-close", ("report", $$$"""{"resourceType":"DiagnosticReport","id":"{{{ReportId}}}","status":"unknown","code":{"text":"x"}}""")));
        var closeResponse = await ResponseAsync(connection);
        Assert.That(closeResponse.GetProperty("status").GetString(), Is.EqualTo("200"));
        Assert.That(subscriber.OpenReports(), Is.Empty);

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Update_that_signs_report_yields_report_signed()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);
        await connection.SendAsync(Example("DiagnosticReport-open_example1"));
        Assert.That(await events.MoveNextAsync(), Is.True);
        await events.Current.AcceptAsync();
        await ResponseAsync(connection);

        await connection.SendAsync(Event("sign-1", "DiagnosticReport-update", ("report", $$$"""{"resourceType":"DiagnosticReport","id":"{{{ReportId}}}","status":"final","code":{"text":"x"}}""")));
        Assert.That(await events.MoveNextAsync(), Is.True);

        Assert.That(events.Current.Event.Kind, Is.EqualTo(StudyEventKind.ReportSigned));
        Assert.That(events.Current.Event.StudyInstanceUid, Is.EqualTo("1.2.999.840.83474.8.231.875.3.15.661594731"));
        Assert.That(events.Current.Event.EventId, Is.EqualTo("sign-1"));

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Open_without_study_identifiers_is_answered_400()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);

        await connection.SendAsync(Event("bad-1", "ImagingStudy-open", ("study", """{"resourceType":"ImagingStudy","id":"s1","status":"unknown","subject":{"reference":"Patient/p"}}""")));
        var response = await ResponseAsync(connection);
        Assert.That(response.GetProperty("id").GetString(), Is.EqualTo("bad-1"));
        Assert.That(response.GetProperty("status").GetString(), Is.EqualTo("400"));

        await connection.SendAsync(Example("ImagingStudy-open_example1"));
        Assert.That(await events.MoveNextAsync(), Is.True);
        Assert.That(events.Current.Event.EventId, Is.Not.EqualTo("bad-1"));

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Other_topic_is_acknowledged_only()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);

        await connection.SendAsync(Example("ImagingStudy-open_example1").Replace(Topic, "other-session", StringComparison.Ordinal));
        var response = await ResponseAsync(connection);
        await connection.SendAsync(Example("ImagingStudy-open_example1").Replace(Topic, Topic.ToUpperInvariant(), StringComparison.Ordinal));

        Assert.That(response.GetProperty("status").GetString(), Is.EqualTo("200"));
        Assert.That(await events.MoveNextAsync(), Is.True, "topics compare case-insensitively");
        Assert.That(subscriber.OpenReports(), Is.Empty);

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Rejected_event_is_answered_400()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);

        await connection.SendAsync(Example("ImagingStudy-open_example1"));
        Assert.That(await events.MoveNextAsync(), Is.True);
        await events.Current.RejectAsync("StudyEvent.Modality is missing");
        var response = await ResponseAsync(connection);

        Assert.That(response.GetProperty("status").GetString(), Is.EqualTo("400"));

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Dropped_socket_resubscribes_and_continues()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);
        await connection.SendAsync(Example("ImagingStudy-open_example1"));
        Assert.That(await events.MoveNextAsync(), Is.True);
        await events.Current.AcceptAsync();
        await ResponseAsync(connection);

        connection.Abort();
        var next = events.MoveNextAsync();
        var second = await hub.NextConnectionAsync();
        await second.ConfirmAsync(Topic);
        await second.SendAsync(Example("DiagnosticReport-open_example1"));

        Assert.That(await next, Is.True);
        Assert.That(events.Current.Event.EventId, Is.EqualTo("6930b943-39fc-447f-8099-92d17650a375"));
        Assert.That(hub.SubscriptionRequests.Count(f => f["hub.mode"] == "subscribe"), Is.EqualTo(2));

        await events.Current.AcceptAsync();
        var response = await ResponseAsync(second);
        Assert.That(response.GetProperty("status").GetString(), Is.EqualTo("200"), "the response goes over the new socket");

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Unavailable_hub_is_retried()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        hub.SubscriptionStatuses.Enqueue(503);
        hub.SubscriptionStatuses.Enqueue(500);
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();

        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);
        await connection.SendAsync(Example("ImagingStudy-open_example1"));

        Assert.That(await events.MoveNextAsync(), Is.True);
        Assert.That(hub.SubscriptionRequests.Count(f => f["hub.mode"] == "subscribe"), Is.EqualTo(3));

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Unauthorized_subscription_ends_with_error()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        hub.SubscriptionStatuses.Enqueue(401);
        using var subscriber = CreateSubscriber(hub);

        var exception = await Assert.ThrowsAsync<FhirRequestException>(async () =>
        {
            await foreach (var _ in subscriber.ReadEventsAsync())
            {
            }
        });

        Assert.That(exception!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
        Assert.That(exception.IsTransient, Is.False);
        Assert.That(exception.Message, Does.Contain(hub.HubUrl.ToString()));
    }

    [Test]
    public async System.Threading.Tasks.Task Denied_subscription_ends_with_error()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        var events = subscriber.ReadEventsAsync().GetAsyncEnumerator();
        var first = events.MoveNextAsync();
        var connection = await hub.NextConnectionAsync();

        await connection.SendAsync($$$"""{"hub.mode":"denied","hub.topic":"{{{Topic}}}","hub.reason":"session unknown"}""");
        var exception = await Assert.ThrowsAsync<FhirRequestException>(async () => await first);

        Assert.That(exception!.Message, Does.Contain("denied").And.Contain("session unknown"));
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Cancel_ends_events_and_unsubscribes()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (_, events) = await ConnectAsync(hub, subscriber, stop.Token);

        var next = events.MoveNextAsync();
        await stop.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(async () => await next);
        await events.DisposeAsync();
        Assert.That(hub.SubscriptionRequests.Last()["hub.mode"], Is.EqualTo("unsubscribe"));
    }

    [Test]
    public async System.Threading.Tasks.Task Publish_sends_observations_with_context_version()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);
        await connection.SendAsync(WithVersion(Example("DiagnosticReport-open_example1"), "v1"));
        Assert.That(await events.MoveNextAsync(), Is.True);

        var eventId = await subscriber.PublishDraftUpdateAsync(SampleDrafts.Draft(), SampleDrafts.Context());
        var published = hub.Published.Single().RootElement;
        var body = published.GetProperty("event");
        var context = body.GetProperty("context").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!);
        var updates = FhirJson.Parse<Bundle>(context["updates"].GetProperty("resource").GetRawText());

        Assert.That(published.GetProperty("id").GetString(), Is.EqualTo(eventId));
        Assert.That(body.GetProperty("hub.event").GetString(), Is.EqualTo("DiagnosticReport-update"));
        Assert.That(body.GetProperty("hub.topic").GetString(), Is.EqualTo(Topic));
        Assert.That(body.GetProperty("context.versionId").GetString(), Is.EqualTo("v1"));
        Assert.That(context["report"].GetProperty("resource").GetProperty("id").GetString(), Is.EqualTo(ReportId));
        Assert.That(updates.Entry, Has.Count.EqualTo(SampleDrafts.Draft().Findings.Count + 4 - 1 + 1));
        Assert.That(updates.Entry.Select(e => e.Request.Method), Is.All.EqualTo(Bundle.HTTPVerb.PUT));
        foreach (var observation in updates.Entry.Select(e => e.Resource).Cast<Observation>())
        {
            Assert.That(observation.Subject.Reference, Is.EqualTo("Patient/503824b8-fe8c-4227-b061-7181ba6c3926"));
            Assert.That(FhirValidation.Errors(observation), Is.Empty, observation.Code.Text);
        }

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Publish_rejected_for_version_rereads_context_and_retries()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        hub.PublishStatuses.Enqueue(409);
        hub.CurrentContext = $$$"""{"context.type":"DiagnosticReport","context.versionId":"v2","context":[{"key":"report","resource":{"resourceType":"DiagnosticReport","id":"{{{ReportId}}}"}}]}""";
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);
        await connection.SendAsync(WithVersion(Example("DiagnosticReport-open_example1"), "v1"));
        Assert.That(await events.MoveNextAsync(), Is.True);

        await subscriber.PublishDraftUpdateAsync(SampleDrafts.Draft(), SampleDrafts.Context());
        var versions = hub.Published.Select(p => p.RootElement.GetProperty("event").GetProperty("context.versionId").GetString()).ToList();

        Assert.That(versions, Is.EqualTo(new[] { "v1", "v2" }));
        Assert.That(hub.CurrentContextRequests, Is.EqualTo(1));

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Publish_failing_twice_throws()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        hub.PublishStatuses.Enqueue(409);
        hub.PublishStatuses.Enqueue(409);
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);
        await connection.SendAsync(Example("DiagnosticReport-open_example1"));
        Assert.That(await events.MoveNextAsync(), Is.True);

        var exception = await Assert.ThrowsAsync<FhirRequestException>(async () =>
            await subscriber.PublishDraftUpdateAsync(SampleDrafts.Draft(), SampleDrafts.Context()));

        Assert.That(exception!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Conflict));
        Assert.That(hub.Published, Has.Count.EqualTo(2));

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Sync_error_rereads_context_version()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        hub.CurrentContext = $$$"""{"context.type":"DiagnosticReport","context.versionId":"v9","context":[{"key":"report","resource":{"resourceType":"DiagnosticReport","id":"{{{ReportId}}}"}}]}""";
        using var subscriber = CreateSubscriber(hub);
        using var stop = new CancellationTokenSource();
        var (connection, events) = await ConnectAsync(hub, subscriber, stop.Token);
        await connection.SendAsync(WithVersion(Example("DiagnosticReport-open_example1"), "v1"));
        Assert.That(await events.MoveNextAsync(), Is.True);

        await connection.SendAsync(Event("sync-1", "SyncError", ("operationoutcome", """{"resourceType":"OperationOutcome","issue":[{"severity":"warning","code":"processing","diagnostics":"stale context version"}]}""")));
        var response = await ResponseAsync(connection);

        Assert.That(response.GetProperty("id").GetString(), Is.EqualTo("sync-1"));
        Assert.That(hub.CurrentContextRequests, Is.EqualTo(1));
        Assert.That(subscriber.OpenReports().Single().VersionId, Is.EqualTo("v9"));

        await stop.CancelAsync();
        await events.DisposeAsync();
    }

    [Test]
    public async System.Threading.Tasks.Task Publish_without_open_report_throws()
    {
        await using var hub = await LoopbackFhirCastHub.StartAsync();
        using var subscriber = CreateSubscriber(hub);

        var exception = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await subscriber.PublishDraftUpdateAsync(SampleDrafts.Draft(), SampleDrafts.Context()));

        Assert.That(exception!.Message, Does.Contain(Topic));
        Assert.That(hub.Published, Is.Empty);
    }

    [TestCase(null, "t")]
    [TestCase("http://127.0.0.1/hub", null)]
    [TestCase("relative/hub", "t")]
    public void Invalid_options_are_rejected(string? hubUrl, string? topic)
    {
        var options = new FhirCastOptions { HubUrl = hubUrl is null ? null : new Uri(hubUrl, UriKind.RelativeOrAbsolute), Topic = topic };

        var exception = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.That(exception!.Message, Does.Contain("FhirCastOptions."));
    }

    /// <summary>An enumerator whose first MoveNextAsync was started before the test drove the hub.</summary>
    private sealed class PrimedEnumerator(IAsyncEnumerator<ReceivedStudyEvent> inner, ValueTask<bool> first) : IAsyncEnumerator<ReceivedStudyEvent>
    {
        private bool _firstTaken;

        public ReceivedStudyEvent Current => inner.Current;

        public ValueTask<bool> MoveNextAsync()
        {
            if (_firstTaken)
            {
                return inner.MoveNextAsync();
            }

            _firstTaken = true;
            return first;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_firstTaken)
            {
                try
                {
                    await first;
                }
                catch (OperationCanceledException)
                {
                }
            }

            try
            {
                await inner.DisposeAsync();
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
