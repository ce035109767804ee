using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Governance;

namespace RadAssist.Core.Tests.Governance;

/// <summary>Rollout modes, the kill switch and transient data retention, run through the real pipeline.</summary>
public sealed class GovernancePipelineTests
{
    private DirectoryInfo _directory = null!;

    [SetUp]
    public void CreateDirectory() => _directory = Directory.CreateTempSubdirectory("radassist-governance-");

    [TearDown]
    public void DeleteDirectory() => _directory.Delete(recursive: true);

    [Test]
    public async Task Silent_mode_audits_everything_and_delivers_nothing()
    {
        var (provider, sink, delivery) = Build(rollout => rollout.DefaultMode = RolloutMode.Silent);
        await using var _ = provider;

        var result = await provider.GetRequiredService<DraftPipeline>().RunAsync(Event("evt-1"));
        var events = sink.Records.Where(r => r.Event.CorrelationId == result.CorrelationId).Select(r => r.Event).ToArray();
        var types = events.Select(e => e.EventType).ToArray();

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Completed), result.Error);
        Assert.That(result.Draft, Is.Not.Null);
        Assert.That(result.Deliveries, Is.Empty);
        Assert.That(delivery.Delivered, Is.Empty);
        Assert.That(types, Does.Contain(AuditEventTypes.Received));
        Assert.That(types, Does.Contain(AuditEventTypes.Generate));
        Assert.That(types, Does.Contain(AuditEventTypes.Write));
        Assert.That(types, Does.Contain(AuditEventTypes.Completed));
        var skipped = events.Single(e => e.EventType == AuditEventTypes.Deliver);
        Assert.That(skipped.Outcome, Is.EqualTo(AuditOutcomes.Skipped));
        Assert.That(skipped.Output, Does.Contain("silent"));
        Assert.That(events.First().Data[GovernanceDataKeys.RolloutMode], Is.EqualTo("silent"));
        Assert.That(events.First().Data[GovernanceDataKeys.Modality], Is.EqualTo("CR"));
        Assert.That((await sink.VerifyAsync()).IsValid, Is.True);
    }

    [Test]
    public async Task Suggest_mode_delivers_the_draft()
    {
        var (provider, sink, delivery) = Build(rollout => rollout.DefaultMode = RolloutMode.Suggest);
        await using var _ = provider;

        var result = await provider.GetRequiredService<DraftPipeline>().RunAsync(Event("evt-1"));

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Completed), result.Error);
        Assert.That(delivery.Delivered, Has.Count.EqualTo(1));
        Assert.That(sink.Records.Count(r => r.Event.EventType == AuditEventTypes.Deliver && r.Event.Outcome == AuditOutcomes.Success), Is.EqualTo(1));
    }

    [Test]
    public async Task Mandatory_review_marks_the_draft()
    {
        var (provider, _, delivery) = Build(rollout => rollout.Rules.Add(new RolloutRule { Modality = "CR", Mode = RolloutMode.MandatoryReview }));
        await using var _ = provider;

        var result = await provider.GetRequiredService<DraftPipeline>().RunAsync(Event("evt-1"));

        Assert.That(result.Draft!.RequiresMandatoryReview, Is.True);
        Assert.That(delivery.Delivered.Single().RequiresMandatoryReview, Is.True);
    }

    [Test]
    public async Task Off_mode_generates_nothing()
    {
        var (provider, sink, delivery) = Build(rollout => rollout.Rules.Add(new RolloutRule { Modality = "CR", BodyPart = "CHEST", Mode = RolloutMode.Off }));
        await using var _ = provider;

        var result = await provider.GetRequiredService<DraftPipeline>().RunAsync(Event("evt-1"));

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Skipped));
        Assert.That(result.Draft, Is.Null);
        Assert.That(delivery.Delivered, Is.Empty);
        Assert.That(sink.Records.Select(r => r.Event.EventType), Does.Not.Contain(AuditEventTypes.Generate));
        Assert.That(sink.Records[^1].Event.Output, Does.Contain("rollout"));
    }

    /// <summary>
    /// Flips the kill switch in a watched JSON file between runs of one pipeline instance: the next run goes to the
    /// human-only workflow, and clearing the switch brings drafts back, with no restart.
    /// </summary>
    [Test]
    [CancelAfter(60_000)]
    public async Task Kill_switch_applies_without_restart()
    {
        var file = Path.Combine(_directory.FullName, "appsettings.json");
        await File.WriteAllTextAsync(file, Settings(killSwitch: false));
        var configuration = new ConfigurationBuilder().AddJsonFile(file, optional: false, reloadOnChange: true).Build();
        var (provider, sink, delivery) = Build(configure: services => services.Configure<RolloutOptions>(configuration.GetSection(RolloutOptions.SectionName)));
        await using var _ = provider;
        var pipeline = provider.GetRequiredService<DraftPipeline>();
        var policy = provider.GetRequiredService<RolloutPolicy>();

        var first = await pipeline.RunAsync(Event("evt-1"));
        await File.WriteAllTextAsync(file, Settings(killSwitch: true));
        await WaitForAsync(() => policy.Decide("CR", "CHEST").Mode == RolloutMode.Off);
        var second = await pipeline.RunAsync(Event("evt-2"));
        await File.WriteAllTextAsync(file, Settings(killSwitch: false));
        await WaitForAsync(() => policy.Decide("CR", "CHEST").Mode == RolloutMode.Suggest);
        var third = await pipeline.RunAsync(Event("evt-3"));

        Assert.That(first.Status, Is.EqualTo(DraftRunStatus.Completed), first.Error);
        Assert.That(second.Status, Is.EqualTo(DraftRunStatus.Skipped));
        Assert.That(second.Error, Does.Contain("kill switch"));
        Assert.That(sink.Records.Where(r => r.Event.CorrelationId == second.CorrelationId).Select(r => r.Event.EventType), Does.Not.Contain(AuditEventTypes.Generate));
        Assert.That(third.Status, Is.EqualTo(DraftRunStatus.Completed), third.Error);
        Assert.That(delivery.Delivered.Select(d => d.CorrelationId), Is.EqualTo(new[] { first.CorrelationId, third.CorrelationId }));
    }

    [Test]
    public async Task Transient_study_files_are_gone_after_delivery()
    {
        var (provider, sink, delivery) = Build(rollout => rollout.DefaultMode = RolloutMode.Suggest);
        await using var _ = provider;
        var store = provider.GetRequiredService<TransientStudyStore>();

        var result = await provider.GetRequiredService<DraftPipeline>().RunAsync(Event("evt-1"));

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Completed), result.Error);
        Assert.That(delivery.TransientFilesSeenAtDelivery, Is.EqualTo(3), "the context source's files existed while the draft was delivered");
        Assert.That(Directory.Exists(Path.Combine(store.RootDirectory, result.CorrelationId)), Is.False);
        Assert.That(Directory.EnumerateFileSystemEntries(store.RootDirectory), Is.Empty);
        var completed = sink.Records.Single(r => r.Event.CorrelationId == result.CorrelationId && r.Event.EventType == AuditEventTypes.Completed);
        Assert.That(completed.Event.Data["transient_files_deleted"], Is.EqualTo("3"));
    }

    [Test]
    public async Task Transient_study_files_are_gone_after_failure()
    {
        var (provider, _, _) = Build(rollout => rollout.DefaultMode = RolloutMode.Suggest, failingDelivery: true);
        await using var _ = provider;
        var store = provider.GetRequiredService<TransientStudyStore>();

        var result = await provider.GetRequiredService<DraftPipeline>().RunAsync(Event("evt-1"));

        Assert.That(result.Status, Is.Not.EqualTo(DraftRunStatus.Completed));
        Assert.That(Directory.EnumerateFileSystemEntries(store.RootDirectory), Is.Empty);
    }

    private (ServiceProvider Provider, MemoryAuditSink Sink, RecordingDelivery Delivery) Build(
        Action<RolloutOptions>? rollout = null,
        Action<IServiceCollection>? configure = null,
        bool failingDelivery = false)
    {
        var sink = new MemoryAuditSink();
        var services = new ServiceCollection();
        services.AddSingleton<IAuditSink>(sink);
        services.AddRadAssist();
        services.AddRadAssistGovernance(rollout, transient => transient.RootDirectory = Path.Combine(_directory.FullName, "transient"));
        configure?.Invoke(services);

        RecordingDelivery? delivery = null;
        services.AddSingleton<IContextSource>(provider => new TransientFileSource(provider.GetRequiredService<TransientStudyStore>()));
        services.AddSingleton<IDraftDelivery>(provider => delivery = new RecordingDelivery(provider.GetRequiredService<TransientStudyStore>(), failingDelivery));
        var built = services.BuildServiceProvider();
        built.GetRequiredService<DraftPipeline>();
        return (built, sink, delivery!);
    }

    private static StudyEvent Event(string id) => new()
    {
        EventId = id,
        Source = "test",
        StudyInstanceUid = "2.25.1234",
        AccessionNumber = "ACC-1",
        Modality = "CR",
        BodyPart = "CHEST",
        ProcedureDescription = "Chest X-ray PA and lateral",
        ClinicalIndication = "Cough.",
        InlinePriorReports = [new PriorReport { ReportId = "prior-1", Text = "FINDINGS: A 6 mm nodule in the right upper lobe. IMPRESSION: Follow-up advised." }],
    };

    private static string Settings(bool killSwitch) => $$"""
        { "RadAssist": { "Rollout": { "KillSwitch": {{(killSwitch ? "true" : "false")}}, "DefaultMode": "Suggest" } } }
        """;

    private static async Task WaitForAsync(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!done() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.That(done(), Is.True, "the configuration change was not picked up within 20 s");
    }

    /// <summary>Writes pixel data, metadata and a prompt into the run's transient folder, as a DICOMweb source would.</summary>
    private sealed class TransientFileSource(TransientStudyStore store) : IContextSource
    {
        public string Name => "transient-files";

        public async ValueTask ContributeAsync(ReportingContext context, CancellationToken cancellationToken = default)
        {
            var directory = store.GetDirectory(context.CorrelationId);
            await File.WriteAllBytesAsync(Path.Combine(directory, "instance.dcm"), new byte[256], cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory, "metadata.json"), "[]", cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory, "prompt.txt"), "prompt", cancellationToken);
        }
    }

    private sealed class RecordingDelivery(TransientStudyStore store, bool fail) : IDraftDelivery
    {
        public List<DraftReport> Delivered { get; } = [];

        public int TransientFilesSeenAtDelivery { get; private set; }

        public string Name => "recorder";

        public string Format => "json";

        public ValueTask<DeliveryResult> DeliverAsync(RenderedDraft rendered, DraftReport draft, CancellationToken cancellationToken = default)
        {
            var directory = Path.Combine(store.RootDirectory, draft.CorrelationId);
            TransientFilesSeenAtDelivery = Directory.Exists(directory) ? Directory.GetFiles(directory).Length : 0;
            if (fail)
            {
                throw new DeliveryException("The test target rejected the draft.");
            }

            Delivered.Add(draft);
            return ValueTask.FromResult(new DeliveryResult(Name, "memory:" + draft.DraftId));
        }
    }
}
