using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace RadAssist.Core.Tests.Pipeline;

public sealed class DraftPipelineTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

    private static StudyEvent ValidEvent(string? priorText = "FINDINGS: Mild emphysema. IMPRESSION: No acute findings.") => new()
    {
        EventId = "evt-1",
        Source = "test",
        StudyInstanceUid = "1.2.840.113619.2.417.3.2831164627.148.1516677601.777",
        PatientId = "P123456",
        Modality = "CT",
        BodyPart = "CHEST",
        ClinicalIndication = "Cough, fever, rule out pneumonia",
        InlinePriorReports = priorText is null ? [] : [new PriorReport { ReportId = "prior-1", Text = priorText }],
    };

    private static (DraftPipeline Pipeline, MemoryAuditSink Audit) Build(Action<IServiceCollection>? configure = null)
    {
        var audit = new MemoryAuditSink();
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Now));
        services.AddSingleton<IAuditSink>(audit);
        services.AddRadAssist(o => o.OutputFormats.Add("text"));
        configure?.Invoke(services);
        return (services.BuildServiceProvider().GetRequiredService<DraftPipeline>(), audit);
    }

    private static string[] Types(MemoryAuditSink audit) => [.. audit.Records.Select(r => r.Event.EventType)];

    [Test]
    public async Task Run_WritesOneAuditEventPerStep()
    {
        var (pipeline, audit) = Build();

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Completed));
        Assert.That(Types(audit), Is.EqualTo(new[] { "received", "deidentify", "generate", "write", "write", "completed" }));
        Assert.That(audit.Records.Select(r => r.Event.CorrelationId), Is.All.EqualTo(result.CorrelationId));
        Assert.That(audit.Records.Select(r => r.Event.Timestamp), Is.All.EqualTo(Now));
        Assert.That((await audit.VerifyAsync()).IsValid, Is.True);
    }

    [Test]
    public async Task Run_AuditsGeneratorAndInputHash()
    {
        var (pipeline, audit) = Build();

        await pipeline.RunAsync(ValidEvent());

        var generate = audit.Records.Single(r => r.Event.EventType == AuditEventTypes.Generate).Event;
        Assert.That(generate.Data["generator_id"], Is.EqualTo(DeterministicDraftGenerator.GeneratorId));
        Assert.That(generate.InputSha256, Has.Length.EqualTo(64));
        Assert.That(generate.Output, Does.Contain("AI DRAFT").And.Contain("Mild emphysema."));
        var received = audit.Records[0].Event;
        Assert.That(received.InputSha256, Has.Length.EqualTo(64));
    }

    [Test]
    public async Task Run_RendersEveryRequestedFormat()
    {
        var (pipeline, _) = Build();

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(result.Renderings.Select(r => r.Format), Is.EqualTo(new[] { "json", "text" }));
        var text = System.Text.Encoding.UTF8.GetString(result.Renderings[1].Content.Span);
        Assert.That(text, Does.StartWith("*** AI DRAFT"));
        Assert.That(text, Does.Contain("FINDINGS (restated from prior report prior-1; confirm against the current images):"));
        Assert.That(text, Does.Contain("INDICATION:\n"));
        var json = System.Text.Encoding.UTF8.GetString(result.Renderings[0].Content.Span);
        Assert.That(json, Does.Contain("\"banner\"").And.Contain("\"provenance\"").And.Contain("\"sentence_index\""));
    }

    [TestCase("1.2..3", "study_uid")]
    [TestCase("12.4", "study_uid")]
    public async Task Run_InvalidUid_RejectedWithOneAuditEvent(string uid, string field)
    {
        var (pipeline, audit) = Build();

        var result = await pipeline.RunAsync(ValidEvent() with { StudyInstanceUid = uid });

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Rejected));
        Assert.That(result.Error, Does.Contain(uid));
        Assert.That(Types(audit), Is.EqualTo(new[] { "rejected" }));
        Assert.That(audit.Records[0].Event.Outcome, Is.EqualTo(AuditOutcomes.Rejected));
    }

    [Test]
    public async Task Run_UnknownModality_RejectedNamingValue()
    {
        var (pipeline, audit) = Build();

        var result = await pipeline.RunAsync(ValidEvent() with { Modality = "XRAY" });

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Rejected));
        Assert.That(result.Error, Does.Contain("Modality").And.Contain("'XRAY'"));
        Assert.That(audit.Records, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Run_FailingContextSource_IsAuditedAndSkipped()
    {
        var (pipeline, audit) = Build(s => s.AddSingleton<IContextSource>(new FailingSource()));

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Completed));
        var context = audit.Records.Single(r => r.Event.EventType == AuditEventTypes.Context).Event;
        Assert.That(context.Outcome, Is.EqualTo(AuditOutcomes.Failure));
        Assert.That(context.Output, Is.EqualTo("PACS unreachable"));
    }

    [Test]
    public async Task Run_FailingContextSource_FailsRunWhenConfigured()
    {
        var (pipeline, audit) = Build(s =>
        {
            s.AddSingleton<IContextSource>(new FailingSource());
            s.Configure<RadAssistOptions>(o => o.ContinueOnContextFailure = false);
        });

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Failed));
        Assert.That(result.Error, Does.Contain("failing-source"));
        Assert.That(Types(audit)[^1], Is.EqualTo("failed"));
    }

    [Test]
    public async Task Run_OffHostGeneratorWithoutDeidentifier_Fails()
    {
        var (pipeline, audit) = Build(s => s.AddSingleton<IDraftGenerator>(new OffHostGenerator()));

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Failed));
        Assert.That(result.Error, Does.Contain("IDeidentifier"));
        Assert.That(Types(audit), Does.Not.Contain("generate"));
    }

    [Test]
    public async Task Run_Deidentifier_ReplacesBeforeAndRestoresAfter()
    {
        var generator = new OffHostGenerator();
        var (pipeline, audit) = Build(s =>
        {
            s.AddSingleton<IDraftGenerator>(generator);
            s.AddSingleton<IDeidentifier>(new PatientIdDeidentifier());
        });

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(generator.SeenPatientId, Is.EqualTo("PATIENT-1"));
        Assert.That(result.Draft!.Sections[0].Sentences[0].Text, Is.EqualTo("Patient P123456 seen."));
        Assert.That(audit.Records.Single(r => r.Event.EventType == "deidentify").Event.Data["replacements"], Is.EqualTo("1"));
    }

    [Test]
    public async Task Run_CriticalResult_ForcesMandatoryReview()
    {
        var (pipeline, _) = Build(s => s.AddSingleton<IDraftGenerator>(new CriticalGenerator()));

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(result.Draft!.RequiresMandatoryReview, Is.True);
    }

    [Test]
    public async Task Run_CriticalResult_CallsHandlersAndAudits()
    {
        var handler = new RecordingCriticalHandler();
        var (pipeline, audit) = Build(s =>
        {
            s.AddSingleton<IDraftGenerator>(new CriticalGenerator());
            s.AddSingleton<ICriticalResultHandler>(handler);
            s.AddSingleton<ICriticalResultHandler>(new FailingCriticalHandler());
        });

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Completed));
        Assert.That(handler.Notices, Has.Count.EqualTo(1));
        Assert.That(handler.Notices[0].Results.Single().Term, Is.EqualTo("pneumothorax"));
        Assert.That(handler.Notices[0].CorrelationId, Is.EqualTo(result.CorrelationId));
        var critical = audit.Records.Where(r => r.Event.EventType == AuditEventTypes.Critical).Select(r => r.Event).ToList();
        Assert.That(critical.Select(e => e.Outcome), Is.EqualTo(new[] { AuditOutcomes.Success, AuditOutcomes.Failure }));
        Assert.That(critical[1].Output, Is.EqualTo("pager service down"));
    }

    [Test]
    public async Task Run_NoCriticalResult_CallsNoHandler()
    {
        var handler = new RecordingCriticalHandler();
        var (pipeline, audit) = Build(s => s.AddSingleton<ICriticalResultHandler>(handler));

        await pipeline.RunAsync(ValidEvent("FINDINGS: Mild emphysema."));

        Assert.That(handler.Notices, Is.Empty);
        Assert.That(Types(audit), Does.Not.Contain(AuditEventTypes.Critical));
    }

    [Test]
    public async Task Run_Deidentifier_RestoresEveryDraftField()
    {
        var (pipeline, _) = Build(s => s.AddSingleton<IDeidentifier>(new UidDeidentifier()));

        var result = await pipeline.RunAsync(ValidEvent("FINDINGS: Nodule seen in study 1.2.840.113619.2.417.3.2831164627.148.1516677601.777."));

        var draft = result.Draft!;
        var uid = "1.2.840.113619.2.417.3.2831164627.148.1516677601.777";
        Assert.That(draft.StudyInstanceUid, Is.EqualTo(uid));
        var sentence = draft.GetSection(DraftSectionKind.Findings)!.Sentences.Single();
        Assert.That(sentence.Text, Does.Contain(uid));
        Assert.That(sentence.Provenance.Single().Text, Does.Contain(uid));
        Assert.That(System.Text.Json.JsonSerializer.Serialize(draft), Does.Not.Contain("[UID-1]"));
    }

    [Test]
    public async Task Run_FailingDelivery_ReportsAndAudits()
    {
        var (pipeline, audit) = Build(s => s.AddSingleton<IDraftDelivery>(new FailingDelivery()));

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.DeliveryFailed));
        Assert.That(result.Draft, Is.Not.Null);
        Assert.That(result.Error, Does.Contain("vendor-api").And.Contain("503"));
        var deliver = audit.Records.Single(r => r.Event.EventType == AuditEventTypes.Deliver).Event;
        Assert.That(deliver.Outcome, Is.EqualTo(AuditOutcomes.Failure));
    }

    [Test]
    public async Task Run_MissingWriter_FailsNamingFormat()
    {
        var (pipeline, _) = Build(s => s.Configure<RadAssistOptions>(o => o.OutputFormats.Add("sr-missing")));

        var result = await pipeline.RunAsync(ValidEvent());

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Failed));
        Assert.That(result.Error, Does.Contain("'sr-missing'"));
    }

    [Test]
    public async Task Run_Cancelled_IsAuditedAsFailed()
    {
        var (pipeline, audit) = Build(s => s.AddSingleton<IDraftGenerator>(new SlowGenerator()));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var result = await pipeline.RunAsync(ValidEvent(), cancellation.Token);

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Failed));
        Assert.That(Types(audit)[^1], Is.EqualTo("failed"));
        Assert.That(audit.Records[^1].Event.Output, Is.EqualTo("cancelled"));
    }

    [Test]
    public async Task Run_CancelledOrder_IsSkipped()
    {
        var (pipeline, audit) = Build();

        var result = await pipeline.RunAsync(ValidEvent() with { Kind = StudyEventKind.OrderCancelled });

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Skipped));
        Assert.That(Types(audit), Is.EqualTo(new[] { "received", "completed" }));
    }

    [Test]
    public async Task RejectInput_WritesOnlyRejectedEvent()
    {
        var (pipeline, audit) = Build();

        await pipeline.RejectInputAsync("webhook", "Field 'modality' is missing.", new string('a', 64));

        Assert.That(Types(audit), Is.EqualTo(new[] { "rejected" }));
        Assert.That(audit.Records[0].Event.Output, Is.EqualTo("Field 'modality' is missing."));
    }

    [Test]
    public async Task RunSource_AcknowledgesAfterRunAndRejectsInvalid()
    {
        var (pipeline, audit) = Build();
        var source = new ListSource(ValidEvent(), ValidEvent() with { EventId = "bad", StudyInstanceUid = "x" })
        {
            AuditCount = () => audit.Records.Count,
        };

        await pipeline.RunSourceAsync(source);

        Assert.That(source.Acks, Is.EquivalentTo(new[] { "evt-1:accept", "bad:reject" }));
        // The accepted event was acknowledged only after its run had written every audit event, "completed" included.
        Assert.That(source.AuditCountAtAck["evt-1"], Is.GreaterThanOrEqualTo(6));
        Assert.That(Types(audit).Count(t => t == "completed"), Is.EqualTo(1));
        Assert.That(Types(audit).Count(t => t == "rejected"), Is.EqualTo(1));
    }

    private sealed class FailingSource : IContextSource
    {
        public string Name => "failing-source";

        public ValueTask ContributeAsync(ReportingContext context, CancellationToken cancellationToken = default) =>
            throw new HttpRequestException("PACS unreachable");
    }

    private class OffHostGenerator(bool sendsDataOffHost = true) : IDraftGenerator
    {
        public string? SeenPatientId { get; private set; }

        public GeneratorInfo Info { get; } = new("off-host", "1") { SendsDataOffHost = sendsDataOffHost, ModelId = "model-x" };

        public virtual ValueTask<DraftReport> GenerateAsync(ReportingContext context, CancellationToken cancellationToken = default)
        {
            SeenPatientId = context.Patient.PatientId;
            return ValueTask.FromResult(Draft(context, $"Patient {context.Patient.PatientId} seen."));
        }

        protected DraftReport Draft(ReportingContext context, string text) => new()
        {
            CorrelationId = context.CorrelationId,
            DraftId = "d1",
            Generator = Info,
            Sections = [new DraftSection(DraftSectionKind.Findings, "FINDINGS", [new DraftSentence(text, [])])],
        };
    }

    private sealed class CriticalGenerator() : OffHostGenerator(sendsDataOffHost: false)
    {
        public override ValueTask<DraftReport> GenerateAsync(ReportingContext context, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Draft(context, "Large pneumothorax.") with
            {
                CriticalResults = [new CriticalResult { Term = "pneumothorax", Sentence = "Large pneumothorax." }],
            });
    }

    private sealed class SlowGenerator : IDraftGenerator
    {
        public GeneratorInfo Info { get; } = new("slow", "1");

        public async ValueTask<DraftReport> GenerateAsync(ReportingContext context, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }

    private sealed class PatientIdDeidentifier : IDeidentifier
    {
        public ValueTask<DeidentifiedContext> DeidentifyAsync(ReportingContext context, CancellationToken cancellationToken = default)
        {
            var original = context.Patient.PatientId!;
            var copy = new ReportingContext(context.Event with { PatientId = "PATIENT-1" }, context.CorrelationId);
            return ValueTask.FromResult(new DeidentifiedContext(copy, 1, text => text.Replace("PATIENT-1", original)));
        }
    }

    private sealed class RecordingCriticalHandler : ICriticalResultHandler
    {
        public List<CriticalResultNotice> Notices { get; } = [];

        public ValueTask HandleAsync(CriticalResultNotice notice, CancellationToken cancellationToken = default)
        {
            Notices.Add(notice);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class FailingCriticalHandler : ICriticalResultHandler
    {
        public ValueTask HandleAsync(CriticalResultNotice notice, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("pager service down");
    }

    // Replaces the study UID everywhere, in the event and in the prior text, as a real de-identifier would.
    private sealed class UidDeidentifier : IDeidentifier
    {
        public ValueTask<DeidentifiedContext> DeidentifyAsync(ReportingContext context, CancellationToken cancellationToken = default)
        {
            var uid = context.Study.StudyInstanceUid!;
            var studyEvent = context.Event with
            {
                StudyInstanceUid = "[UID-1]",
                InlinePriorReports = [.. context.Event.InlinePriorReports.Select(p => p with { Text = p.Text.Replace(uid, "[UID-1]") })],
            };
            var copy = new ReportingContext(studyEvent, context.CorrelationId);
            return ValueTask.FromResult(new DeidentifiedContext(copy, 2, text => text.Replace("[UID-1]", uid)));
        }
    }

    private sealed class FailingDelivery : IDraftDelivery
    {
        public string Name => "vendor-api";

        public string Format => "json";

        public ValueTask<DeliveryResult> DeliverAsync(RenderedDraft rendered, DraftReport draft, CancellationToken cancellationToken = default) =>
            throw new DeliveryException("HTTP 503 Service Unavailable from http://127.0.0.1:1/drafts") { IsTransient = true };
    }

    private sealed class ListSource(params StudyEvent[] events) : IStudyEventSource
    {
        public List<string> Acks { get; } = [];

        public Dictionary<string, int> AuditCountAtAck { get; } = [];

        public Func<int>? AuditCount { get; set; }

        public string Name => "list";

        public async IAsyncEnumerable<ReceivedStudyEvent> ReadEventsAsync(
            [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            foreach (var studyEvent in events)
            {
                await Task.Yield();
                yield return new ReceivedStudyEvent(
                    studyEvent,
                    _ =>
                    {
                        lock (Acks)
                        {
                            Acks.Add($"{studyEvent.EventId}:accept");
                            AuditCountAtAck[studyEvent.EventId] = AuditCount?.Invoke() ?? int.MaxValue;
                        }

                        return ValueTask.CompletedTask;
                    },
                    (_, _) =>
                    {
                        lock (Acks)
                        {
                            Acks.Add($"{studyEvent.EventId}:reject");
                        }

                        return ValueTask.CompletedTask;
                    });
            }
        }
    }
}
