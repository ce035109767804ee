using Npgsql;
using RadAssist.Audit.PostgreSql;
using RadAssist.Testing;

namespace RadAssist.Audit.Tests;

/// <summary>
/// Runs the sink contract against a real PostgreSQL server named by the RADASSIST_POSTGRES connection string.
/// Each test gets its own database, dropped afterwards.
/// </summary>
[TestFixture]
public sealed class PostgreSqlAuditSinkTests : AuditSinkContract
{
    private string _serverConnectionString = string.Empty;
    private string _databaseName = string.Empty;

    private string DatabaseConnectionString =>
        new NpgsqlConnectionStringBuilder(_serverConnectionString) { Database = _databaseName }.ToString();

    protected override string WorkerKind => "postgresql";

    protected override string WorkerTarget => DatabaseConnectionString;

    protected override async Task CreateStoreAsync()
    {
        var connectionString = Environment.GetEnvironmentVariable("RADASSIST_POSTGRES");
        TestData.Require(!string.IsNullOrWhiteSpace(connectionString), "PostgreSQL (connection string in RADASSIST_POSTGRES)");
        _serverConnectionString = connectionString!;
        _databaseName = "radassist_test_" + Guid.NewGuid().ToString("N");

        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{_databaseName}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task DeleteStoreAsync()
    {
        if (_databaseName.Length == 0)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_databaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
        _databaseName = string.Empty;
    }

    protected override IAuditSink OpenSink() => new PostgreSqlAuditSink(DatabaseConnectionString);

    protected override async Task<List<string>> ReadStoredLinesAsync()
    {
        await using var connection = await OpenRawAsync();
        await using var command = new NpgsqlCommand("SELECT record FROM radassist.audit_record ORDER BY seq", connection);
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
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var delete = new NpgsqlCommand("DELETE FROM radassist.audit_record", connection, transaction))
        {
            await delete.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var record = AuditRecord.Parse(lines[i]);
            await using var insert = new NpgsqlCommand(
                "INSERT INTO radassist.audit_record (seq, timestamp, correlation_id, study_uid, record) VALUES (@seq, @timestamp, @correlationId, @studyUid, @record)",
                connection,
                transaction);
            insert.Parameters.AddWithValue("seq", (long)(i + 1));
            insert.Parameters.AddWithValue("timestamp", record.Event.Timestamp);
            insert.Parameters.AddWithValue("correlationId", record.Event.CorrelationId);
            insert.Parameters.AddWithValue("studyUid", (object?)record.Event.StudyInstanceUid ?? DBNull.Value);
            insert.Parameters.AddWithValue("record", lines[i]);
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    [Test]
    public async Task Verify_detects_edited_index_column()
    {
        await using (var sink = new PostgreSqlAuditSink(DatabaseConnectionString))
        {
            await sink.AppendAsync(Event("run-1", 0));
            await sink.AppendAsync(Event("run-1", 1));
        }

        await using (var connection = await OpenRawAsync())
        {
            await using var update = new NpgsqlCommand("UPDATE radassist.audit_record SET study_uid = '2.25.999' WHERE seq = 2", connection);
            await update.ExecuteNonQueryAsync();
        }

        await using var reopened = new PostgreSqlAuditSink(DatabaseConnectionString);
        var verification = await reopened.VerifyAsync();

        Assert.That(verification.IsValid, Is.False);
        Assert.That(verification.FirstBadSequence, Is.EqualTo(2));
        Assert.That(verification.Reason, Does.Contain("study_uid"));
    }

    [Test]
    public async Task Two_nodes_share_one_chain()
    {
        await using var nodeA = new PostgreSqlAuditSink(DatabaseConnectionString);
        await using var nodeB = new PostgreSqlAuditSink(DatabaseConnectionString);

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 0; i < 40; i++)
                {
                    await nodeA.AppendAsync(Event("node-a", i));
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 0; i < 40; i++)
                {
                    await nodeB.AppendAsync(Event("node-b", i));
                }
            }));
        var verification = await nodeB.VerifyAsync();

        Assert.That(verification.IsValid, Is.True, verification.Reason);
        Assert.That(verification.RecordCount, Is.EqualTo(80));
    }

    [Test]
    public void Constructor_rejects_unsafe_schema_name()
    {
        var error = Assert.Throws<ArgumentException>(() => new PostgreSqlAuditSink(new PostgreSqlAuditSinkOptions
        {
            ConnectionString = DatabaseConnectionString,
            Schema = "audit\"; DROP TABLE x; --",
        }));

        Assert.That(error!.Message, Does.Contain("Schema"));
    }

    [Test]
    public async Task Append_to_unreachable_server_fails_without_ack()
    {
        // Port 1 on the loopback interface has no listener, so the connection is refused at once.
        await using var sink = new PostgreSqlAuditSink("Host=127.0.0.1;Port=1;Username=postgres;Timeout=3");

        await Assert.CatchAsync<NpgsqlException>(async () => await sink.AppendAsync(Event("run-1", 0)));
    }

    private async Task<NpgsqlConnection> OpenRawAsync()
    {
        var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        return connection;
    }
}
