using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace RadAssist.Fhir.FhirCast;

/// <summary>
/// Subscribes to a FHIRcast 3.0 hub over a WebSocket channel and turns ImagingStudy-open and DiagnosticReport-open
/// into <see cref="StudyEventKind.ReportOpened"/> events, and a DiagnosticReport-update that signs the report into
/// <see cref="StudyEventKind.ReportSigned"/>. Close and other events are acknowledged and only update the open
/// report anchors. As the content creator of the IHE Integrated Reporting Applications profile, it publishes a
/// draft's Observations back to the hub with <see cref="PublishDraftUpdateAsync"/>.
/// </summary>
/// <remarks>
/// A lost connection or a failed subscription request is retried with a doubling delay between
/// <see cref="FhirCastOptions.ReconnectDelay"/> and <see cref="FhirCastOptions.MaxReconnectDelay"/>, and each retry
/// subscribes again, because the hub hands out a new WebSocket endpoint per subscription. A denied subscription or
/// a 4xx response other than 408 and 429 ends <see cref="ReadEventsAsync"/> with a <see cref="FhirRequestException"/>.
/// The hub receives the <c>200</c> response to an event only when the consumer accepts it.
/// </remarks>
public sealed partial class FhirCastSubscriber : IStudyEventSource, IDisposable
{
    private readonly FhirCastOptions _options;
    private readonly HttpClient _http;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _anchorLock = new();
    private readonly List<ReportAnchor> _anchors = [];

    internal FhirCastSubscriber(
        FhirCastOptions options,
        HttpMessageHandler? handler,
        TimeProvider timeProvider,
        ILogger<FhirCastSubscriber> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = options.Timeout;
        HubUrl = options.HubUrl!;
        Topic = options.Topic!;
    }

    /// <inheritdoc/>
    public string Name => FhirCastEventMapper.SourceName;

    internal Uri HubUrl { get; }

    internal string Topic { get; }

    /// <inheritdoc/>
    /// <exception cref="FhirRequestException">The hub denied the subscription or rejected it with a 4xx status.</exception>
    public async IAsyncEnumerable<ReceivedStudyEvent> ReadEventsAsync(
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ReceivedStudyEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pump = RunAsync(channel.Writer, stop.Token);

        try
        {
            await foreach (var received in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return received;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await pump.ConfigureAwait(false);
            await UnsubscribeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => _http.Dispose();

    internal IReadOnlyList<ReportAnchor> OpenReports()
    {
        lock (_anchorLock)
        {
            return [.. _anchors];
        }
    }

    /// <summary>
    /// Subscribes, reads and reconnects until cancelled or a permanent error, which completes the channel instead of
    /// being thrown.
    /// </summary>
    private async Task RunAsync(ChannelWriter<ReceivedStudyEvent> writer, CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Exception? lost = null;
                try
                {
                    var endpoint = await SubscribeAsync(cancellationToken).ConfigureAwait(false);
                    using var socket = new ClientWebSocket();
                    if (_options.AccessToken is not null)
                    {
                        socket.Options.SetRequestHeader("Authorization", "Bearer " + _options.AccessToken);
                    }

                    using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        connectTimeout.CancelAfter(_options.Timeout);
                        await socket.ConnectAsync(endpoint, connectTimeout.Token).ConfigureAwait(false);
                    }

                    // NOTE: the subscription is not renewed before hub.lease_seconds runs out. A hub that ends it
                    // closes the WebSocket, and the reconnect below subscribes again.
                    Log.FhirCastSubscribed(_logger, HubUrl, endpoint);
                    var connection = new WebSocketConnection(socket);
                    await ReceiveAsync(connection, writer, () => failures = 0, cancellationToken).ConfigureAwait(false);
                }
                catch (FhirRequestException exception) when (!exception.IsTransient)
                {
                    throw;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    lost = exception;
                }

                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                failures++;
                var delay = ReconnectDelayAfter(failures);
                Log.FhirCastReconnecting(_logger, HubUrl, failures, delay, lost);
                await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            writer.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            writer.TryComplete();
        }
        catch (Exception exception)
        {
            writer.TryComplete(exception);
        }
    }

    private TimeSpan ReconnectDelayAfter(int failures)
    {
        var factor = Math.Pow(2, Math.Min(failures - 1, 16));
        var delay = TimeSpan.FromTicks((long)Math.Min(_options.ReconnectDelay.Ticks * factor, _options.MaxReconnectDelay.Ticks));
        return delay;
    }

    /// <summary>Sends the subscription request (FHIRcast 3.0 section 2.3) and returns the WebSocket endpoint.</summary>
    private async Task<Uri> SubscribeAsync(CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Post, HubUrl);
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["hub.channel.type"] = "websocket",
            ["hub.mode"] = "subscribe",
            ["hub.topic"] = Topic,
            ["hub.events"] = string.Join(',', _options.Events),
            ["hub.lease_seconds"] = _options.LeaseSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        using var response = await SendAsync(request, "subscription", cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);

        string? endpoint = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("hub.channel.endpoint", out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                endpoint = value.GetString();
            }
        }
        catch (JsonException)
        {
            endpoint = null;
        }

        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("ws" or "wss"))
        {
            throw new FhirRequestException(
                $"The FHIRcast hub at {HubUrl} accepted the subscription but returned no valid 'hub.channel.endpoint' "
                + $"WebSocket URL (got '{endpoint}').")
            {
                RequestUrl = HubUrl,
                StatusCode = response.StatusCode,
            };
        }

        return uri;
    }

    private async Task UnsubscribeAsync()
    {
        using var timeout = new CancellationTokenSource(_options.Timeout);
        try
        {
            using var request = CreateRequest(HttpMethod.Post, HubUrl);
            request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["hub.channel.type"] = "websocket",
                ["hub.mode"] = "unsubscribe",
                ["hub.topic"] = Topic,
                ["hub.events"] = string.Join(',', _options.Events),
            });
            using var response = await SendAsync(request, "unsubscribe", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is FhirRequestException or HttpRequestException or OperationCanceledException)
        {
            Log.FhirCastUnsubscribeFailed(_logger, HubUrl, exception);
        }
    }

    private async Task ReceiveAsync(
        WebSocketConnection connection,
        ChannelWriter<ReceivedStudyEvent> writer,
        Action onConfirmed,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = await connection.ReceiveAsync(_options.MaxMessageBytes, cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                throw new WebSocketException(WebSocketError.ConnectionClosedPrematurely, $"The FHIRcast hub at {HubUrl} closed the WebSocket.");
            }

            await HandleMessageAsync(connection, writer, message, onConfirmed, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleMessageAsync(
        WebSocketConnection connection,
        ChannelWriter<ReceivedStudyEvent> writer,
        byte[] message,
        Action onConfirmed,
        CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException exception)
        {
            Log.FhirCastEventRejected(_logger, null, $"the message is not JSON: {exception.Message}");
            return;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("hub.mode", out var mode))
            {
                HandleIntent(mode.GetString(), root, onConfirmed);
                return;
            }

            FhirCastNotification notification;
            try
            {
                notification = FhirCastNotification.Parse(root);
            }
            catch (FormatException exception)
            {
                var id = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var idElement)
                    && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
                Log.FhirCastEventRejected(_logger, id, exception.Message);
                if (id is not null)
                {
                    await connection.SendResponseAsync(id, HttpStatusCode.BadRequest, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            Log.FhirCastEventReceived(_logger, notification.EventName, notification.Id);
            if (notification.Topic is not null && !string.Equals(notification.Topic, Topic, StringComparison.OrdinalIgnoreCase))
            {
                // Topics compare case-insensitively (FHIRcast 3.0 section 2.1); another session's event is only acknowledged.
                await connection.SendResponseAsync(notification.Id, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
                return;
            }

            var received = await HandleNotificationAsync(connection, notification, cancellationToken).ConfigureAwait(false);
            if (received is not null)
            {
                await writer.WriteAsync(received, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void HandleIntent(string? mode, JsonElement root, Action onConfirmed)
    {
        switch (mode)
        {
            case "subscribe":
                onConfirmed();
                break;
            case "denied":
                var reason = root.TryGetProperty("hub.reason", out var value) ? value.GetString() : null;
                throw new FhirRequestException($"The FHIRcast hub at {HubUrl} denied the subscription to topic '{Topic}': {reason ?? "no reason given"}.")
                {
                    RequestUrl = HubUrl,
                };
        }
    }

    /// <summary>Updates the report anchors and returns the study event the notification carries, if any.</summary>
    private async Task<ReceivedStudyEvent?> HandleNotificationAsync(
        WebSocketConnection connection,
        FhirCastNotification notification,
        CancellationToken cancellationToken)
    {
        var receivedAt = _timeProvider.GetUtcNow();
        StudyEvent? studyEvent = null;

        switch (notification.EventName.ToUpperInvariant())
        {
            case "DIAGNOSTICREPORT-OPEN":
            case "IMAGINGSTUDY-OPEN":
                if (FhirCastEventMapper.AnchorOf(notification) is { } anchor)
                {
                    ReplaceAnchor(anchor);
                }

                studyEvent = FhirCastEventMapper.OpenEvent(notification, receivedAt, out var reason);
                if (studyEvent is null)
                {
                    Log.FhirCastEventRejected(_logger, notification.Id, reason!);
                    await connection.SendResponseAsync(notification.Id, HttpStatusCode.BadRequest, cancellationToken).ConfigureAwait(false);
                    return null;
                }

                break;

            case "DIAGNOSTICREPORT-UPDATE":
                studyEvent = ApplyUpdate(notification, receivedAt);
                break;

            case "DIAGNOSTICREPORT-CLOSE":
                var closedId = FhirCastEventMapper.ReportIdOf(notification);
                lock (_anchorLock)
                {
                    _anchors.RemoveAll(a => a.ReportId == closedId);
                }

                break;

            case "SYNCERROR":
                var detail = notification.Resources.GetValueOrDefault("operationoutcome") is Hl7.Fhir.Model.OperationOutcome outcome
                    ? outcome.Issue.FirstOrDefault()?.Diagnostics ?? "no diagnostics"
                    : "no OperationOutcome";
                Log.FhirCastSyncError(_logger, notification.Id, detail);
                await RefreshVersionAsync(cancellationToken).ConfigureAwait(false);
                break;
        }

        if (studyEvent is null)
        {
            await connection.SendResponseAsync(notification.Id, HttpStatusCode.OK, cancellationToken).ConfigureAwait(false);
            return null;
        }

        return new ReceivedStudyEvent(
            studyEvent,
            token => new ValueTask(connection.SendResponseAsync(notification.Id, HttpStatusCode.OK, token)),
            (rejectReason, token) =>
            {
                Log.FhirCastEventRejected(_logger, notification.Id, rejectReason);
                return new ValueTask(connection.SendResponseAsync(notification.Id, HttpStatusCode.BadRequest, token));
            });
    }

    private StudyEvent? ApplyUpdate(FhirCastNotification notification, DateTimeOffset receivedAt)
    {
        var reportId = FhirCastEventMapper.ReportIdOf(notification);
        lock (_anchorLock)
        {
            var anchor = _anchors.FirstOrDefault(a => a.ReportId == reportId);
            if (anchor is null)
            {
                return null;
            }

            anchor.VersionId = notification.VersionId ?? anchor.VersionId;
            var status = FhirCastEventMapper.UpdatedReportStatus(notification, anchor.ReportId);
            if (status is null || status == anchor.ReportStatus)
            {
                return null;
            }

            var wasSigned = IsSigned(anchor.ReportStatus);
            anchor.ReportStatus = status;
            return IsSigned(status) && !wasSigned ? FhirCastEventMapper.SignedEvent(notification, anchor, receivedAt) : null;
        }
    }

    private static bool IsSigned(string status) => status is "final" or "amended" or "corrected" or "appended";

    private void ReplaceAnchor(ReportAnchor anchor)
    {
        lock (_anchorLock)
        {
            _anchors.RemoveAll(a => a.ReportId == anchor.ReportId);
            _anchors.Add(anchor);
        }
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        if (_options.AccessToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
        }

        return request;
    }

    /// <summary>Sends a hub request and throws a <see cref="FhirRequestException"/> for a non-2xx response or a timeout.</summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, string operation, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException
                                          || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var failure = exception is OperationCanceledException ? $"timed out after {_options.Timeout.TotalSeconds:0.###} s" : "failed: " + exception.Message;
            throw new FhirRequestException($"The FHIRcast {operation} request to {request.RequestUri} {failure}", exception)
            {
                RequestUrl = request.RequestUri,
                IsTransient = true,
            };
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new FhirRequestException(
                $"The FHIRcast {operation} request to {request.RequestUri} failed with HTTP {(int)response.StatusCode} "
                + $"{response.StatusCode}{(body.Length == 0 ? "." : ": " + Truncate(body))}")
            {
                RequestUrl = request.RequestUri,
                StatusCode = response.StatusCode,
                IsTransient = FhirRequestException.IsTransientStatus(response.StatusCode),
            };
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "...";

    /// <summary>One WebSocket with serialized sends, as the WebSocket API allows one send at a time.</summary>
    /// <remarks>
    /// The send lock is never disposed, because an acknowledgement may run after the connection was replaced.
    /// A SemaphoreSlim whose wait handle is never requested owns no unmanaged resource.
    /// </remarks>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001", Justification = "See remarks.")]
    private sealed class WebSocketConnection
    {
        private readonly WebSocket _socket;
        private readonly SemaphoreSlim _sendLock = new(1, 1);

        public WebSocketConnection(WebSocket socket) => _socket = socket;

        /// <summary>Reads one whole message; returns null when the hub closed the connection.</summary>
        /// <exception cref="WebSocketException">The message is larger than the limit.</exception>
        public async Task<byte[]?> ReceiveAsync(int maxBytes, CancellationToken cancellationToken)
        {
            var buffer = new ArrayBufferWriter<byte>(4096);
            while (true)
            {
                var memory = buffer.GetMemory(4096);
                var result = await _socket.ReceiveAsync(memory, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                buffer.Advance(result.Count);
                if (buffer.WrittenCount > maxBytes)
                {
                    _socket.Abort();
                    throw new WebSocketException(
                        WebSocketError.Faulted,
                        $"A FHIRcast message exceeded FhirCastOptions.MaxMessageBytes ({maxBytes} bytes).");
                }

                if (result.EndOfMessage)
                {
                    return buffer.WrittenSpan.ToArray();
                }
            }
        }

        /// <summary>
        /// Sends the response to an event notification. A socket that has closed since the event arrived is
        /// skipped: the hub re-sends or reports the event through its own rules.
        /// </summary>
        public async Task SendResponseAsync(string eventId, HttpStatusCode status, CancellationToken cancellationToken)
        {
            var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
            {
                ["id"] = eventId,
                ["status"] = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture),
            });

            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_socket.State == WebSocketState.Open)
                {
                    await _socket.SendAsync(payload, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (WebSocketException)
            {
                // NOTE: the connection dropped between the state check and the send, so the hub gets no response.
            }
            finally
            {
                _sendLock.Release();
            }
        }
    }
}
