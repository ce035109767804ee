using System.Text;

namespace RadAssist.Audit.Tests;

[TestFixture]
public sealed class JsonLinesAuditSinkTests : AuditSinkContract
{
    private string _directory = string.Empty;

    private string FilePath => Path.Combine(_directory, "audit.jsonl");

    protected override string WorkerKind => "jsonl";

    protected override string WorkerTarget => FilePath;

    protected override Task CreateStoreAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "radassist-audit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    protected override Task DeleteStoreAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    protected override IAuditSink OpenSink() => new JsonLinesAuditSink(FilePath);

    protected override async Task<List<string>> ReadStoredLinesAsync() =>
        (await File.ReadAllLinesAsync(FilePath, Encoding.UTF8)).Where(line => line.Length > 0).ToList();

    protected override Task ReplaceStoredLinesAsync(IReadOnlyList<string> lines) =>
        File.WriteAllTextAsync(FilePath, string.Concat(lines.Select(line => line + "\n")), new UTF8Encoding(false));
}
