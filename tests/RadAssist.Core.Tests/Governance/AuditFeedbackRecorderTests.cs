using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RadAssist.Governance;

namespace RadAssist.Core.Tests.Governance;

public sealed class AuditFeedbackRecorderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Sentence_edit_becomes_feedback_event()
    {
        var sink = new MemoryAuditSink();
        await sink.AppendAsync(new AuditEvent { CorrelationId = "run-1", EventType = AuditEventTypes.Generate, Timestamp = Now, Actor = "model", StudyInstanceUid = "2.25.7" });
        var recorder = new AuditFeedbackRecorder(sink, new FakeTimeProvider(Now.AddMinutes(3)));

        await recorder.RecordAsync(new DraftFeedback
        {
            CorrelationId = "run-1",
            Action = FeedbackAction.Edit,
            Actor = "dr-lee",
            Section = DraftSectionKind.Findings,
            SentenceIndex = 2,
            Text = "A 7 mm nodule in the right upper lobe.",
        });

        var stored = sink.Records[^1];
        Assert.That(stored.Event.EventType, Is.EqualTo(AuditEventTypes.Feedback));
        Assert.That(stored.Event.Actor, Is.EqualTo("dr-lee"));
        Assert.That(stored.Event.StudyInstanceUid, Is.EqualTo("2.25.7"));
        Assert.That(stored.Event.Timestamp, Is.EqualTo(Now.AddMinutes(3)));
        Assert.That(stored.Event.Output, Is.EqualTo("A 7 mm nodule in the right upper lobe."));
        Assert.That(stored.Event.InputSha256, Has.Length.EqualTo(64));
        Assert.That(stored.Event.Data[FeedbackDataKeys.Action], Is.EqualTo("edit"));
        Assert.That(stored.Event.Data[FeedbackDataKeys.Scope], Is.EqualTo("sentence"));
        Assert.That(stored.Event.Data[FeedbackDataKeys.Section], Is.EqualTo("findings"));
        Assert.That(stored.Event.Data[FeedbackDataKeys.SentenceIndex], Is.EqualTo("2"));
    }

    [TestCase(FeedbackAction.Accept, "accept")]
    [TestCase(FeedbackAction.Reject, "reject")]
    [TestCase(FeedbackAction.Regenerate, "regenerate")]
    [TestCase(FeedbackAction.Disregard, "disregard")]
    public async Task Whole_draft_action_is_recorded(FeedbackAction action, string name)
    {
        var sink = await SinkWithRunAsync();
        var recorder = new AuditFeedbackRecorder(sink);

        await recorder.RecordAsync(new DraftFeedback { CorrelationId = "run-1", Action = action, Actor = "dr-lee", Timestamp = Now, Reason = "not useful" });

        var stored = sink.Records[^1];
        Assert.That(stored.Event.EventType, Is.EqualTo(AuditEventTypes.Feedback));
        Assert.That(stored.Event.Data[FeedbackDataKeys.Action], Is.EqualTo(name));
        Assert.That(stored.Event.Data[FeedbackDataKeys.Scope], Is.EqualTo("draft"));
        Assert.That(stored.Event.Data[FeedbackDataKeys.Reason], Is.EqualTo("not useful"));
        Assert.That(stored.Event.Timestamp, Is.EqualTo(Now));
    }

    [Test]
    public async Task Signature_becomes_signed_event()
    {
        var sink = await SinkWithRunAsync();
        var recorder = new AuditFeedbackRecorder(sink);

        await recorder.RecordAsync(new DraftFeedback { CorrelationId = "run-1", Action = FeedbackAction.Sign, Actor = "dr-lee", Text = "IMPRESSION: No acute disease." });

        var stored = sink.Records[^1];
        Assert.That(stored.Event.EventType, Is.EqualTo(AuditEventTypes.Signed));
        Assert.That(stored.Event.Output, Is.EqualTo("IMPRESSION: No acute disease."));
        Assert.That(stored.Event.Data[FeedbackDataKeys.Action], Is.EqualTo("sign"));
    }

    [TestCase("", "dr-lee", FeedbackAction.Accept, null, null, null, "CorrelationId")]
    [TestCase("run-1", " ", FeedbackAction.Accept, null, null, null, "Actor")]
    [TestCase("run-1", "dr-lee", (FeedbackAction)42, null, null, null, "Action")]
    [TestCase("run-1", "dr-lee", FeedbackAction.Edit, DraftSectionKind.Findings, 0, null, "Text")]
    [TestCase("run-1", "dr-lee", FeedbackAction.Sign, null, null, "", "Text")]
    [TestCase("run-1", "dr-lee", FeedbackAction.Accept, null, 1, null, "SentenceIndex")]
    [TestCase("run-1", "dr-lee", FeedbackAction.Accept, DraftSectionKind.Findings, -1, null, "SentenceIndex")]
    [TestCase("run-1", "dr-lee", FeedbackAction.Sign, DraftSectionKind.Findings, null, "text", "Section")]
    public async Task Invalid_feedback_names_the_field(
        string correlationId,
        string actor,
        FeedbackAction action,
        DraftSectionKind? section,
        int? sentenceIndex,
        string? text,
        string field)
    {
        var sink = await SinkWithRunAsync();
        var recorder = new AuditFeedbackRecorder(sink);
        var feedback = new DraftFeedback { CorrelationId = correlationId, Actor = actor, Action = action, Section = section, SentenceIndex = sentenceIndex, Text = text };

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await recorder.RecordAsync(feedback));

        Assert.That(error!.Message, Does.Contain($"'{field}'"));
        Assert.That(sink.Records, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Second_signature_is_rejected()
    {
        var sink = await SinkWithRunAsync();
        var recorder = new AuditFeedbackRecorder(sink);
        await recorder.RecordAsync(new DraftFeedback { CorrelationId = "run-1", Action = FeedbackAction.Sign, Actor = "dr-lee", Text = "IMPRESSION: No acute disease." });

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await recorder.RecordAsync(
            new DraftFeedback { CorrelationId = "run-1", Action = FeedbackAction.Sign, Actor = "dr-kim", Text = "IMPRESSION: Changed." }));

        Assert.That(error!.Message, Does.Contain("signed already"));
        Assert.That(sink.Records.Count(record => record.Event.EventType == AuditEventTypes.Signed), Is.EqualTo(1));
    }

    [Test]
    public async Task Unknown_run_is_rejected()
    {
        var sink = await SinkWithRunAsync();
        var recorder = new AuditFeedbackRecorder(sink);

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await recorder.RecordAsync(
            new DraftFeedback { CorrelationId = "run-404", Action = FeedbackAction.Accept, Actor = "dr-lee" }));

        Assert.That(error!.Message, Does.Contain("'CorrelationId'"));
        Assert.That(error.Message, Does.Contain("run-404"));
        Assert.That(sink.Records, Has.Count.EqualTo(1));
    }

    [TestCase(DraftSectionKind.Findings, 3, true)]
    [TestCase(DraftSectionKind.Findings, 2, false)]
    [TestCase(DraftSectionKind.Impression, 1, true)]
    [TestCase(DraftSectionKind.Impression, 0, false)]
    [TestCase(DraftSectionKind.Recommendations, 0, true)]
    public async Task Sentence_index_checked_against_draft(DraftSectionKind section, int index, bool rejected)
    {
        var sink = await SinkWithRunAsync();
        var recorder = new AuditFeedbackRecorder(sink);
        var feedback = new DraftFeedback { CorrelationId = "run-1", Action = FeedbackAction.Accept, Actor = "dr-lee", Section = section, SentenceIndex = index };

        if (rejected)
        {
            var error = await Assert.ThrowsAsync<ArgumentException>(async () => await recorder.RecordAsync(feedback));
            Assert.That(error!.Message, Does.Contain("'SentenceIndex'"));
            Assert.That(sink.Records, Has.Count.EqualTo(1));
        }
        else
        {
            await recorder.RecordAsync(feedback);
            Assert.That(sink.Records, Has.Count.EqualTo(2));
        }
    }

    [Test]
    public async Task Pipeline_run_records_sentence_counts()
    {
        var services = new ServiceCollection();
        services.AddRadAssist();
        await using var provider = services.BuildServiceProvider();
        var sink = (MemoryAuditSink)provider.GetRequiredService<IAuditSink>();
        var result = await provider.GetRequiredService<DraftPipeline>().RunAsync(new StudyEvent
        {
            EventId = "e1",
            Source = "test",
            StudyInstanceUid = "2.25.7",
            InlinePriorReports = [new PriorReport { ReportId = "p1", Text = "FINDINGS: Mild emphysema. No effusion.\nIMPRESSION: No acute disease." }],
        });
        var recorder = new AuditFeedbackRecorder(sink);
        var past = new DraftFeedback { CorrelationId = result.CorrelationId, Action = FeedbackAction.Accept, Actor = "dr-lee", Section = DraftSectionKind.Findings, SentenceIndex = 2 };

        await recorder.RecordAsync(past with { SentenceIndex = 1 });
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await recorder.RecordAsync(past));

        Assert.That(error!.Message, Does.Contain("findings section has 2 sentences"));
    }

    // A run whose draft has three findings sentences and one impression sentence.
    private static async Task<MemoryAuditSink> SinkWithRunAsync()
    {
        var sink = new MemoryAuditSink();
        await sink.AppendAsync(new AuditEvent
        {
            CorrelationId = "run-1",
            EventType = AuditEventTypes.Generate,
            Timestamp = Now,
            Actor = "model",
            StudyInstanceUid = "2.25.7",
            Data = new Dictionary<string, string> { ["sentence_counts"] = "comparison:1,findings:3,impression:1" },
        });
        return sink;
    }
}
