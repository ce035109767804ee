using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RadAssist.Audit.Sqlite;

/// <summary>
/// Stores audit records as a hash chain in a SQLite database file, the embedded default audit store.
/// </summary>
/// <remarks>
/// <para>
/// Each row keeps the canonical record text of <see cref="AuditRecord.ToJson"/> beside the columns it is queried by.
/// The database runs in write-ahead-log mode with <c>synchronous=FULL</c>, so a commit is on disk when
/// <see cref="AppendAsync"/> returns and survives a crash of the process or the machine.
/// </para>
/// <para>
/// Appends that arrive together share one transaction (up to <see cref="SqliteAuditSinkOptions.MaxBatchSize"/>).
/// Every transaction reads the chain head first, so the chain continues across restarts and across processes
/// that share the file. The sink is safe for concurrent use.
/// </para>
/// </remarks>
public sealed class SqliteAuditSink : IAuditSink, IAsyncDisposable, IDisposable
{
    private const string CreateSchemaSql = """
        CREATE TABLE IF NOT EXISTS audit_record (
            seq INTEGER PRIMARY KEY,
            timestamp TEXT NOT NULL,
            correlation_id TEXT NOT NULL,
            study_uid TEXT NULL,
            record TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_audit_record_correlation_id ON audit_record (correlation_id);
        CREATE INDEX IF NOT EXISTS ix_audit_record_study_uid ON audit_record (study_uid);
        CREATE INDEX IF NOT EXISTS ix_audit_record_timestamp ON audit_record (timestamp);
        CREATE TABLE IF NOT EXISTS audit_chain_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL);
        """;

    private readonly string _path;
    private readonly string _connectionString;
    private readonly ILogger _logger;
    private readonly GroupCommitQueue _queue;
    private SqliteConnection? _writeConnection;
    private bool _disposed;

    /// <summary>Opens or creates the audit database at a path.</summary>
    /// <param name="path">Path of the database file.</param>
    public SqliteAuditSink(string path)
        : this(new SqliteAuditSinkOptions { Path = path })
    {
    }

    /// <summary>Opens or creates the audit database the options name.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">Logger for store events; nothing is logged when omitted.</param>
    /// <exception cref="ArgumentException"><see cref="SqliteAuditSinkOptions.Path"/> is empty.</exception>
    public SqliteAuditSink(SqliteAuditSinkOptions options, ILogger<SqliteAuditSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            throw new ArgumentException("SQLite audit option 'Path' is missing: set the database file path.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, "options.MaxBatchSize");

        _path = System.IO.Path.GetFullPath(options.Path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
            Pooling = false,
        }.ToString();
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _queue = new GroupCommitQueue(WriteBatchAsync, options.MaxBatchSize);
    }

    /// <summary>Full path of the database file.</summary>
    public string Path => _path;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A required field of the event is empty; the message names it.</exception>
    /// <exception cref="SqliteException">The database could not be written; the event was not stored.</exception>
    public ValueTask<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        AuditValues.Validate(auditEvent);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _queue.AppendAsync(auditEvent, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="FormatException">A stored record cannot be read; the message names its seq.</exception>
    public async IAsyncEnumerable<AuditRecord> QueryAsync(
        AuditQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ObjectDisposedException.ThrowIf(_disposed, this);

        if (!File.Exists(_path))
        {
            yield break;
        }

        using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await HasSchemaAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            yield break;
        }

        using var command = connection.CreateCommand();
        var conditions = new List<string>();
        if (query.CorrelationId is not null)
        {
            conditions.Add("correlation_id = $correlationId");
            command.Parameters.AddWithValue("$correlationId", query.CorrelationId);
        }

        if (query.StudyInstanceUid is not null)
        {
            conditions.Add("study_uid = $studyUid");
            command.Parameters.AddWithValue("$studyUid", query.StudyInstanceUid);
        }

        if (query.From is { } from)
        {
            conditions.Add("timestamp >= $from");
            command.Parameters.AddWithValue("$from", AuditValues.FormatTimestamp(AuditValues.CeilingToMicroseconds(from)));
        }

        if (query.To is { } to)
        {
            conditions.Add("timestamp < $to");
            command.Parameters.AddWithValue("$to", AuditValues.FormatTimestamp(AuditValues.CeilingToMicroseconds(to)));
        }

        var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
        command.CommandText = "SELECT seq, record FROM audit_record" + where + " ORDER BY seq";

        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return ParseStored(reader.GetInt64(0), reader.GetString(1));
        }
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        if (!File.Exists(_path))
        {
            return new AuditVerification(true, 0, null, null, null);
        }

        using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        if (!await HasSchemaAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            return new AuditVerification(true, 0, null, null, null);
        }

        // One read transaction gives a snapshot, so records and head agree even while another process appends.
        using var transaction = connection.BeginTransaction(deferred: true);

        var verifier = new AuditChainVerifier();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = "SELECT seq, timestamp, correlation_id, study_uid, record FROM audit_record ORDER BY seq";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new StoredAuditRow(
                    reader.GetInt64(0),
                    reader.GetString(4),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    AuditValues.ParseTimestamp(reader.GetString(1)));
                if (!verifier.Add(row))
                {
                    break;
                }
            }
        }

        var (headSequence, headHash) = await ReadHeadAsync(connection, transaction, cancellationToken)
            .ConfigureAwait(false);
        var result = verifier.Complete(headSequence, headHash, "table audit_chain_head");
        if (!result.IsValid)
        {
            Log.ChainBroken(_logger, _path, result.FirstBadSequence, result.FirstBadLocation, result.Reason);
        }

        return result;
    }

    /// <summary>Closes the write connection. Appends still waiting are not affected; later calls throw.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _queue.RunExclusiveAsync(
            async () =>
            {
                if (_writeConnection is not null)
                {
                    await _writeConnection.DisposeAsync().ConfigureAwait(false);
                    _writeConnection = null;
                }

                return true;
            },
            CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Closes the write connection.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<IReadOnlyList<AuditRecord>> WriteBatchAsync(IReadOnlyList<AuditEvent> events)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var connection = await GetWriteConnectionAsync().ConfigureAwait(false);

            // BEGIN IMMEDIATE takes the write lock before the head is read, so no other process can extend the
            // chain between reading the head and committing.
            using var transaction = connection.BeginTransaction(deferred: false);
            var (headSequence, headHash) = await ReadHeadAsync(connection, transaction, CancellationToken.None)
                .ConfigureAwait(false);
            var sequence = headSequence ?? 0;
            var previousHash = headHash ?? AuditRecord.GenesisHash;

            var records = new AuditRecord[events.Count];
            using (var insert = connection.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO audit_record (seq, timestamp, correlation_id, study_uid, record)
                    VALUES ($seq, $timestamp, $correlationId, $studyUid, $record)
                    """;
                var seqParameter = insert.Parameters.Add("$seq", SqliteType.Integer);
                var timestampParameter = insert.Parameters.Add("$timestamp", SqliteType.Text);
                var correlationParameter = insert.Parameters.Add("$correlationId", SqliteType.Text);
                var studyParameter = insert.Parameters.Add("$studyUid", SqliteType.Text);
                var recordParameter = insert.Parameters.Add("$record", SqliteType.Text);

                for (var i = 0; i < events.Count; i++)
                {
                    sequence++;
                    var record = AuditRecord.Create(events[i], sequence, previousHash);
                    seqParameter.Value = record.Sequence;
                    timestampParameter.Value = AuditValues.FormatTimestamp(record.Event.Timestamp);
                    correlationParameter.Value = record.Event.CorrelationId;
                    studyParameter.Value = (object?)record.Event.StudyInstanceUid ?? DBNull.Value;
                    recordParameter.Value = record.ToJson();
                    await insert.ExecuteNonQueryAsync().ConfigureAwait(false);

                    records[i] = record;
                    previousHash = record.Hash;
                }
            }

            using (var head = connection.CreateCommand())
            {
                head.Transaction = transaction;
                head.CommandText = """
                    INSERT INTO audit_chain_head (id, seq, hash) VALUES (1, $seq, $hash)
                    ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash
                    """;
                head.Parameters.AddWithValue("$seq", sequence);
                head.Parameters.AddWithValue("$hash", previousHash);
                await head.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await transaction.CommitAsync().ConfigureAwait(false);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Log.BatchCommitted(_logger, events.Count, sequence, elapsedMs);

            return records;
        }
        catch (Exception ex) when (ex is SqliteException or IOException or InvalidOperationException)
        {
            Log.BatchFailed(_logger, ex, events.Count, _path);

            // A failed connection may be left in an unknown state; the next batch opens a fresh one.
            if (_writeConnection is not null)
            {
                await _writeConnection.DisposeAsync().ConfigureAwait(false);
                _writeConnection = null;
            }

            throw;
        }
    }

    private async Task<SqliteConnection> GetWriteConnectionAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writeConnection is not null)
        {
            return _writeConnection;
        }

        var directory = System.IO.Path.GetDirectoryName(_path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync().ConfigureAwait(false);

            // WAL with synchronous=FULL syncs the log on every commit, which makes a commit durable.
            await ExecuteAsync(connection, "PRAGMA journal_mode=WAL;").ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA synchronous=FULL;").ConfigureAwait(false);
            await ExecuteAsync(connection, CreateSchemaSql).ConfigureAwait(false);

            var (headSequence, _) = await ReadHeadAsync(connection, null, CancellationToken.None).ConfigureAwait(false);
            Log.StoreOpened(_logger, _path, headSequence ?? 0);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _writeConnection = connection;
        return connection;
    }

    private async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadOnly };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return connection;
    }

    private static async Task<bool> HasSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'audit_record'";
        var count = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L);
        return count > 0;
    }

    private static async Task<(long? Sequence, string? Hash)> ReadHeadAsync(
        SqliteConnection connection,
        SqliteTransaction? transaction,
        CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT seq, hash FROM audit_chain_head WHERE id = 1";
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return (null, null);
        }

        return (reader.GetInt64(0), reader.GetString(1));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private AuditRecord ParseStored(long sequence, string json)
    {
        try
        {
            return AuditRecord.Parse(json);
        }
        catch (FormatException ex)
        {
            throw new FormatException(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"Audit record with seq {sequence} in {_path} cannot be read: {ex.Message} Run verify to check the chain."),
                ex);
        }
    }
}
