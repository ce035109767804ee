using Microsoft.Data.Sqlite;
using RadAssist.Audit.Sqlite;

namespace RadAssist.Audit.Tests;

[TestFixture]
public sealed class SqliteAuditSinkTests : AuditSinkContract
{
    private string _directory = string.Empty;

    private string DatabasePath => Path.Combine(_directory, "audit.db");

    protected override string WorkerKind => "sqlite";

    protected override string WorkerTarget => DatabasePath;

    protected override Task CreateStoreAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "radassist-audit-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        return Task.CompletedTask;
    }

    protected override Task DeleteStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    protected override IAuditSink OpenSink() => new SqliteAuditSink(DatabasePath);

    protected override async Task<List<string>> ReadStoredLinesAsync()
    {
        await using var connection = await OpenRawAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM audit_record ORDER BY seq";
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }

    protected override async Task ReplaceStoredLinesAsync(IReadOnlyList<string> lines)
    {
        await using var connection = await OpenRawAsync();
        await using var transaction = connection.BeginTransaction();
        await using (var delete = connection.CreateCommand())
        {
            delete.CommandText = "DELETE FROM audit_record";
            await delete.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var record = AuditRecord.Parse(lines[i]);
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO audit_record (seq, timestamp, correlation_id, study_uid, record) VALUES ($seq, $timestamp, $correlationId, $studyUid, $record)";
            insert.Parameters.AddWithValue("$seq", i + 1);
            insert.Parameters.AddWithValue("$timestamp", record.Event.Timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'"));
            insert.Parameters.AddWithValue("$correlationId", record.Event.CorrelationId);
            insert.Parameters.AddWithValue("$studyUid", (object?)record.Event.StudyInstanceUid ?? DBNull.Value);
            insert.Parameters.AddWithValue("$record", lines[i]);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    [Test]
    public async Task Verify_detects_edited_index_column()
    {
        await using (var sink = new SqliteAuditSink(DatabasePath))
        {
            await sink.AppendAsync(Event("run-1", 0));
            await sink.AppendAsync(Event("run-1", 1));
        }

        await using (var connection = await OpenRawAsync())
        {
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE audit_record SET correlation_id = 'run-hidden' WHERE seq = 2";
            await update.ExecuteNonQueryAsync();
        }

        await using var reopened = new SqliteAuditSink(DatabasePath);
        var verification = await reopened.VerifyAsync();

        Assert.That(verification.IsValid, Is.False);
        Assert.That(verification.FirstBadSequence, Is.EqualTo(2));
        Assert.That(verification.Reason, Does.Contain("correlation_id"));
    }

    [Test]
    public async Task Verify_reports_unreadable_record()
    {
        await using (var sink = new SqliteAuditSink(DatabasePath))
        {
            await sink.AppendAsync(Event("run-1", 0));
        }

        await using (var connection = await OpenRawAsync())
        {
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE audit_record SET record = '{not json' WHERE seq = 1";
            await update.ExecuteNonQueryAsync();
        }

        await using var reopened = new SqliteAuditSink(DatabasePath);
        var verification = await reopened.VerifyAsync();
        var query = await Assert.ThrowsAsync<FormatException>(async () => await QueryAllAsync(reopened, new AuditQuery()));

        Assert.That(verification.IsValid, Is.False);
        Assert.That(verification.FirstBadSequence, Is.EqualTo(1));
        Assert.That(verification.Reason, Does.Contain("cannot be read"));
        Assert.That(query!.Message, Does.Contain("seq 1"));
    }

    [Test]
    public async Task Two_sinks_on_one_file_share_the_chain()
    {
        await using var first = new SqliteAuditSink(DatabasePath);
        await using var second = new SqliteAuditSink(DatabasePath);

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 30; i++)
                {
                    await first.AppendAsync(Event("node-a", i));
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 30; i++)
                {
                    await second.AppendAsync(Event("node-b", i));
                }
            }));
        var verification = await first.VerifyAsync();

        Assert.That(verification.IsValid, Is.True, verification.Reason);
        Assert.That(verification.RecordCount, Is.EqualTo(60));
    }

    [Test]
    public void Constructor_rejects_empty_path()
    {
        var error = Assert.Throws<ArgumentException>(() => new SqliteAuditSink(new SqliteAuditSinkOptions { Path = "" }));

        Assert.That(error!.Message, Does.Contain("Path"));
    }

    [Test]
    public async Task Query_and_verify_on_missing_file_create_nothing()
    {
        await using var sink = new SqliteAuditSink(DatabasePath);

        var records = await QueryAllAsync(sink, new AuditQuery());
        var verification = await sink.VerifyAsync();

        Assert.That(records, Is.Empty);
        Assert.That(verification.IsValid, Is.True);
        Assert.That(File.Exists(DatabasePath), Is.False);
    }

    private async Task<SqliteConnection> OpenRawAsync()
    {
        var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
