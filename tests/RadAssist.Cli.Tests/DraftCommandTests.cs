using System.Text.Json;
using RadAssist.Testing;

namespace RadAssist.Cli.Tests;

public sealed class DraftCommandTests
{
    private const string ValidPayload =
        """{"study_uid":"1.2.840.113619.2.417.3.2831164627.148.1516677601.777","patient_id":"P123456","modality":"CT","body_part":"CHEST","clinical_indication":"Cough","prior_report_text":"FINDINGS: Mild emphysema. IMPRESSION: No acute findings."}""";

    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "radassist-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    private string AuditPath => Path.Combine(_directory, "audit.jsonl");

    private string[] AuditTypes() =>
        [.. File.ReadAllLines(AuditPath).Select(line => AuditRecord.Parse(line).Event.EventType)];

    [Test]
    public async Task SeedPayload_PrintsJsonDraftWithProvenance()
    {
        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", TestData.PathOf("payloads/seed-example.json"));

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.That(root.GetProperty("banner").GetString(), Does.StartWith("AI DRAFT"));
        Assert.That(root.GetProperty("is_draft").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("generator").GetProperty("id").GetString(), Is.EqualTo("radassist-deterministic"));
        var kinds = root.GetProperty("sections").EnumerateArray().Select(s => s.GetProperty("kind").GetString()).ToList();
        Assert.That(kinds, Is.SupersetOf(new[] { "Comparison", "Findings", "Impression" }));

        var findings = root.GetProperty("sections").EnumerateArray().Single(s => s.GetProperty("kind").GetString() == "Findings");
        var sentences = findings.GetProperty("sentences").EnumerateArray().ToList();
        Assert.That(sentences.Select(s => s.GetProperty("text").GetString()),
            Is.EqualTo(new[] { "Prior CT 6 months ago: Mild emphysema.", "No acute findings." }));
        Assert.That(sentences.Select(s => s.GetProperty("provenance")[0].GetProperty("sentence_index").GetInt32()),
            Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public async Task ValidPayload_AuditsEveryStep()
    {
        var payload = Write("ok.json", ValidPayload);

        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", payload, "--format", "text", "--audit", AuditPath);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.StartWith("*** AI DRAFT"));
        Assert.That(AuditTypes(), Is.EqualTo(new[] { "received", "deidentify", "generate", "write", "completed" }));
    }

    [Test]
    public async Task OutOption_WritesFile()
    {
        var payload = Write("ok.json", ValidPayload);
        var output = Path.Combine(_directory, "draft.txt");

        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", payload, "--format", "text", "--out", output);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(File.ReadAllText(output), Does.Contain("Mild emphysema."));
    }

    [TestCase("missing-uid", """{"patient_id":"P1","modality":"CT"}""", "study_uid")]
    [TestCase("bad-uid", """{"study_uid":"1.2..3","patient_id":"P1","modality":"CT"}""", "study_uid")]
    [TestCase("long-uid", """{"study_uid":"1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17.18.19.20.21.22.23.24.25.26","patient_id":"P1","modality":"CT"}""", "study_uid")]
    [TestCase("unknown-modality", """{"study_uid":"1.2.3","patient_id":"P1","modality":"PETSCAN"}""", "modality")]
    [TestCase("wrong-type", """{"study_uid":1.23,"patient_id":"P1","modality":"CT"}""", "study_uid")]
    [TestCase("array-modality", """{"study_uid":"1.2.3","patient_id":"P1","modality":["CT"]}""", "modality")]
    [TestCase("not-json", "study_uid=1.2.3&modality=CT", "payload")]
    [TestCase("truncated", """{"study_uid":"1.2.3","patient_id":""", "payload")]
    public async Task InvalidPayload_ExitsTwoAndAudits(string name, string body, string field)
    {
        var payload = Write(name + ".json", body);

        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", payload, "--audit", AuditPath);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain($"'{field}'").Or.Contain(field == "payload" ? "Payload" : field));
        Assert.That(result.Output, Is.Empty);
        Assert.That(AuditTypes(), Is.EqualTo(new[] { "rejected" }));
    }

    [Test]
    public async Task TwentyMegabytePayload_ExitsTwo()
    {
        var payload = Path.Combine(_directory, "huge.json");
        await File.WriteAllTextAsync(payload, "{\"prior_report_text\":\"" + new string('a', 20 * 1024 * 1024) + "\"}");

        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", payload, "--audit", AuditPath);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("maximum"));
        Assert.That(AuditTypes(), Is.EqualTo(new[] { "rejected" }));
    }

    [Test]
    public async Task OutOption_AuditsTheWrite()
    {
        var payload = Write("ok.json", ValidPayload);
        var output = Path.Combine(_directory, "draft.json");

        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", payload, "--out", output, "--audit", AuditPath);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(AuditTypes(), Is.EqualTo(new[] { "received", "deidentify", "generate", "write", "deliver", "completed" }));
        Assert.That(File.Exists(output), Is.True);
    }

    [Test]
    public async Task LlmLoopbackNoKey_UsesFallback()
    {
        // Nothing listens on 127.0.0.1 port 9 (discard) here, so the model request fails and the generator falls back.
        var payload = Write("ok.json", ValidPayload);

        var result = await CliRunner.RunAsync(
            _directory, "draft", "--payload", payload, "--format", "text", "--llm", "openai",
            "--endpoint", "http://127.0.0.1:9/v1", "--model", "local", "--api-key-env", "RADASSIST_TEST_UNSET_KEY");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Error, Does.Not.Contain("is empty"));
        Assert.That(result.Output, Does.Contain("radassist-deterministic"));
    }

    [Test]
    public async Task LlmRemoteWithoutKey_ExitsTwo()
    {
        // The key is checked before any request, so nothing is sent to the reserved .invalid name.
        var payload = Write("ok.json", ValidPayload);

        var result = await CliRunner.RunAsync(
            _directory, "draft", "--payload", payload, "--llm", "openai", "--endpoint", "https://llm.example.invalid/v1",
            "--model", "remote", "--api-key-env", "RADASSIST_TEST_UNSET_KEY");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("'RADASSIST_TEST_UNSET_KEY' is empty"));
    }

    [Test]
    public async Task OutOptionFolder_ExitsTwoBeforeWork()
    {
        var payload = Write("ok.json", ValidPayload);

        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", payload, "--out", _directory, "--audit", AuditPath);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("is a folder"));
        Assert.That(File.Exists(AuditPath), Is.False);
    }

    [Test]
    public async Task ParallelProcesses_ShareOneAuditFile()
    {
        var payload = Write("ok.json", ValidPayload);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            CliRunner.RunAsync(_directory, "draft", "--payload", payload, "--format", "text", "--audit", AuditPath)));
        var verify = await CliRunner.RunAsync(_directory, "audit", "verify", AuditPath);

        Assert.That(results.Select(r => r.ExitCode), Is.All.Zero, string.Join("\n", results.Select(r => r.Error)));
        Assert.That(verify.ExitCode, Is.Zero, verify.Output);
        Assert.That(verify.Output, Does.StartWith("OK: 20 records"));
    }

    [TestCase("--count", "abc")]
    [TestCase("--no-such-option", "1")]
    public async Task InvalidOption_ExitsTwo(string option, string value)
    {
        var result = await CliRunner.RunAsync(_directory, "demo", option, value);

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain(option == "--count" ? "abc" : option));
    }

    [Test]
    public async Task MissingPayloadFile_ExitsTwo()
    {
        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", Path.Combine(_directory, "nope.json"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("--payload").And.Contain("not found"));
    }

    [Test]
    public async Task UnknownFormat_ExitsTwo()
    {
        var payload = Write("ok.json", ValidPayload);

        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", payload, "--format", "pdf");

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("'--format' value 'pdf'"));
    }

    [Test]
    public async Task UnreachablePacs_OneLineNoStackTrace()
    {
        // A port that was free a moment ago on 127.0.0.1, so nothing listens there.
        using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();

        var result = await CliRunner.RunAsync(
            _directory, "draft", "--dicomweb", $"http://127.0.0.1:{port}/dicom-web/", "--study", "1.2.3.4");

        Assert.That(result.ExitCode, Is.EqualTo(1), result.Error);
        Assert.That(result.Error + result.Output, Does.Contain("could not be reached"));
        Assert.That(result.Error, Does.Not.Contain("   at "));
        Assert.That(result.Error, Does.Not.Contain("Polly"));
    }

    [Test]
    public async Task UnsupportedAuditTarget_IsInvalidInput()
    {
        var payload = Write("payload.json", ValidPayload);

        var result = await CliRunner.RunAsync(_directory, "draft", "--payload", payload, "--audit", Path.Combine(_directory, "audit.txt"));

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error, Does.Contain("Option '--audit'").And.Contain("audit.txt"));
        Assert.That(File.Exists(Path.Combine(_directory, "audit.txt")), Is.False);
    }
}
