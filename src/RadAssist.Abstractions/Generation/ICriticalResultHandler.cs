namespace RadAssist;

/// <summary>
/// Receives the critical results of a draft, so the host can send a notification, an HL7 message or open a tracking
/// task for the referring clinician.
/// </summary>
/// <remarks>
/// The pipeline calls every registered handler once per draft that has critical results, after the checks and
/// before the draft is written, and audits each call. A handler that throws is recorded in the audit and does not
/// stop the run. Handlers are not called when the rollout policy delivers nothing (silent mode).
/// </remarks>
public interface ICriticalResultHandler
{
    /// <summary>Handles the critical results of one draft.</summary>
    /// <param name="notice">The results and the study they concern.</param>
    /// <param name="cancellationToken">Cancels handling.</param>
    ValueTask HandleAsync(CriticalResultNotice notice, CancellationToken cancellationToken = default);
}

/// <summary>The critical results of one draft, as handed to an <see cref="ICriticalResultHandler"/>.</summary>
/// <param name="CorrelationId">Correlation id of the run that produced the draft.</param>
/// <param name="DraftId">Identifier of the draft.</param>
/// <param name="StudyInstanceUid">Study Instance UID of the study, when known.</param>
/// <param name="AccessionNumber">Accession number of the study, when known.</param>
/// <param name="Results">The critical results, each with its term, urgency and sentence.</param>
public sealed record CriticalResultNotice(
    string CorrelationId,
    string DraftId,
    string? StudyInstanceUid,
    string? AccessionNumber,
    IReadOnlyList<CriticalResult> Results)
{
    /// <summary>The most urgent level among the results.</summary>
    public CriticalUrgency HighestUrgency => Results.Count == 0 ? CriticalUrgency.NonUrgent : Results.Max(r => r.Urgency);
}
