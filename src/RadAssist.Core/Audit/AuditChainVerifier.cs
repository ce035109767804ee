namespace RadAssist;

/// <summary>Checks a sequence of stored audit records for breaks in the hash chain.</summary>
/// <remarks>
/// Sinks call this with their records in storage order. Editing a record breaks its own hash; deleting, inserting
/// or reordering breaks the sequence numbers or the previous-hash link of the record that follows. A chain cut off
/// at its end is not detectable from the records alone: compare <see cref="AuditVerification.RecordCount"/> with an
/// externally kept count or head hash to detect that.
/// </remarks>
public static class AuditChainVerifier
{
    /// <summary>Verifies records given with a description of where each is stored.</summary>
    /// <param name="records">
    /// Each stored record with its location (such as <c>line 12</c>); a <see langword="null"/> record means the
    /// stored item could not be parsed, with the reason in <c>Error</c>.
    /// </param>
    public static AuditVerification Verify(IEnumerable<(string Location, AuditRecord? Record, string? Error)> records)
    {
        ArgumentNullException.ThrowIfNull(records);

        long expected = 1;
        var previousHash = AuditRecord.GenesisHash;
        foreach (var (location, record, error) in records)
        {
            if (record is null)
            {
                return Broken(expected, location, $"not a valid audit record: {error}");
            }

            if (record.Sequence != expected)
            {
                return Broken(
                    expected,
                    location,
                    $"expected sequence {expected} but found {record.Sequence}: a record was deleted, inserted or moved");
            }

            if (!string.Equals(record.PreviousHash, previousHash, StringComparison.Ordinal))
            {
                return Broken(expected, location, "previous hash does not match the record before it");
            }

            if (!record.VerifyHash())
            {
                return Broken(expected, location, "content does not match its hash: the record was edited");
            }

            previousHash = record.Hash;
            expected++;
        }

        return new AuditVerification(true, expected - 1, null, null, null);
    }

    private static AuditVerification Broken(long sequence, string location, string reason) =>
        new(false, sequence - 1, sequence, location, reason);
}
