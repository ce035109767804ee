namespace RadAssist;

/// <summary>Produces study events from a workflow channel: MLLP orders, FHIRcast, webhooks, DICOMweb polling.</summary>
public interface IStudyEventSource
{
    /// <summary>Name of the source, used in logs and audit events.</summary>
    string Name { get; }

    /// <summary>Reads events until the token is cancelled or the source ends.</summary>
    /// <param name="cancellationToken">Stops the source.</param>
    /// <returns>Received events. Each must be accepted or rejected by the consumer; the sender is acknowledged only then.</returns>
    IAsyncEnumerable<ReceivedStudyEvent> ReadEventsAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// A study event handed over by a source, with the acknowledgement its sender waits for.
/// </summary>
/// <remarks>
/// Sources acknowledge the sender (an HL7 ACK, an HTTP 202) only when the consumer calls <see cref="AcceptAsync"/>,
/// so a crash before that makes the sender resend instead of losing the event.
/// </remarks>
public sealed class ReceivedStudyEvent
{
    private readonly Func<CancellationToken, ValueTask> _accept;
    private readonly Func<string, CancellationToken, ValueTask> _reject;
    private int _settled;

    /// <summary>Creates a received event.</summary>
    /// <param name="studyEvent">The event.</param>
    /// <param name="accept">Acknowledges the sender positively.</param>
    /// <param name="reject">Acknowledges the sender negatively with a reason.</param>
    public ReceivedStudyEvent(
        StudyEvent studyEvent,
        Func<CancellationToken, ValueTask> accept,
        Func<string, CancellationToken, ValueTask> reject)
    {
        ArgumentNullException.ThrowIfNull(studyEvent);
        ArgumentNullException.ThrowIfNull(accept);
        ArgumentNullException.ThrowIfNull(reject);

        Event = studyEvent;
        _accept = accept;
        _reject = reject;
    }

    /// <summary>The event.</summary>
    public StudyEvent Event { get; }

    /// <summary>Whether the event was accepted or rejected already.</summary>
    public bool IsSettled => Volatile.Read(ref _settled) != 0;

    /// <summary>Acknowledges the sender that the event was taken over. Later calls do nothing.</summary>
    /// <param name="cancellationToken">Cancels the acknowledgement.</param>
    public ValueTask AcceptAsync(CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _settled, 1) == 0 ? _accept(cancellationToken) : ValueTask.CompletedTask;

    /// <summary>Tells the sender the event was not taken over. Later calls do nothing.</summary>
    /// <param name="reason">Reason given to the sender, naming the failing field and value.</param>
    /// <param name="cancellationToken">Cancels the acknowledgement.</param>
    public ValueTask RejectAsync(string reason, CancellationToken cancellationToken = default) =>
        Interlocked.Exchange(ref _settled, 1) == 0 ? _reject(reason, cancellationToken) : ValueTask.CompletedTask;
}
