using System.Globalization;

namespace RadAssist.Audit;

/// <summary>One stored audit row as a database sink keeps it: the canonical record and the columns it is indexed by.</summary>
/// <param name="StoredSequence">Value of the sequence column.</param>
/// <param name="Json">The canonical record text, as <see cref="AuditRecord.ToJson"/> wrote it.</param>
/// <param name="CorrelationId">Value of the correlation id column.</param>
/// <param name="StudyInstanceUid">Value of the study column.</param>
/// <param name="Timestamp">Value of the timestamp column, or <see langword="null"/> when it cannot be read.</param>
internal readonly record struct StoredAuditRow(
    long StoredSequence,
    string Json,
    string CorrelationId,
    string? StudyInstanceUid,
    DateTimeOffset? Timestamp);

/// <summary>
/// Checks a chain read in sequence order. Each record must parse and carry the next number from 1, its previous
/// hash must be the hash of the record before, and its hash must match its content. The indexed columns must agree
/// with the record, and the last record must be the one the chain head names.
/// </summary>
/// <remarks>
/// The chain head is a separate row updated in the same transaction as the records, so deleting records from the
/// end is detected too. Someone who rewrites the head and every later record consistently is not detected; an
/// external copy of the head hash is the remedy for that. This file is compiled into each durable sink package.
/// </remarks>
internal sealed class AuditChainVerifier
{
    private long _expectedSequence = 1;
    private string _previousHash = AuditRecord.GenesisHash;
    private long _count;
    private AuditVerification? _failure;

    /// <summary>Whether a bad record was found; later rows are not examined.</summary>
    public bool HasFailed => _failure is not null;

    /// <summary>Checks the next row. Returns <see langword="false"/> once the chain is broken.</summary>
    public bool Add(StoredAuditRow row)
    {
        if (_failure is not null)
        {
            return false;
        }

        _count++;
        var location = string.Create(CultureInfo.InvariantCulture, $"row with seq {row.StoredSequence}");

        AuditRecord record;
        try
        {
            record = AuditRecord.Parse(row.Json);
        }
        catch (FormatException ex)
        {
            return Fail(location, $"The stored record cannot be read: {ex.Message}");
        }

        if (record.Sequence != _expectedSequence)
        {
            var reason = record.Sequence > _expectedSequence
                ? $"Record {_expectedSequence} is missing: the next stored record has seq {record.Sequence}."
                : $"Record with seq {record.Sequence} is out of place: seq {_expectedSequence} was expected.";
            return Fail(location, reason);
        }

        if (row.StoredSequence != record.Sequence)
        {
            return Fail(location, $"The seq column is {row.StoredSequence} but the record states {record.Sequence}.");
        }

        if (!string.Equals(record.PreviousHash, _previousHash, StringComparison.Ordinal))
        {
            return Fail(location, "The previous hash does not match the hash of the record before.");
        }

        if (!record.VerifyHash())
        {
            return Fail(location, "The record content does not match its hash.");
        }

        var columnMismatch = FindColumnMismatch(row, record.Event);
        if (columnMismatch is not null)
        {
            return Fail(location, $"The {columnMismatch} column differs from the record.");
        }

        _previousHash = record.Hash;
        _expectedSequence++;
        return true;
    }

    /// <summary>Completes the check against the chain head.</summary>
    /// <param name="headSequence">Sequence the head names, or <see langword="null"/> when there is no head row.</param>
    /// <param name="headHash">Hash the head names.</param>
    /// <param name="headLocation">Where the head is stored, for the report.</param>
    public AuditVerification Complete(long? headSequence, string? headHash, string headLocation)
    {
        if (_failure is not null)
        {
            return _failure;
        }

        var lastSequence = _expectedSequence - 1;
        if (headSequence is null)
        {
            return lastSequence == 0
                ? new AuditVerification(true, _count, null, null, null)
                : Failure(lastSequence + 1, headLocation, "The chain head is missing.");
        }

        if (headSequence.Value != lastSequence)
        {
            var reason = headSequence.Value > lastSequence
                ? $"The chain head names record {headSequence.Value} but the chain ends at {lastSequence}: records were deleted from the end."
                : $"The chain head names record {headSequence.Value} but the chain goes on to {lastSequence}.";
            return Failure(Math.Min(headSequence.Value, lastSequence) + 1, headLocation, reason);
        }

        if (!string.Equals(headHash, _previousHash, StringComparison.Ordinal))
        {
            return Failure(lastSequence, headLocation, "The chain head hash does not match the last record.");
        }

        return new AuditVerification(true, _count, null, null, null);
    }

    private bool Fail(string location, string reason)
    {
        _failure = Failure(_expectedSequence, location, reason);
        return false;
    }

    private AuditVerification Failure(long sequence, string location, string reason) =>
        new(false, _count, sequence, location, reason);

    private static string? FindColumnMismatch(StoredAuditRow row, AuditEvent auditEvent)
    {
        if (!string.Equals(row.CorrelationId, auditEvent.CorrelationId, StringComparison.Ordinal))
        {
            return "correlation_id";
        }

        if (!string.Equals(row.StudyInstanceUid, auditEvent.StudyInstanceUid, StringComparison.Ordinal))
        {
            return "study_uid";
        }

        if (row.Timestamp is null || row.Timestamp.Value != auditEvent.Timestamp)
        {
            return "timestamp";
        }

        return null;
    }
}

/// <summary>Checks and formats values the durable sinks share.</summary>
internal static class AuditValues
{
    /// <summary>The canonical timestamp form of <see cref="AuditRecord"/>: UTC with microseconds.</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <summary>Formats a time in the canonical form, which sorts as text in time order.</summary>
    public static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString(TimestampFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses a time in the canonical form, or returns <see langword="null"/>.</summary>
    public static DateTimeOffset? ParseTimestamp(string text) =>
        DateTimeOffset.TryParseExact(
            text,
            TimestampFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var value)
            ? value
            : null;

    /// <summary>
    /// Rounds a query bound up to whole microseconds. Stored times are whole microseconds, so a stored time t
    /// satisfies t &gt;= bound (or t &lt; bound) exactly when it satisfies the same test against the rounded bound.
    /// </summary>
    public static DateTimeOffset CeilingToMicroseconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        var remainder = utc.Ticks % 10;
        return remainder == 0 ? utc : new DateTimeOffset(utc.Ticks - remainder + 10, TimeSpan.Zero);
    }

    /// <summary>Rejects an event whose required fields are empty, naming the field.</summary>
    /// <exception cref="ArgumentException">A required field is null, empty or white space.</exception>
    public static void Validate(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        RequireText(auditEvent.CorrelationId, nameof(AuditEvent.CorrelationId), nameof(auditEvent));
        RequireText(auditEvent.EventType, nameof(AuditEvent.EventType), nameof(auditEvent));
        RequireText(auditEvent.Actor, nameof(AuditEvent.Actor), nameof(auditEvent));
        RequireText(auditEvent.Outcome, nameof(AuditEvent.Outcome), nameof(auditEvent));
        if (auditEvent.Data is null)
        {
            throw new ArgumentException("Audit event field 'Data' is null; use an empty dictionary.", nameof(auditEvent));
        }
    }

    private static void RequireText(string? value, string field, string parameterName)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException(
                $"Audit event field '{field}' is missing: the value is '{value}'.",
                parameterName);
        }
    }
}
