using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace RadAssist.Adapters;

/// <summary>Reads, checks and maps the generic webhook payload to a <see cref="StudyEvent"/>.</summary>
public static class WebhookPayloadReader
{
    /// <summary>Default maximum size of a payload: 2 MiB, enough for a long prior report.</summary>
    public const int DefaultMaxBytes = 2 * 1024 * 1024;

    private static readonly WebhookPayloadValidator Validator = new();

    /// <summary>Reads a payload from its raw bytes.</summary>
    /// <param name="body">The request body, UTF-8 JSON, with or without a byte order mark.</param>
    /// <param name="maxBytes">Largest body accepted, in bytes.</param>
    /// <returns>The event, or the errors, each naming the field and value that failed.</returns>
    public static WebhookReadResult Read(ReadOnlySpan<byte> body, int maxBytes = DefaultMaxBytes)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(body));
        if (body.Length > maxBytes)
        {
            return Fail(hash, "payload", $"Payload is {body.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes; the maximum is {maxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
        }

        // Windows tools often start UTF-8 files with a byte order mark, which JSON (RFC 8259 section 8.1) lets a
        // parser ignore.
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            body = body[3..];
        }

        if (body.IsEmpty)
        {
            return Fail(hash, "payload", "Payload is empty; a JSON object is expected.");
        }

        WebhookPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(body, WebhookJsonContext.Default.WebhookPayload);
        }
        catch (JsonException ex)
        {
            return IsConversionError(ex)
                ? Fail(hash, FieldOf(ex.Path), Describe(ex))
                : Fail(hash, "payload", $"Payload is not valid JSON{Where(ex)}{After(ex)}.");
        }

        if (payload is null)
        {
            return Fail(hash, "payload", "Payload is JSON null; a JSON object is expected.");
        }

        var validation = Validator.Validate(payload);
        if (!validation.IsValid)
        {
            return new WebhookReadResult(
                null,
                [.. validation.Errors.Select(e => new PayloadError(e.PropertyName, e.ErrorMessage))],
                hash);
        }

        return new WebhookReadResult(ToEvent(payload, hash), [], hash);
    }

    /// <summary>Reads a payload from a stream, reading at most <paramref name="maxBytes"/> plus one byte.</summary>
    /// <param name="body">The request body.</param>
    /// <param name="maxBytes">Largest body accepted, in bytes.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public static async Task<WebhookReadResult> ReadAsync(
        Stream body,
        int maxBytes = DefaultMaxBytes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(body);

        // Read one byte past the limit so an oversize body is detected without buffering all of it.
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        using var collected = new MemoryStream();
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            collected.Write(buffer, 0, read);
            if (collected.Length > maxBytes)
            {
                var size = collected.Length;
                while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    size += read;
                }

                return Fail(
                    string.Empty,
                    "payload",
                    $"Payload is {size.ToString("N0", CultureInfo.InvariantCulture)} bytes; the maximum is {maxBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes.");
            }
        }

        return Read(collected.GetBuffer().AsSpan(0, (int)collected.Length), maxBytes);
    }

    private static StudyEvent ToEvent(WebhookPayload payload, string hash)
    {
        var priors = new List<PriorReport>();
        if (!string.IsNullOrWhiteSpace(payload.PriorReportText))
        {
            priors.Add(new PriorReport
            {
                ReportId = $"webhook-prior-{hash[..12]}",
                Text = payload.PriorReportText,
                ExamDescription = payload.PriorExam,
                ExamDate = payload.PriorExamDate is null
                    ? null
                    : DateOnly.ParseExact(payload.PriorExamDate, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                Source = "webhook",
            });
        }

        return new StudyEvent
        {
            EventId = payload.EventId ?? $"webhook-{hash[..16]}",
            Source = "webhook",
            Kind = StudyEventKind.ReportOpened,
            OccurredAt = DateTimeOffset.UtcNow,
            StudyInstanceUid = payload.StudyUid,
            AccessionNumber = payload.AccessionNumber,
            PatientId = payload.PatientId,
            Modality = payload.Modality,
            BodyPart = payload.BodyPart,
            ClinicalIndication = payload.ClinicalIndication,
            IntegrationContext = payload.IntegrationContext,
            InlinePriorReports = priors,
        };
    }

    private static WebhookReadResult Fail(string hash, string field, string message) =>
        new(null, [new PayloadError(field, message)], hash);

    private static string FieldOf(string? jsonPath)
    {
        if (string.IsNullOrEmpty(jsonPath) || jsonPath == "$")
        {
            return "payload";
        }

        var field = jsonPath.StartsWith("$.", StringComparison.Ordinal) ? jsonPath[2..] : jsonPath;
        return field.Trim('[', ']', '\'');
    }

    // System.Text.Json reports a value of the wrong JSON type as a conversion error; anything else is a syntax error.
    private static bool IsConversionError(JsonException ex) =>
        ex.Message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal);

    private static string Where(JsonException ex) =>
        ex.LineNumber is { } line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : string.Empty;

    private static string After(JsonException ex)
    {
        var field = FieldOf(ex.Path);
        return field == "payload" ? string.Empty : $", in field '{field}'";
    }

    private static string Describe(JsonException ex)
    {
        var field = FieldOf(ex.Path);
        return field == "payload"
            ? $"Payload is not a JSON object{Where(ex)}."
            : $"Field '{field}' has the wrong type{Where(ex)}; a JSON string is expected.";
    }
}

/// <summary>Result of reading a webhook payload.</summary>
/// <param name="Event">The event when the payload is valid, else <see langword="null"/>.</param>
/// <param name="Errors">Every problem found, each naming the field.</param>
/// <param name="BodySha256">Lower-case hex SHA-256 of the raw body, for the audit.</param>
public sealed record WebhookReadResult(StudyEvent? Event, IReadOnlyList<PayloadError> Errors, string BodySha256)
{
    /// <summary>Whether the payload is valid.</summary>
    public bool IsValid => Event is not null;

    /// <summary>All errors as one message.</summary>
    public string ErrorMessage => string.Join(" ", Errors.Select(e => e.Message));
}

/// <summary>One problem in a payload.</summary>
/// <param name="Field">JSON field name, or <c>payload</c> for the body as a whole.</param>
/// <param name="Message">What is wrong, naming the field and value.</param>
public sealed record PayloadError(string Field, string Message);
