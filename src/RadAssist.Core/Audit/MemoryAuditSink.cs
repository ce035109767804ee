using System.Runtime.CompilerServices;

namespace RadAssist;

/// <summary>Audit sink that keeps records in memory; for tests and for hosts that forward audit elsewhere.</summary>
public sealed class MemoryAuditSink : IAuditSink
{
    private readonly List<AuditRecord> _records = [];
    private readonly Lock _gate = new();

    /// <summary>A snapshot of the stored records in chain order.</summary>
    public IReadOnlyList<AuditRecord> Records
    {
        get
        {
            lock (_gate)
            {
                return [.. _records];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        cancellationToken.ThrowIfCancellationRequested();

        lock (_gate)
        {
            var previous = _records.Count == 0 ? AuditRecord.GenesisHash : _records[^1].Hash;
            var record = AuditRecord.Create(auditEvent, _records.Count + 1, previous);
            _records.Add(record);
            return ValueTask.FromResult(record);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> QueryAsync(
        AuditQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        foreach (var record in Records)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (JsonLinesAuditSink.Matches(record, query))
            {
                yield return record;
            }
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(AuditChainVerifier.Verify(
            Records.Select(r => ($"record {r.Sequence}", (AuditRecord?)r, (string?)null))));
}
