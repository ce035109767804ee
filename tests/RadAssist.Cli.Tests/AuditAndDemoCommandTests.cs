namespace RadAssist.Cli.Tests;

public sealed class AuditAndDemoCommandTests
{
    private string _directory = null!;
    private string _audit = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "radassist-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _audit = Path.Combine(_directory, "audit.jsonl");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Demo_PrintsDraftsForBundledReports()
    {
        var result = await CliRunner.RunAsync(_directory, "demo", "--count", "30", "--audit", _audit);

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(CountOf(result.Output, "*** AI DRAFT"), Is.EqualTo(30));
        Assert.That(result.Output, Does.Contain("30 of 30 drafts completed").And.Contain("hash chain intact"));
        Assert.That(result.Output, Does.Contain("Bilateral patchy pulmonary opacities noted."));
    }

    [Test]
    public async Task Demo_AllReportsComplete()
    {
        var result = await CliRunner.RunAsync(_directory, "demo", "--all", "--format", "json");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Output, Does.Contain("214 of 214 drafts completed"));
    }

    [Test]
    public async Task AuditVerify_UntouchedLog_Passes()
    {
        await WriteAuditAsync();

        var result = await CliRunner.RunAsync(_directory, "audit", "verify", _audit);

        Assert.That(result.ExitCode, Is.Zero, result.Output);
        Assert.That(result.Output, Does.StartWith("OK: 15 records"));
    }

    [TestCase("edit", 7)]
    [TestCase("delete", 4)]
    [TestCase("reorder", 9)]
    public async Task AuditVerify_TamperedLog_NamesFirstBadLine(string tamper, int line)
    {
        await WriteAuditAsync();
        var lines = File.ReadAllLines(_audit).ToList();
        switch (tamper)
        {
            case "edit":
                lines[line - 1] = lines[line - 1].Replace("\"correlation_id\":\"", "\"correlation_id\":\"x");
                break;
            case "delete":
                lines.RemoveAt(line - 1);
                break;
            default:
                (lines[line - 1], lines[line]) = (lines[line], lines[line - 1]);
                break;
        }

        File.WriteAllLines(_audit, lines);

        var result = await CliRunner.RunAsync(_directory, "audit", "verify", _audit);

        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Output, Does.StartWith($"BROKEN: line {line} "));
    }

    [Test]
    public async Task AuditVerify_MissingFile_ExitsTwo()
    {
        var result = await CliRunner.RunAsync(_directory, "audit", "verify", Path.Combine(_directory, "none.jsonl"));

        Assert.That(result.ExitCode, Is.EqualTo(2));
        Assert.That(result.Error, Does.Contain("not found"));
    }

    private async Task WriteAuditAsync()
    {
        var result = await CliRunner.RunAsync(_directory, "demo", "--count", "3", "--audit", _audit);
        Assert.That(result.ExitCode, Is.Zero, result.Error);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
