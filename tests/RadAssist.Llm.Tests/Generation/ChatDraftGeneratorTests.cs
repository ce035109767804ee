using System.Diagnostics;
using System.Text.Json.Nodes;
using RadAssist.Llm.Tests.Server;

namespace RadAssist.Llm.Tests.Generation;

/// <summary>The generator against the OpenAI client over real HTTP to a scripted loopback server.</summary>
public sealed class ChatDraftGeneratorTests
{
    private OpenAiLoopbackServer _server = null!;

    [SetUp]
    public async Task StartServer() => _server = await OpenAiLoopbackServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [Test]
    public async Task GoodDraft_PassesThroughUnchanged()
    {
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer()));
        var audit = new MemoryAuditSink();
        var generator = Scenario.CreateGenerator(_server, audit: audit);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Comparison), Is.EqualTo(new[] { Scenario.ComparisonReidentified }));
        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Is.EqualTo(Scenario.GoodFindings));
        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Impression), Is.EqualTo(new[] { Scenario.GoodImpression }));
        Assert.That(draft.Sections[0].Kind, Is.EqualTo(DraftSectionKind.Indication));
        Assert.That(draft.Warnings, Is.Empty);
        Assert.That(draft.Findings.Select(f => f.Type), Is.EqualTo(new[] { "nodule", "granuloma" }));
        Assert.That(draft.Findings[0].Measurements[0].ValuesMm, Is.EqualTo(new[] { 6m }));
        Assert.That(draft.Findings[0].Laterality, Is.EqualTo(Laterality.Right));
        Assert.That(draft.Generator.Id, Is.EqualTo(ChatDraftGenerator.GeneratorId));
        Assert.That(draft.Generator.ModelVersion, Is.EqualTo(OpenAiLoopbackServer.ServedModel));
        Assert.That(draft.Generator.PromptVersion, Is.EqualTo("v1"));
        Assert.That(draft.IsDraft, Is.True);

        var provenance = draft.GetSection(DraftSectionKind.Findings)!.Sentences[0].Provenance.Single();
        Assert.That(provenance.Kind, Is.EqualTo(SourceKind.PriorReport));
        Assert.That(provenance.SourceId, Is.EqualTo("prior-1"));
        Assert.That(provenance.Text, Is.EqualTo("There is a 6 mm solid nodule in the right upper lobe."));
    }

    [Test]
    public async Task Request_CarriesSchemaAndOptions()
    {
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer()));
        var generator = Scenario.CreateGenerator(_server, options =>
        {
            options.Temperature = 0.2f;
            options.MaxOutputTokens = 900;
        });

        await generator.GenerateAsync(Scenario.CreateContext());

        var json = _server.Requests.Single().Json;
        Assert.That(json["model"]!.GetValue<string>(), Is.EqualTo("radassist-test-model"));
        Assert.That(json["temperature"]!.GetValue<double>(), Is.EqualTo(0.2).Within(1e-6));
        var maxTokens = json["max_completion_tokens"] ?? json["max_tokens"];
        Assert.That(maxTokens!.GetValue<int>(), Is.EqualTo(900));
        var format = json["response_format"]!;
        Assert.That(format["type"]!.GetValue<string>(), Is.EqualTo("json_schema"));
        Assert.That(format["json_schema"]!["name"]!.GetValue<string>(), Is.EqualTo("radassist_draft"));
        var required = format["json_schema"]!["schema"]!["required"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.That(required, Is.EquivalentTo(new[] { "sections", "findings" }));
    }

    [Test]
    public async Task Audit_RecordsModelTokensAndPrompt()
    {
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer(), promptTokens: 1234, completionTokens: 321));
        var audit = new MemoryAuditSink();
        var generator = Scenario.CreateGenerator(_server, audit: audit);

        await generator.GenerateAsync(Scenario.CreateContext());

        var record = audit.Records.Single();
        Assert.That(record.Event.EventType, Is.EqualTo(AuditEventTypes.Generate));
        Assert.That(record.Event.Outcome, Is.EqualTo(AuditOutcomes.Success));
        Assert.That(record.Event.ModelId, Is.EqualTo("radassist-test-model"));
        Assert.That(record.Event.ModelVersion, Is.EqualTo(OpenAiLoopbackServer.ServedModel));
        Assert.That(record.Event.PromptVersion, Is.EqualTo("v1"));
        Assert.That(record.Event.InputSha256, Has.Length.EqualTo(64));
        Assert.That(record.Event.Data["input_tokens"], Is.EqualTo("1234"));
        Assert.That(record.Event.Data["output_tokens"], Is.EqualTo("321"));
        Assert.That(record.Event.Data["total_tokens"], Is.EqualTo("1555"));
        Assert.That(record.Event.Data["fallback"], Is.EqualTo("false"));
        Assert.That(record.Event.Data["grounding_removed"], Is.EqualTo("0"));
    }

    [Test]
    public async Task InventedFinding_IsRemoved()
    {
        const string invented = "There is a new 2 cm mass in the left adrenal gland.";
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer(findings: [.. Scenario.GoodFindings, invented])));
        var audit = new MemoryAuditSink();
        var generator = Scenario.CreateGenerator(_server, audit: audit);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Is.EqualTo(Scenario.GoodFindings));
        Assert.That(draft.Warnings, Has.One.Contains(invented).And.Contains("no input sentence states it"));
        Assert.That(audit.Records.Single().Event.Data["grounding_removed"], Is.EqualTo("1"));
    }

    [Test]
    public async Task InventedFinding_IsFlaggedWhenConfigured()
    {
        const string invented = "There is a new 2 cm mass in the left adrenal gland.";
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer(findings: [.. Scenario.GoodFindings, invented])));
        var generator = Scenario.CreateGenerator(_server, o => o.UnsupportedSentences = UnsupportedSentenceHandling.Flag);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        var sentences = draft.GetSection(DraftSectionKind.Findings)!.Sentences;
        Assert.That(sentences, Has.Count.EqualTo(5));
        Assert.That(sentences[4].Text, Is.EqualTo(invented));
        Assert.That(sentences[4].Flag, Does.Contain("no input sentence states it"));
        Assert.That(sentences[4].Provenance, Is.Empty);
        Assert.That(sentences.Take(4).Select(s => s.Flag), Is.All.Null);
    }

    [Test]
    public async Task WrongMeasurement_IsRemoved()
    {
        const string wrong = "The 9 mm solid nodule in the right upper lobe is again noted.";
        var findings = new[] { wrong, Scenario.GoodFindings[1], Scenario.GoodFindings[2], Scenario.GoodFindings[3] };
        var structured = new[]
        {
            Scenario.Finding("nodule", "right upper lobe", "right", [9m], wrong),
            Scenario.Finding("granuloma", "left lower lobe", "left", [5m], Scenario.GoodFindings[1]),
        };
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer(findings: findings, structured: structured)));
        var generator = Scenario.CreateGenerator(_server);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Does.Not.Contain(wrong));
        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Has.Count.EqualTo(3));
        Assert.That(draft.Warnings, Has.One.Contains("measurement 9 mm does not equal any measurement of the input (6 mm)"));
        Assert.That(draft.Findings, Is.Empty, "both structured findings carry a measurement the inputs lack");
        Assert.That(draft.Warnings, Has.One.Contains("'granuloma' dropped: measurement 5 mm"));
    }

    [Test]
    public async Task CentimetresEqualToInputMillimetres_AreKept()
    {
        const string inCentimetres = "The 0.6 cm solid nodule in the right upper lobe is again noted.";
        var findings = new[] { inCentimetres, Scenario.GoodFindings[1] };
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer(findings: findings, structured: [])));
        var generator = Scenario.CreateGenerator(_server);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Is.EqualTo(findings));
    }

    [Test]
    public async Task SwappedLaterality_IsRemoved()
    {
        const string swapped = "The 6 mm solid nodule in the left upper lobe is again noted.";
        var findings = new[] { swapped, Scenario.GoodFindings[1] };
        var structured = new[]
        {
            Scenario.Finding("nodule", "left upper lobe", "left", [6m], swapped),
            Scenario.Finding("granuloma", "left lower lobe", "right", [4m], Scenario.GoodFindings[1]),
        };
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer(findings: findings, structured: structured)));
        var generator = Scenario.CreateGenerator(_server);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Is.EqualTo(new[] { Scenario.GoodFindings[1] }));
        Assert.That(draft.Warnings, Has.One.Contains("laterality 'left' disagrees with the input, which states 'right'"));
        Assert.That(draft.Findings, Is.Empty);
        Assert.That(draft.Warnings, Has.One.Contains("'granuloma' dropped: laterality 'right' disagrees"));
    }

    [Test]
    public async Task InvertedNegation_IsRemoved()
    {
        const string inverted = "There is a pleural effusion.";
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer(findings: [Scenario.GoodFindings[0], inverted], structured: [])));
        var generator = Scenario.CreateGenerator(_server);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Is.EqualTo(new[] { Scenario.GoodFindings[0] }));
        Assert.That(draft.Warnings, Has.One.Contains("it states what the input denies"));
    }

    [Test]
    public async Task InvalidJson_IsRepairedOnce()
    {
        _server.Enqueue(ScriptedReply.Text("{\"sections\": [ {\"kind\": \"findings\", "), ScriptedReply.Text(Scenario.Answer()));
        var audit = new MemoryAuditSink();
        var generator = Scenario.CreateGenerator(_server, audit: audit);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Is.EqualTo(Scenario.GoodFindings));
        Assert.That(_server.Requests, Has.Count.EqualTo(2));
        var repair = _server.Requests[1].Messages;
        Assert.That(repair[^2].Role, Is.EqualTo("assistant"));
        Assert.That(repair[^1].Content, Does.Contain("does not match the required JSON schema").And.Contain("invalid JSON"));
        Assert.That(audit.Records.Single().Event.Data["repaired"], Is.EqualTo("true"));
    }

    [TestCase("Here is the draft you asked for: the nodule is stable.", "invalid JSON")]
    [TestCase("{\"sections\": [{\"kind\": \"summary\", \"sentences\": [\"x\"]}], \"findings\": []}", "$.sections[0].kind")]
    [TestCase("{\"sections\": [], \"findings\": []}", "at least one section")]
    [TestCase("[]", "expected an object")]
    public async Task InvalidAnswerTwice_FallsBackToDeterministic(string answer, string expectedError)
    {
        _server.Enqueue(ScriptedReply.Text(answer), ScriptedReply.Text(answer));
        var audit = new MemoryAuditSink();
        var generator = Scenario.CreateGenerator(_server, audit: audit);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(draft.Generator.Id, Is.EqualTo(DeterministicDraftGenerator.GeneratorId));
        Assert.That(draft.Warnings, Has.Some.Contains("invalid after one repair request"));
        Assert.That(draft.Warnings, Has.Some.Contains(expectedError));
        Assert.That(_server.Requests, Has.Count.EqualTo(2));
        var record = audit.Records.Single().Event;
        Assert.That(record.Outcome, Is.EqualTo(AuditOutcomes.Failure));
        Assert.That(record.Data["fallback"], Is.EqualTo("true"));
        Assert.That(record.Output, Does.StartWith("fallback to radassist-deterministic"));
    }

    [Test]
    public async Task SlowResponse_TimesOutAndFallsBack()
    {
        var slow = ScriptedReply.Slow(TimeSpan.FromSeconds(20), ScriptedReply.Text(Scenario.Answer()));
        _server.Enqueue(slow, slow);
        var audit = new MemoryAuditSink();
        var generator = Scenario.CreateGenerator(_server, o =>
        {
            o.Timeout = TimeSpan.FromMilliseconds(300);
            o.MaxRetryAttempts = 1;
        }, audit);

        var watch = Stopwatch.StartNew();
        var draft = await generator.GenerateAsync(Scenario.CreateContext());
        watch.Stop();

        Assert.That(draft.Generator.Id, Is.EqualTo(DeterministicDraftGenerator.GeneratorId));
        Assert.That(draft.Warnings, Has.Some.Contains("timed out after 0.3 s on each of 2 attempts"));
        Assert.That(_server.Requests, Has.Count.EqualTo(2));
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "the timeout must cut the 20 s replies short");
        Assert.That(audit.Records.Single().Event.Data["attempts"], Is.EqualTo("2"));
    }

    [Test]
    public async Task ServerError_IsRetried()
    {
        _server.Enqueue(ScriptedReply.Error(503), ScriptedReply.Text(Scenario.Answer()));
        var generator = Scenario.CreateGenerator(_server);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(draft.Generator.Id, Is.EqualTo(ChatDraftGenerator.GeneratorId));
        Assert.That(_server.Requests, Has.Count.EqualTo(2));
    }

    [TestCase(500)]
    [TestCase(429)]
    [TestCase(401)]
    public async Task PersistentErrors_FallBack(int status)
    {
        _server.Enqueue(ScriptedReply.Error(status), ScriptedReply.Error(status), ScriptedReply.Error(status));
        var generator = Scenario.CreateGenerator(_server);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        Assert.That(draft.Generator.Id, Is.EqualTo(DeterministicDraftGenerator.GeneratorId));
        Assert.That(draft.Warnings, Has.Some.Contains("failed with ClientResultException on each of 3 attempts"));
        Assert.That(_server.Requests, Has.Count.EqualTo(3));
        Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Is.Not.Empty);
    }

    [Test]
    public void CallerCancellation_ThrowsWithoutFallback()
    {
        _server.Enqueue(ScriptedReply.Slow(TimeSpan.FromSeconds(20), ScriptedReply.Text(Scenario.Answer())));
        var audit = new MemoryAuditSink();
        var generator = Scenario.CreateGenerator(_server, audit: audit);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        Assert.That(
            async () => await generator.GenerateAsync(Scenario.CreateContext(), cancellation.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(audit.Records, Is.Empty);
        Assert.That(_server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RepeatedInput_IsServedFromCache()
    {
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer()));
        var audit = new MemoryAuditSink();
        var generator = Scenario.CreateGenerator(_server, audit: audit);

        var first = await generator.GenerateAsync(Scenario.CreateContext(correlationId: "run-a"));
        var second = await generator.GenerateAsync(Scenario.CreateContext(correlationId: "run-b"));

        Assert.That(_server.Requests, Has.Count.EqualTo(1));
        Assert.That(Scenario.Sentences(second, DraftSectionKind.Findings), Is.EqualTo(Scenario.Sentences(first, DraftSectionKind.Findings)));
        Assert.That(Scenario.Sentences(second, DraftSectionKind.Comparison), Is.EqualTo(new[] { Scenario.ComparisonReidentified }));
        Assert.That(audit.Records.Select(r => r.Event.Data["cache"]), Is.EqualTo(new[] { "miss", "hit" }));
        Assert.That(audit.Records[0].Event.InputSha256, Is.EqualTo(audit.Records[1].Event.InputSha256));
    }

    [Test]
    public async Task ChangedInput_MissesCache()
    {
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer()), ScriptedReply.Text(Scenario.Answer()));
        var generator = Scenario.CreateGenerator(_server);

        await generator.GenerateAsync(Scenario.CreateContext());
        await generator.GenerateAsync(Scenario.CreateContext(Scenario.PriorText + " Mild emphysema."));

        Assert.That(_server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Streaming_YieldsSectionsAsTheyComplete()
    {
        _server.Enqueue(ScriptedReply.Stream(Scenario.Answer(), chunkSize: 7));
        var generator = Scenario.CreateGenerator(_server);

        var sections = new List<DraftSection>();
        await foreach (var section in generator.StreamSectionsAsync(Scenario.CreateContext()))
        {
            sections.Add(section);
        }

        Assert.That(sections.Select(s => s.Kind), Is.EqualTo(new[]
        {
            DraftSectionKind.Indication, DraftSectionKind.Comparison, DraftSectionKind.Findings, DraftSectionKind.Impression,
        }));
        Assert.That(sections[1].Sentences.Single().Text, Is.EqualTo(Scenario.ComparisonReidentified));
        Assert.That(sections[2].Sentences.Select(s => s.Text), Is.EqualTo(Scenario.GoodFindings));
        Assert.That(_server.Requests.Single().Json["stream"]!.GetValue<bool>(), Is.True);
    }

    [Test]
    public async Task Streaming_GroundsEachSection()
    {
        const string invented = "There is a new 2 cm mass in the left adrenal gland.";
        _server.Enqueue(ScriptedReply.Stream(Scenario.Answer(findings: [.. Scenario.GoodFindings, invented]), chunkSize: 11));
        var generator = Scenario.CreateGenerator(_server);

        var findings = new List<string>();
        await foreach (var section in generator.StreamSectionsAsync(Scenario.CreateContext()))
        {
            if (section.Kind == DraftSectionKind.Findings)
            {
                findings.AddRange(section.Sentences.Select(s => s.Text));
            }
        }

        Assert.That(findings, Is.EqualTo(Scenario.GoodFindings));
    }

    [Test]
    public async Task Streaming_FailureFallsBack()
    {
        _server.Enqueue(ScriptedReply.Error(500));
        var generator = Scenario.CreateGenerator(_server);

        var kinds = new List<DraftSectionKind>();
        await foreach (var section in generator.StreamSectionsAsync(Scenario.CreateContext()))
        {
            kinds.Add(section.Kind);
        }

        Assert.That(kinds, Does.Contain(DraftSectionKind.Findings));
        Assert.That(kinds.Count(k => k == DraftSectionKind.Indication), Is.EqualTo(1));
    }

    [Test]
    public void Activities_AreEmittedWithoutIdentifiers()
    {
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer()));
        var generator = Scenario.CreateGenerator(_server);
        var activities = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == LlmTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activities.Add,
        };
        ActivitySource.AddActivityListener(listener);

        Assert.That(async () => await generator.GenerateAsync(Scenario.CreateContext()), Throws.Nothing);

        Assert.That(activities.Select(a => a.OperationName), Does.Contain("radassist.llm.generate"));
        Assert.That(activities, Has.Count.GreaterThanOrEqualTo(2), "the OpenTelemetry chat client adds a span for the model call");
        var tagText = string.Join('\n', activities.SelectMany(a => a.Tags).Select(t => t.Key + "=" + t.Value));
        foreach (var identifier in Scenario.SeededIdentifiers)
        {
            Assert.That(tagText, Does.Not.Contain(identifier));
        }
    }

    [TestCase("Temperature", 3f)]
    [TestCase("MaxOutputTokens", 0)]
    [TestCase("TemplateSet", "v9")]
    [TestCase("MaxRetryAttempts", -1)]
    public void InvalidOptions_ThrowNamingTheOption(string option, object value)
    {
        var options = new ChatDraftGeneratorOptions();
        typeof(ChatDraftGeneratorOptions).GetProperty(option)!.SetValue(options, value);

        Assert.That(
            () => new ChatDraftGenerator(_server.CreateChatClient(), options),
            Throws.ArgumentException.With.Message.Contains($"ChatDraftGeneratorOptions.{option}").And.Message.Contains(value.ToString()));
    }

    [Test]
    public void RequestBody_IsValidJson()
    {
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer()));
        var generator = Scenario.CreateGenerator(_server);

        Assert.That(async () => await generator.GenerateAsync(Scenario.CreateContext()), Throws.Nothing);
        Assert.That(JsonNode.Parse(_server.Requests.Single().Body), Is.Not.Null);
    }
}
