using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using RadAssist.Llm.Tests.Server;

namespace RadAssist.Llm.Tests.Generation;

/// <summary>No seeded identifier reaches the model, a log record at any level or an audit record.</summary>
public sealed class NoIdentifierLeakTests
{
    private OpenAiLoopbackServer _server = null!;

    [SetUp]
    public async Task StartServer() => _server = await OpenAiLoopbackServer.StartAsync();

    [TearDown]
    public async Task StopServer() => await _server.DisposeAsync();

    [TestCase(false, TestName = "Identifiers_NeverLeave_ModelDraft")]
    [TestCase(true, TestName = "Identifiers_NeverLeave_Fallback")]
    public async Task Identifiers_NeverLeave(bool fail)
    {
        // The answer restates the tokens and shifted dates the model saw, so re-identification has work to do.
        var answer = Scenario.Answer(
            findings: [.. Scenario.GoodFindings, "Follow-up of right upper lobe nodule in a [AGE-1]-year-old."],
            comparison: Scenario.ComparisonAsWritten);
        if (fail)
        {
            _server.Enqueue(ScriptedReply.Error(500), ScriptedReply.Error(500), ScriptedReply.Error(500));
        }
        else
        {
            _server.Enqueue(ScriptedReply.Text(answer));
        }

        var collector = new FakeLogCollector();
        using var loggerFactory = LoggerFactory.Create(builder => builder
            .SetMinimumLevel(LogLevel.Trace)
            .AddProvider(new FakeLoggerProvider(collector)));
        var audit = new MemoryAuditSink();
        var generator = Scenario.CreateGenerator(_server, audit: audit, loggerFactory: loggerFactory, logChatClient: true);

        var draft = await generator.GenerateAsync(Scenario.CreateContext());

        var requests = string.Join('\n', _server.Requests.Select(r => r.Body));
        var logs = string.Join('\n', collector.GetSnapshot().Select(r => r.Level + " " + r.Message + " " + r.Exception));
        var records = string.Join('\n', audit.Records.Select(r => r.ToJson()));
        Assert.That(collector.GetSnapshot().Any(r => r.Level == LogLevel.Trace), Is.True, "the chat client logs message content at Trace");
        Assert.That(records, Is.Not.Empty);
        foreach (var identifier in Scenario.SeededIdentifiers)
        {
            Assert.That(requests, Does.Not.Contain(identifier).IgnoreCase, $"request body carries {identifier}");
            Assert.That(logs, Does.Not.Contain(identifier).IgnoreCase, $"logs carry {identifier}");
            Assert.That(records, Does.Not.Contain(identifier).IgnoreCase, $"audit carries {identifier}");
        }

        if (!fail)
        {
            Assert.That(Scenario.Sentences(draft, DraftSectionKind.Comparison), Is.EqualTo(new[] { Scenario.ComparisonReidentified }));
            Assert.That(Scenario.Sentences(draft, DraftSectionKind.Findings), Does.Contain("Follow-up of right upper lobe nodule in a 92-year-old."));
        }
    }

    [Test]
    public async Task Prompt_CarriesShiftedDatesAndTokens()
    {
        _server.Enqueue(ScriptedReply.Text(Scenario.Answer()));
        var generator = Scenario.CreateGenerator(_server);

        await generator.GenerateAsync(Scenario.CreateContext());

        var user = _server.Requests.Single().UserMessage;
        Assert.That(user, Does.Contain("date: 2025-02-12"), "study date moved back 30 days");
        Assert.That(user, Does.Contain("date=\"2024-08-11\""), "prior exam date moved back 30 days");
        Assert.That(user, Does.Contain("08/11/2024"), "a date in the prior text keeps its format");
        Assert.That(user, Does.Contain("[AGE-1]-year-old"));
        Assert.That(user, Does.Contain("MRN [MRN-1]"));
        Assert.That(user, Does.Contain("Dr. [NAME-"));
        Assert.That(user, Does.Contain("[PHONE-1]"));
        Assert.That(user, Does.Contain("[EMAIL-1]"));
    }
}
