namespace RadAssist;

/// <summary>Outcome of one run of the main job.</summary>
/// <param name="CorrelationId">Identifier linking every audit event of the run.</param>
/// <param name="Status">How the run ended.</param>
/// <param name="Draft">The draft, when one was generated.</param>
/// <param name="Renderings">The draft in each rendered format.</param>
/// <param name="Deliveries">Confirmations of the targets that stored the draft.</param>
/// <param name="Error">What went wrong, naming the field, value or target, when the run did not succeed.</param>
public sealed record DraftRunResult(
    string CorrelationId,
    DraftRunStatus Status,
    DraftReport? Draft,
    IReadOnlyList<RenderedDraft> Renderings,
    IReadOnlyList<DeliveryResult> Deliveries,
    string? Error)
{
    /// <summary>Whether the run produced and delivered its draft.</summary>
    public bool Succeeded => Status == DraftRunStatus.Completed;
}

/// <summary>How a run of the main job ended.</summary>
public enum DraftRunStatus
{
    /// <summary>The draft was generated, written and delivered.</summary>
    Completed,

    /// <summary>The event was invalid; nothing but a <c>rejected</c> audit event was written.</summary>
    Rejected,

    /// <summary>The event asks for no draft (a cancelled order, a signed report); it was audited only.</summary>
    Skipped,

    /// <summary>The draft was produced but at least one delivery failed.</summary>
    DeliveryFailed,

    /// <summary>The run failed before a draft was produced, or was cancelled.</summary>
    Failed,
}
