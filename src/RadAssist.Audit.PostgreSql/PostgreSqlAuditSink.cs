using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace RadAssist.Audit.PostgreSql;

/// <summary>
/// Stores audit records as a hash chain in PostgreSQL, so that many nodes can write one chain.
/// </summary>
/// <remarks>
/// <para>
/// Each row keeps the canonical record text of <see cref="AuditRecord.ToJson"/> beside the columns it is queried by.
/// <see cref="AppendAsync"/> returns after the transaction commits, which with PostgreSQL's default
/// <c>synchronous_commit = on</c> means the write-ahead log is flushed to disk. A server configured with
/// <c>synchronous_commit = off</c> weakens that promise.
/// </para>
/// <para>
/// Appends that arrive together share one transaction (up to <see cref="PostgreSqlAuditSinkOptions.MaxBatchSize"/>).
/// Every transaction locks the chain head row first (<c>SELECT ... FOR UPDATE</c>), so appends from several
/// processes are serialized into one chain that continues across restarts. The sink is safe for concurrent use.
/// </para>
/// </remarks>
public sealed partial class PostgreSqlAuditSink : IAuditSink, IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _schema;
    private readonly string _recordTable;
    private readonly string _headTable;
    private readonly ILogger _logger;
    private readonly GroupCommitQueue _queue;
    private readonly SemaphoreSlim _schemaLock = new(1, 1);
    private volatile bool _schemaReady;
    private bool _disposed;

    /// <summary>Connects to the database a connection string names.</summary>
    /// <param name="connectionString">Npgsql connection string.</param>
    public PostgreSqlAuditSink(string connectionString)
        : this(new PostgreSqlAuditSinkOptions { ConnectionString = connectionString })
    {
    }

    /// <summary>Connects to the database the options name. Tables are created on first use.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">Logger for store events; nothing is logged when omitted.</param>
    /// <exception cref="ArgumentException">The connection string is missing or invalid, or the schema name is not a plain identifier.</exception>
    public PostgreSqlAuditSink(PostgreSqlAuditSinkOptions options, ILogger<PostgreSqlAuditSink>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new ArgumentException(
                "PostgreSQL audit option 'ConnectionString' is missing: set an Npgsql connection string.",
                nameof(options));
        }

        if (!IdentifierPattern().IsMatch(options.Schema))
        {
            throw new ArgumentException(
                $"PostgreSQL audit option 'Schema' has an invalid value '{options.Schema}': use lower-case letters, digits and underscores, starting with a letter or underscore.",
                nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxBatchSize, 1, "options.MaxBatchSize");

        try
        {
            _dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException(
                $"PostgreSQL audit option 'ConnectionString' is invalid: {ex.Message}",
                nameof(options),
                ex);
        }

        _schema = options.Schema;
        _recordTable = $"\"{_schema}\".audit_record";
        _headTable = $"\"{_schema}\".audit_chain_head";
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _queue = new GroupCommitQueue(WriteBatchAsync, options.MaxBatchSize);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A required field of the event is empty; the message names it.</exception>
    /// <exception cref="NpgsqlException">The database could not be reached or written; the event was not stored.</exception>
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
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var command = connection.CreateCommand();
            await using (command.ConfigureAwait(false))
            {
                var conditions = new List<string>();
                if (query.CorrelationId is not null)
                {
                    conditions.Add("correlation_id = @correlationId");
                    command.Parameters.AddWithValue("correlationId", query.CorrelationId);
                }

                if (query.StudyInstanceUid is not null)
                {
                    conditions.Add("study_uid = @studyUid");
                    command.Parameters.AddWithValue("studyUid", query.StudyInstanceUid);
                }

                if (query.From is { } from)
                {
                    conditions.Add("timestamp >= @from");
                    command.Parameters.AddWithValue("from", NpgsqlDbType.TimestampTz, AuditValues.CeilingToMicroseconds(from));
                }

                if (query.To is { } to)
                {
                    conditions.Add("timestamp < @to");
                    command.Parameters.AddWithValue("to", NpgsqlDbType.TimestampTz, AuditValues.CeilingToMicroseconds(to));
                }

                var where = conditions.Count == 0 ? string.Empty : " WHERE " + string.Join(" AND ", conditions);
                command.CommandText = $"SELECT seq, record FROM {_recordTable}{where} ORDER BY seq";

                var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await using (reader.ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield return ParseStored(reader.GetInt64(0), reader.GetString(1));
                    }
                }
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);

        var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            // A repeatable-read snapshot keeps records and head consistent while other nodes append.
            var transaction = await connection
                .BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken)
                .ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var verifier = new AuditChainVerifier();
                var command = new NpgsqlCommand(
                    $"SELECT seq, timestamp, correlation_id, study_uid, record FROM {_recordTable} ORDER BY seq",
                    connection,
                    transaction);
                await using (command.ConfigureAwait(false))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            var row = new StoredAuditRow(
                                reader.GetInt64(0),
                                reader.GetString(4),
                                reader.GetString(2),
                                reader.IsDBNull(3) ? null : reader.GetString(3),
                                reader.GetFieldValue<DateTimeOffset>(1));
                            if (!verifier.Add(row))
                            {
                                break;
                            }
                        }
                    }
                }

                var (headSequence, headHash) = await ReadHeadAsync(connection, transaction, forUpdate: false, cancellationToken)
                    .ConfigureAwait(false);
                var result = verifier.Complete(headSequence, headHash, $"table {_headTable}");
                if (!result.IsValid)
                {
                    Log.ChainBroken(_logger, _schema, result.FirstBadSequence, result.FirstBadLocation, result.Reason);
                }

                return result;
            }
        }
    }

    /// <summary>Closes the connection pool. Later calls throw.</summary>
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
                await _dataSource.DisposeAsync().ConfigureAwait(false);
                return true;
            },
            CancellationToken.None).ConfigureAwait(false);
        _schemaLock.Dispose();
    }

    /// <summary>Closes the connection pool.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task<IReadOnlyList<AuditRecord>> WriteBatchAsync(IReadOnlyList<AuditEvent> events)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await EnsureSchemaAsync(CancellationToken.None).ConfigureAwait(false);
            var connection = await _dataSource.OpenConnectionAsync().ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // Locking the head row serializes writers on every node between reading the head and committing.
                    var (headSequence, headHash) = await ReadHeadAsync(connection, transaction, forUpdate: true, CancellationToken.None)
                        .ConfigureAwait(false);
                    var sequence = headSequence ?? 0;
                    var previousHash = headHash ?? AuditRecord.GenesisHash;

                    var records = new AuditRecord[events.Count];
                    var sequences = new long[events.Count];
                    var timestamps = new DateTimeOffset[events.Count];
                    var correlationIds = new string[events.Count];
                    var studyUids = new string?[events.Count];
                    var texts = new string[events.Count];
                    for (var i = 0; i < events.Count; i++)
                    {
                        sequence++;
                        var record = AuditRecord.Create(events[i], sequence, previousHash);
                        records[i] = record;
                        sequences[i] = record.Sequence;
                        timestamps[i] = record.Event.Timestamp;
                        correlationIds[i] = record.Event.CorrelationId;
                        studyUids[i] = record.Event.StudyInstanceUid;
                        texts[i] = record.ToJson();
                        previousHash = record.Hash;
                    }

                    var insert = new NpgsqlCommand(
                        $"""
                        INSERT INTO {_recordTable} (seq, timestamp, correlation_id, study_uid, record)
                        SELECT * FROM unnest(@seq, @timestamp, @correlationId, @studyUid, @record)
                        """,
                        connection,
                        transaction);
                    await using (insert.ConfigureAwait(false))
                    {
                        insert.Parameters.AddWithValue("seq", NpgsqlDbType.Array | NpgsqlDbType.Bigint, sequences);
                        insert.Parameters.AddWithValue("timestamp", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, timestamps);
                        insert.Parameters.AddWithValue("correlationId", NpgsqlDbType.Array | NpgsqlDbType.Text, correlationIds);
                        insert.Parameters.AddWithValue("studyUid", NpgsqlDbType.Array | NpgsqlDbType.Text, studyUids);
                        insert.Parameters.AddWithValue("record", NpgsqlDbType.Array | NpgsqlDbType.Text, texts);
                        await insert.ExecuteNonQueryAsync().ConfigureAwait(false);
                    }

                    var head = new NpgsqlCommand(
                        $"UPDATE {_headTable} SET seq = @seq, hash = @hash WHERE id = 1",
                        connection,
                        transaction);
                    await using (head.ConfigureAwait(false))
                    {
                        head.Parameters.AddWithValue("seq", sequence);
                        head.Parameters.AddWithValue("hash", previousHash);
                        await head.ExecuteNonQueryAsync().ConfigureAwait(false);
                    }

                    await transaction.CommitAsync().ConfigureAwait(false);
                    var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Log.BatchCommitted(_logger, events.Count, sequence, elapsedMs);
                    return records;
                }
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException)
        {
            Log.BatchFailed(_logger, ex, events.Count, _schema);
            throw;
        }
    }

    private async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        if (_schemaReady)
        {
            return;
        }

        await _schemaLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    // CREATE ... IF NOT EXISTS can still collide when two nodes run it at once; an advisory lock
                    // makes the nodes take turns.
                    var command = new NpgsqlCommand(
                        $"""
                        SELECT pg_advisory_xact_lock(hashtext('radassist.audit.schema'));
                        CREATE SCHEMA IF NOT EXISTS "{_schema}";
                        CREATE TABLE IF NOT EXISTS {_recordTable} (
                            seq bigint PRIMARY KEY,
                            timestamp timestamptz NOT NULL,
                            correlation_id text NOT NULL,
                            study_uid text NULL,
                            record text NOT NULL);
                        CREATE INDEX IF NOT EXISTS ix_audit_record_correlation_id ON {_recordTable} (correlation_id);
                        CREATE INDEX IF NOT EXISTS ix_audit_record_study_uid ON {_recordTable} (study_uid);
                        CREATE INDEX IF NOT EXISTS ix_audit_record_timestamp ON {_recordTable} (timestamp);
                        CREATE TABLE IF NOT EXISTS {_headTable} (
                            id integer PRIMARY KEY CHECK (id = 1),
                            seq bigint NOT NULL,
                            hash text NOT NULL);
                        INSERT INTO {_headTable} (id, seq, hash) VALUES (1, 0, '{AuditRecord.GenesisHash}')
                            ON CONFLICT (id) DO NOTHING;
                        """,
                        connection,
                        transaction);
                    await using (command.ConfigureAwait(false))
                    {
                        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                    }

                    var (headSequence, _) = await ReadHeadAsync(connection, transaction, forUpdate: false, cancellationToken)
                        .ConfigureAwait(false);
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);

                    var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
                    Log.StoreOpened(_logger, builder.Host, builder.Database, _schema, headSequence ?? 0);
                }
            }

            _schemaReady = true;
        }
        finally
        {
            _schemaLock.Release();
        }
    }

    private async Task<(long? Sequence, string? Hash)> ReadHeadAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction transaction,
        bool forUpdate,
        CancellationToken cancellationToken)
    {
        var command = new NpgsqlCommand(
            $"SELECT seq, hash FROM {_headTable} WHERE id = 1" + (forUpdate ? " FOR UPDATE" : string.Empty),
            connection,
            transaction);
        await using (command.ConfigureAwait(false))
        {
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    return (null, null);
                }

                return (reader.GetInt64(0), reader.GetString(1));
            }
        }
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
                    $"Audit record with seq {sequence} in {_recordTable} cannot be read: {ex.Message} Run verify to check the chain."),
                ex);
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
