namespace RadAssist;

/// <summary>Stores audit events as a hash chain and reads them back.</summary>
/// <remarks>
/// <see cref="AppendAsync"/> returns only once the record is durable in the sink's store, so an acknowledged
/// record survives a crash of the process. Implementations are safe for concurrent use.
/// </remarks>
public interface IAuditSink
{
    /// <summary>Appends an event at the end of the chain.</summary>
    /// <param name="auditEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the append; a cancelled append may or may not have been stored.</param>
    /// <returns>The stored record with its sequence number and hashes.</returns>
    ValueTask<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>Reads stored records that match a query, in chain order.</summary>
    /// <param name="query">Filters; an empty query returns every record.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    IAsyncEnumerable<AuditRecord> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Checks the whole chain and reports the first record that is broken or missing.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    ValueTask<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default);
}

/// <summary>Filters for <see cref="IAuditSink.QueryAsync"/>; unset filters match everything.</summary>
public sealed record AuditQuery
{
    /// <summary>Only records of this run.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Only records of this study.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Only records at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only records before this time.</summary>
    public DateTimeOffset? To { get; init; }
}

/// <summary>Result of checking an audit chain.</summary>
/// <param name="IsValid">Whether every record is intact and in place.</param>
/// <param name="RecordCount">Number of records checked.</param>
/// <param name="FirstBadSequence">Sequence number expected at the first bad record, or <see langword="null"/> when valid.</param>
/// <param name="FirstBadLocation">Where the first bad record is stored, such as <c>line 12</c>, or <see langword="null"/>.</param>
/// <param name="Reason">What is wrong with the first bad record, or <see langword="null"/>.</param>
public sealed record AuditVerification(
    bool IsValid,
    long RecordCount,
    long? FirstBadSequence,
    string? FirstBadLocation,
    string? Reason);
