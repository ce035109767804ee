using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Llm.Tests.Server;

namespace RadAssist.Llm.Tests.Generation;

/// <summary>The generator registered with <c>AddRadAssistChatDraftGenerator</c> and run by the Core pipeline.</summary>
public sealed class PipelineIntegrationTests
{
    private OpenAiLoopbackServer _server = null!;

    [SetUp]
    public async Task StartServer() => _server = await OpenAiLoopbackServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task Pipeline_RunsChatGeneratorEndToEnd()
    {
        // The model restates the prior exam date it was shown, whatever the two date shifts made of it.
        _server.Enqueue(ScriptedReply.From(request =>
        {
            var date = System.Text.RegularExpressions.Regex.Match(request.UserMessage, "date=\"(?<d>[0-9-]+)\"").Groups["d"].Value;
            return ScriptedReply.Text(Scenario.Answer(comparison: $"CT chest of {date}."));
        }));
        var services = new ServiceCollection();
        services.AddRadAssist();
        services.AddSingleton<IContextSource>(new PatientSource());
        services.AddChatClient(_server.CreateChatClient());
        services.AddSingleton<IDeidentifier>(new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = 11 }));
        services.AddRadAssistChatDraftGenerator(options =>
        {
            options.ModelId = "radassist-test-model";
            options.RetryDelay = TimeSpan.Zero;
        });
        await using var provider = services.BuildServiceProvider();

        Assert.That(provider.GetRequiredService<IDraftGenerator>(), Is.InstanceOf<ChatDraftGenerator>());
        var context = Scenario.CreateContext();
        var result = await provider.GetRequiredService<DraftPipeline>().RunAsync(context.Event with { Kind = StudyEventKind.ReadyForReporting });

        Assert.That(result.Status, Is.EqualTo(DraftRunStatus.Completed), result.Error);
        Assert.That(result.Draft!.Generator.Id, Is.EqualTo(ChatDraftGenerator.GeneratorId));
        Assert.That(Scenario.Sentences(result.Draft, DraftSectionKind.Findings), Is.EqualTo(Scenario.GoodFindings));

        // The pipeline de-identified first (11 days), the generator again (its own shift); both layers are undone.
        Assert.That(Scenario.Sentences(result.Draft, DraftSectionKind.Comparison).Single(), Is.EqualTo("CT chest of 2024-09-10."));
        var body = _server.Requests.Single().Body;
        foreach (var identifier in Scenario.SeededIdentifiers)
        {
            Assert.That(body, Does.Not.Contain(identifier).IgnoreCase);
        }

        var audit = (MemoryAuditSink)provider.GetRequiredService<IAuditSink>();
        var generatorEvent = audit.Records.Single(r => r.Event.Actor == "radassist-llm").Event;
        Assert.That(generatorEvent.Data["fallback"], Is.EqualTo("false"));
        Assert.That(generatorEvent.ModelId, Is.EqualTo("radassist-test-model"));
    }

    /// <summary>Adds the patient's demographics, as a host's FHIR or DICOM context source does.</summary>
    private sealed class PatientSource : IContextSource
    {
        public string Name => "patient";

        public ValueTask ContributeAsync(ReportingContext context, CancellationToken cancellationToken = default)
        {
            context.Patient = context.Patient with { Name = Scenario.PatientName, BirthDate = new DateOnly(1932, 5, 2) };
            return ValueTask.CompletedTask;
        }
    }
}
