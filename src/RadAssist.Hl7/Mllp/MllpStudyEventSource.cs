using System.Net;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RadAssist.Hl7;

/// <summary>
/// Receives ORM^O01 and OMI^O23 orders over MLLP and produces a study event for each order they hold.
/// </summary>
/// <remarks>
/// <para>
/// A message is acknowledged only after the consumer accepted or rejected every event it produced: AA when all were
/// accepted, AE with an ERR segment naming the reason otherwise. If the host stops or crashes first, the connection
/// closes without an acknowledgment and the sender sends the message again, so no order is lost. A consumer must
/// therefore tolerate an order it has seen before.
/// </para>
/// <para>
/// A message that repeats the sending application, facility and control id of a recent one gets the same
/// acknowledgment code and is not handed to the consumer again (see <see cref="MllpListenerOptions.DuplicateWindowSize"/>).
/// </para>
/// <para>
/// Messages that are not HL7, not orders, or identify no study are answered at once with AE or AR and an ERR segment
/// (HL7 table 0357 code and location), and reported to <see cref="MllpListenerOptions.RejectedMessageCallback"/>.
/// </para>
/// </remarks>
public sealed class MllpStudyEventSource : IStudyEventSource, IAsyncDisposable
{
    private readonly MllpListenerOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Channel<ReceivedStudyEvent> _events = Channel.CreateUnbounded<ReceivedStudyEvent>(
        new UnboundedChannelOptions { SingleWriter = false, SingleReader = false });
    private readonly MllpListener _listener;
    private readonly MllpDuplicateWindow? _duplicates;
    private int _started;

    /// <summary>Creates the source; it listens once started.</summary>
    /// <param name="options">Listener options.</param>
    /// <param name="logger">Logger; none by default.</param>
    /// <param name="timeProvider">Clock for acknowledgment times; the system clock by default.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public MllpStudyEventSource(
        MllpListenerOptions options,
        ILogger<MllpStudyEventSource>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _listener = new MllpListener(options, HandleAsync, _logger, _timeProvider);
        _duplicates = options.DuplicateWindowSize > 0 ? new MllpDuplicateWindow(options.DuplicateWindowSize) : null;
    }

    /// <inheritdoc/>
    public string Name => _options.SourceName;

    /// <summary>Gets the address and port the source listens on; useful when <see cref="MllpListenerOptions.Port"/> is 0.</summary>
    /// <exception cref="InvalidOperationException">The source is not started.</exception>
    public IPEndPoint LocalEndPoint => _listener.LocalEndPoint;

    /// <summary>Starts listening. <see cref="ReadEventsAsync"/> starts the source too when it is not started yet.</summary>
    /// <exception cref="System.Net.Sockets.SocketException">The port cannot be bound.</exception>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _listener.Start();
        }
    }

    /// <inheritdoc/>
    public async IAsyncEnumerable<ReceivedStudyEvent> ReadEventsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Start();
        while (await _events.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (_events.Reader.TryRead(out var received))
            {
                yield return received;
            }
        }
    }

    /// <summary>
    /// Stops listening. Messages whose events are still unsettled after <see cref="MllpListenerOptions.ShutdownTimeout"/>
    /// are left unacknowledged, so their senders send them again.
    /// </summary>
    /// <param name="cancellationToken">Cancels waiting for messages being processed.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _listener.StopAsync(cancellationToken).ConfigureAwait(false);
        _events.Writer.TryComplete();
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _listener.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Closes every connection without acknowledging anything in flight, as a crash of the host would.</summary>
    internal Task AbortAsync() => _listener.AbortAsync();

    private async ValueTask<byte[]?> HandleAsync(long connectionId, byte[] bytes, CancellationToken cancellationToken)
    {
        var receivedAt = _timeProvider.GetUtcNow();
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            Log.MessageBody(_logger, connectionId, System.Text.Encoding.UTF8.GetString(bytes));
        }

        if (!Hl7Message.TryParse(bytes, out var message, out var parseError))
        {
            var condition = parseError!.Code is Hl7ErrorCode.MissingMsh or Hl7ErrorCode.Empty
                ? Hl7ErrorConditions.SegmentSequenceError
                : Hl7ErrorConditions.DataTypeError;
            var error = new Hl7AckError(condition, parseError.Message, "MSH");
            await ReportRejectedAsync(connectionId, bytes, Hl7AckCode.Error, error, cancellationToken).ConfigureAwait(false);
            return Hl7Acknowledgment.BuildForUnparsed(
                bytes,
                Hl7AckCode.Error,
                MllpControlIds.Next(_timeProvider),
                receivedAt,
                error);
        }

        Log.MessageReceived(_logger, connectionId, message.ControlId, bytes.Length);
        var mapping = Hl7OrderMapper.Map(message, Name, receivedAt);
        if (mapping.Error is not null)
        {
            var code = mapping.Error.Condition is Hl7ErrorConditions.UnsupportedMessageType
                or Hl7ErrorConditions.UnsupportedEventCode
                ? Hl7AckCode.Reject
                : Hl7AckCode.Error;
            await ReportRejectedAsync(connectionId, bytes, code, mapping.Error, cancellationToken).ConfigureAwait(false);
            return Acknowledge(connectionId, message, code, mapping.Error);
        }

        if (_duplicates is null)
        {
            var outcome = await DispatchAsync(message, mapping, cancellationToken).ConfigureAwait(false);
            return outcome is null ? null : Acknowledge(connectionId, message, outcome.Code, outcome.Error);
        }

        var key = MllpDuplicateWindow.KeyOf(message);
        while (true)
        {
            if (_duplicates.TryClaim(key, out var claim, out var earlier))
            {
                MllpOutcome? outcome = null;
                try
                {
                    outcome = await DispatchAsync(message, mapping, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _duplicates.Complete(claim, outcome);
                }

                return outcome is null ? null : Acknowledge(connectionId, message, outcome.Code, outcome.Error);
            }

            MllpOutcome? earlierOutcome;
            try
            {
                earlierOutcome = await earlier.WaitAsync(_options.ProcessingTimeout, _timeProvider, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Log.ProcessingTimedOut(_logger, message.ControlId, _options.ProcessingTimeout);
                return null;
            }

            if (earlierOutcome is not null)
            {
                Log.DuplicateAcknowledged(_logger, connectionId, message.ControlId);
                return Acknowledge(connectionId, message, earlierOutcome.Code, earlierOutcome.Error);
            }

            // The earlier copy ended without an acknowledgment, so this copy is processed in its place.
        }
    }

    /// <summary>
    /// Hands the events of one message to the consumer and waits until each is accepted or rejected. Returns
    /// <see langword="null"/> when the processing timeout expires first.
    /// </summary>
    private async Task<MllpOutcome?> DispatchAsync(
        Hl7Message message,
        OrderMappingResult mapping,
        CancellationToken cancellationToken)
    {
        var settlement = new Settlement(mapping.Events.Count);
        for (var index = 0; index < mapping.Events.Count; index++)
        {
            var eventIndex = index;
            var received = new ReceivedStudyEvent(
                mapping.Events[index],
                _ =>
                {
                    settlement.Accept();
                    return ValueTask.CompletedTask;
                },
                (reason, _) =>
                {
                    settlement.Reject(eventIndex, reason);
                    return ValueTask.CompletedTask;
                });
            await _events.Writer.WriteAsync(received, cancellationToken).ConfigureAwait(false);
        }

        Rejection? rejection;
        try
        {
            rejection = await settlement.Task.WaitAsync(_options.ProcessingTimeout, _timeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.ProcessingTimedOut(_logger, message.ControlId, _options.ProcessingTimeout);
            return null;
        }

        if (rejection is null)
        {
            return new MllpOutcome(Hl7AckCode.Accept, null);
        }

        // A rejection that names a message field is about that field's value, so it gets HL7 table 0357 code 102.
        // A rejection that names no field is the application's own failure (207).
        var location = LocateRejection(rejection.Reason, mapping.Locations[rejection.EventIndex])?.Resolve(message);
        return new MllpOutcome(
            Hl7AckCode.Error,
            new Hl7AckError(
                location is null ? Hl7ErrorConditions.ApplicationInternalError : Hl7ErrorConditions.DataTypeError,
                rejection.Reason,
                location?.Segment,
                location?.Occurrence ?? 1,
                location?.Field ?? 0));
    }

    /// <summary>
    /// Finds the message field behind a rejection reason that names a study event property, as the pipeline's
    /// validation does with <c>Field 'StudyInstanceUid': ...</c>. Returns <see langword="null"/> when the reason
    /// names no property read from the message.
    /// </summary>
    internal static Hl7FieldIndex? LocateRejection(string reason, IReadOnlyDictionary<string, Hl7FieldIndex> locations)
    {
        Hl7FieldIndex? found = null;
        var foundAt = int.MaxValue;
        foreach (var (property, location) in locations)
        {
            var at = reason.IndexOf($"'{property}'", StringComparison.Ordinal);
            if (at >= 0 && at < foundAt)
            {
                found = location;
                foundAt = at;
            }
        }

        return found;
    }

    private byte[] Acknowledge(long connectionId, Hl7Message message, Hl7AckCode code, Hl7AckError? error)
    {
        var acknowledgment = Hl7Acknowledgment.Build(
            message,
            code,
            MllpControlIds.Next(_timeProvider),
            _timeProvider.GetUtcNow(),
            error);
        Log.AcknowledgmentSent(_logger, connectionId, Hl7Acknowledgment.ToCode(code), message.ControlId);
        return acknowledgment;
    }

    private async ValueTask ReportRejectedAsync(
        long connectionId,
        byte[] bytes,
        Hl7AckCode code,
        Hl7AckError error,
        CancellationToken cancellationToken)
    {
        var location = error.Segment ?? "message";
        if (error.Segment is not null && error.Field > 0)
        {
            location = $"{error.Segment}-{error.Field}";
        }

        Log.MessageRejected(_logger, connectionId, Hl7Acknowledgment.ToCode(code), error.Condition, location);
        if (_options.RejectedMessageCallback is { } callback)
        {
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            await callback(error.Message, sha256, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The first rejection of one message's events: which event and why.</summary>
    private sealed record Rejection(int EventIndex, string Reason);

    /// <summary>Counts the events of one message until each is accepted or rejected.</summary>
    /// <remarks>
    /// Continuations run on the thread pool, so the consumer's accept or reject call returns at once and the
    /// acknowledgments of many connections are built and sent in parallel instead of one after another on the
    /// consumer's thread.
    /// </remarks>
    private sealed class Settlement(int count)
    {
        private readonly TaskCompletionSource<Rejection?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _remaining = count;
        private Rejection? _firstRejection;

        public Task<Rejection?> Task => _completion.Task;

        public void Accept() => Settle();

        public void Reject(int eventIndex, string reason)
        {
            Interlocked.CompareExchange(ref _firstRejection, new Rejection(eventIndex, reason), null);
            Settle();
        }

        private void Settle()
        {
            if (Interlocked.Decrement(ref _remaining) == 0)
            {
                _completion.TrySetResult(Volatile.Read(ref _firstRejection));
            }
        }
    }
}
