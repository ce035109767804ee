namespace RadAssist;

/// <summary>One step of the main job or one action of a person, as the pipeline hands it to an audit sink.</summary>
public sealed record AuditEvent
{
    /// <summary>Identifier linking every event of one run.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>Type of event; see <see cref="AuditEventTypes"/>.</summary>
    public required string EventType { get; init; }

    /// <summary>Time of the event, from the pipeline's <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>Who acted: a component such as <c>radassist-pipeline</c>, a model, or a person's user id.</summary>
    public required string Actor { get; init; }

    /// <summary>Outcome: <c>success</c>, <c>failure</c>, <c>rejected</c> or <c>skipped</c>.</summary>
    public string Outcome { get; init; } = AuditOutcomes.Success;

    /// <summary>Study Instance UID of the study concerned, when known, so the audit can be queried by study.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Lower-case hex SHA-256 of the canonical input of the step.</summary>
    public string? InputSha256 { get; init; }

    /// <summary>Model identifier, for steps that call a model.</summary>
    public string? ModelId { get; init; }

    /// <summary>Model version.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>Prompt template version.</summary>
    public string? PromptVersion { get; init; }

    /// <summary>Output of the step: the draft text, a delivery location or an error message.</summary>
    public string? Output { get; init; }

    /// <summary>Further named values, such as token counts or the generator id. Stored sorted by key.</summary>
    public IReadOnlyDictionary<string, string> Data { get; init; } = EmptyData;

    private static readonly IReadOnlyDictionary<string, string> EmptyData = new Dictionary<string, string>();
}

/// <summary>Event types the SDK writes.</summary>
public static class AuditEventTypes
{
    /// <summary>A study event was received and accepted for processing.</summary>
    public const string Received = "received";

    /// <summary>An input was rejected as invalid; nothing else was done with it.</summary>
    public const string Rejected = "rejected";

    /// <summary>One context source contributed (or failed to).</summary>
    public const string Context = "context";

    /// <summary>The context was de-identified, or de-identification was skipped with the reason.</summary>
    public const string Deidentify = "deidentify";

    /// <summary>A draft was generated.</summary>
    public const string Generate = "generate";

    /// <summary>A check inspected the draft.</summary>
    public const string Check = "check";

    /// <summary>A draft had critical results; one event per critical-result handler called, or one when none is.</summary>
    public const string Critical = "critical";

    /// <summary>The draft was rendered in one format.</summary>
    public const string Write = "write";

    /// <summary>A rendering was delivered to a target.</summary>
    public const string Deliver = "deliver";

    /// <summary>The run ended successfully.</summary>
    public const string Completed = "completed";

    /// <summary>The run ended with an error.</summary>
    public const string Failed = "failed";

    /// <summary>The radiologist acted on a draft (accept, edit, reject, regenerate, disregard).</summary>
    public const string Feedback = "feedback";

    /// <summary>The radiologist signed the final report.</summary>
    public const string Signed = "signed";
}

/// <summary>Outcome values of <see cref="AuditEvent.Outcome"/>.</summary>
public static class AuditOutcomes
{
    /// <summary>The step did what it should.</summary>
    public const string Success = "success";

    /// <summary>The step failed.</summary>
    public const string Failure = "failure";

    /// <summary>The input was rejected as invalid.</summary>
    public const string Rejected = "rejected";

    /// <summary>The step was not needed or not allowed, with the reason in the output.</summary>
    public const string Skipped = "skipped";
}
