using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RadAssist;

/// <summary>
/// An audit event as stored: numbered, and chained to its predecessor by the SHA-256 of that predecessor.
/// </summary>
/// <remarks>
/// <para>
/// The hash covers the canonical JSON form of the record (fixed property order, no whitespace, UTF-8, timestamps in
/// UTC with microsecond precision, <see cref="AuditEvent.Data"/> sorted by ordinal key) including
/// <see cref="PreviousHash"/>, so editing, deleting, inserting or reordering any stored record breaks the chain at
/// that point. Every sink stores the same canonical form, so a chain can move between sinks.
/// </para>
/// </remarks>
public sealed record AuditRecord
{
    /// <summary>The previous hash of the first record of a chain: 64 zeros.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    // Only the characters JSON requires are escaped, so stored text stays readable. The choice is part of the
    // canonical form and must not change once records exist.
    private static readonly JsonWriterOptions CanonicalWriterOptions =
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private AuditRecord(long sequence, AuditEvent auditEvent, string previousHash, string hash)
    {
        Sequence = sequence;
        Event = auditEvent;
        PreviousHash = previousHash;
        Hash = hash;
    }

    /// <summary>Position in the chain, starting at 1.</summary>
    public long Sequence { get; }

    /// <summary>The event.</summary>
    public AuditEvent Event { get; }

    /// <summary>Lower-case hex SHA-256 of the previous record, or <see cref="GenesisHash"/> for the first.</summary>
    public string PreviousHash { get; }

    /// <summary>Lower-case hex SHA-256 of this record's canonical form.</summary>
    public string Hash { get; }

    /// <summary>Creates the next record of a chain.</summary>
    /// <param name="auditEvent">The event to store. Its timestamp is truncated to whole microseconds and made UTC.</param>
    /// <param name="sequence">Position in the chain, starting at 1.</param>
    /// <param name="previousHash">Hash of the previous record, or <see cref="GenesisHash"/>.</param>
    /// <exception cref="ArgumentException">The correlation id, event type or actor is empty; the message names it.</exception>
    public static AuditRecord Create(AuditEvent auditEvent, long sequence, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequence, 1);
        ArgumentException.ThrowIfNullOrEmpty(previousHash);
        RequireText(auditEvent.CorrelationId, nameof(AuditEvent.CorrelationId));
        RequireText(auditEvent.EventType, nameof(AuditEvent.EventType));
        RequireText(auditEvent.Actor, nameof(AuditEvent.Actor));

        var normalized = auditEvent with { Timestamp = TruncateToMicroseconds(auditEvent.Timestamp) };
        var hash = ComputeHash(sequence, normalized, previousHash);
        return new AuditRecord(sequence, normalized, previousHash, hash);
    }

    /// <summary>Restores a stored record without checking it; use <see cref="VerifyHash"/> or a chain verifier.</summary>
    /// <param name="sequence">Stored position.</param>
    /// <param name="auditEvent">Stored event.</param>
    /// <param name="previousHash">Stored previous hash.</param>
    /// <param name="hash">Stored hash.</param>
    public static AuditRecord Restore(long sequence, AuditEvent auditEvent, string previousHash, string hash)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return new AuditRecord(sequence, auditEvent, previousHash, hash);
    }

    /// <summary>Whether <see cref="Hash"/> matches the record's content.</summary>
    public bool VerifyHash() =>
        string.Equals(Hash, ComputeHash(Sequence, Event, PreviousHash), StringComparison.Ordinal);

    /// <summary>Serializes the record as one line of JSON: the canonical form followed by its hash.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, CanonicalWriterOptions))
        {
            WriteCanonical(writer, Sequence, Event, PreviousHash, Hash);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Parses one line written by <see cref="ToJson"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="FormatException">The text is not a stored audit record; the message names the missing or invalid field.</exception>
    public static AuditRecord Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Audit record is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("Audit record is not a JSON object.");
            }

            var data = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("data", out var dataElement) && dataElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in dataElement.EnumerateObject())
                {
                    data[property.Name] = property.Value.GetString() ?? string.Empty;
                }
            }

            var auditEvent = new AuditEvent
            {
                CorrelationId = RequiredString(root, "correlation_id"),
                EventType = RequiredString(root, "type"),
                Timestamp = ParseTimestamp(RequiredString(root, "timestamp")),
                Actor = RequiredString(root, "actor"),
                Outcome = RequiredString(root, "outcome"),
                StudyInstanceUid = OptionalString(root, "study_uid"),
                InputSha256 = OptionalString(root, "input_sha256"),
                ModelId = OptionalString(root, "model_id"),
                ModelVersion = OptionalString(root, "model_version"),
                PromptVersion = OptionalString(root, "prompt_version"),
                Output = OptionalString(root, "output"),
                Data = data,
            };

            if (!root.TryGetProperty("seq", out var seqElement) || !seqElement.TryGetInt64(out var sequence))
            {
                throw new FormatException("Audit record field 'seq' is missing or not an integer.");
            }

            return new AuditRecord(sequence, auditEvent, RequiredString(root, "prev"), RequiredString(root, "hash"));
        }
    }

    /// <summary>Computes the lower-case hex SHA-256 of a record's canonical form.</summary>
    internal static string ComputeHash(long sequence, AuditEvent auditEvent, string previousHash)
    {
        using var buffer = new MemoryStream(512);
        using (var writer = new Utf8JsonWriter(buffer, CanonicalWriterOptions))
        {
            WriteCanonical(writer, sequence, auditEvent, previousHash, hash: null);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), digest);
        return Convert.ToHexStringLower(digest);
    }

    private static void WriteCanonical(
        Utf8JsonWriter writer,
        long sequence,
        AuditEvent auditEvent,
        string previousHash,
        string? hash)
    {
        writer.WriteStartObject();
        writer.WriteNumber("seq", sequence);
        writer.WriteString("timestamp", FormatTimestamp(auditEvent.Timestamp));
        writer.WriteString("correlation_id", auditEvent.CorrelationId);
        writer.WriteString("type", auditEvent.EventType);
        writer.WriteString("actor", auditEvent.Actor);
        writer.WriteString("outcome", auditEvent.Outcome);
        WriteOptional(writer, "study_uid", auditEvent.StudyInstanceUid);
        WriteOptional(writer, "input_sha256", auditEvent.InputSha256);
        WriteOptional(writer, "model_id", auditEvent.ModelId);
        WriteOptional(writer, "model_version", auditEvent.ModelVersion);
        WriteOptional(writer, "prompt_version", auditEvent.PromptVersion);
        WriteOptional(writer, "output", auditEvent.Output);
        if (auditEvent.Data.Count > 0)
        {
            writer.WriteStartObject("data");
            foreach (var pair in auditEvent.Data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(pair.Key, pair.Value);
            }

            writer.WriteEndObject();
        }

        writer.WriteString("prev", previousHash);
        if (hash is not null)
        {
            writer.WriteString("hash", hash);
        }

        writer.WriteEndObject();
    }

    private static void RequireText(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"Audit event field '{field}' must not be empty.");
        }
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % 10), TimeSpan.Zero);
    }

    private static string FormatTimestamp(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseTimestamp(string text)
    {
        if (!DateTimeOffset.TryParseExact(
                text,
                "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'",
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
                out var value))
        {
            throw new FormatException($"Audit record field 'timestamp' has an invalid value '{text}'.");
        }

        return value;
    }

    private static string RequiredString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            throw new FormatException($"Audit record field '{name}' is missing or not a string.");
        }

        return element.GetString()!;
    }

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : null;
}
