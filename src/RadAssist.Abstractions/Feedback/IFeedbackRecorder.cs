namespace RadAssist;

/// <summary>Records what the radiologist did with a draft, and the report finally signed.</summary>
public interface IFeedbackRecorder
{
    /// <summary>Records one action.</summary>
    /// <param name="feedback">The action.</param>
    /// <param name="cancellationToken">Cancels recording.</param>
    ValueTask RecordAsync(DraftFeedback feedback, CancellationToken cancellationToken = default);
}

/// <summary>One action of the radiologist on a draft or on one of its sentences.</summary>
public sealed record DraftFeedback
{
    /// <summary>Correlation id of the run that produced the draft.</summary>
    public required string CorrelationId { get; init; }

    /// <summary>What the radiologist did.</summary>
    public required FeedbackAction Action { get; init; }

    /// <summary>User id of the radiologist.</summary>
    public required string Actor { get; init; }

    /// <summary>Time of the action.</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Section of the sentence acted on, or <see langword="null"/> for the whole draft.</summary>
    public DraftSectionKind? Section { get; init; }

    /// <summary>Zero-based index of the sentence within its section, or <see langword="null"/> for the whole draft.</summary>
    public int? SentenceIndex { get; init; }

    /// <summary>The text after an edit, or the signed report text for <see cref="FeedbackAction.Sign"/>.</summary>
    public string? Text { get; init; }

    /// <summary>Reason given for a reject or disregard, when any.</summary>
    public string? Reason { get; init; }
}

/// <summary>Action of the radiologist on a draft.</summary>
public enum FeedbackAction
{
    /// <summary>Accepted as written.</summary>
    Accept,

    /// <summary>Changed before use.</summary>
    Edit,

    /// <summary>Judged wrong and not used.</summary>
    Reject,

    /// <summary>Asked for a new draft.</summary>
    Regenerate,

    /// <summary>Ignored without judging it.</summary>
    Disregard,

    /// <summary>Signed the final report; <see cref="DraftFeedback.Text"/> holds it.</summary>
    Sign,
}
