using System.Net;
using Microsoft.Extensions.Logging;

namespace RadAssist.Hl7;

/// <summary>Log messages of the HL7 package, event ids 4000 to 4099. Message bodies are logged only at Trace.</summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Information, "MLLP listener started on {EndPoint}")]
    public static partial void ListenerStarted(ILogger logger, EndPoint endPoint);

    [LoggerMessage(4001, LogLevel.Information, "MLLP listener on {EndPoint} stopped")]
    public static partial void ListenerStopped(ILogger logger, EndPoint endPoint);

    [LoggerMessage(4002, LogLevel.Debug, "MLLP connection {ConnectionId} opened from {RemoteEndPoint}")]
    public static partial void ConnectionOpened(ILogger logger, long connectionId, EndPoint? remoteEndPoint);

    [LoggerMessage(4003, LogLevel.Debug, "MLLP connection {ConnectionId} closed")]
    public static partial void ConnectionClosed(ILogger logger, long connectionId);

    [LoggerMessage(4004, LogLevel.Debug, "MLLP connection {ConnectionId} received message {ControlId} of {ByteCount} bytes")]
    public static partial void MessageReceived(ILogger logger, long connectionId, string controlId, int byteCount);

    [LoggerMessage(4005, LogLevel.Debug, "MLLP connection {ConnectionId} sent {AckCode} for message {ControlId}")]
    public static partial void AcknowledgmentSent(ILogger logger, long connectionId, string ackCode, string controlId);

    [LoggerMessage(4006, LogLevel.Warning, "MLLP connection {ConnectionId} skipped {ByteCount} bytes outside a frame")]
    public static partial void BytesSkipped(ILogger logger, long connectionId, long byteCount);

    [LoggerMessage(4007, LogLevel.Warning,
        "MLLP connection {ConnectionId} sent a frame longer than the maximum of {MaxMessageSize} bytes; closing it")]
    public static partial void FrameTooLarge(ILogger logger, long connectionId, int maxMessageSize);

    [LoggerMessage(4008, LogLevel.Information, "MLLP connection {ConnectionId} was idle for {IdleTimeout}; closing it")]
    public static partial void IdleTimeout(ILogger logger, long connectionId, TimeSpan idleTimeout);

    [LoggerMessage(4009, LogLevel.Warning,
        "MLLP connection {ConnectionId} rejected a message with {AckCode}: error {Condition} at {Location}")]
    public static partial void MessageRejected(
        ILogger logger,
        long connectionId,
        string ackCode,
        int condition,
        string location);

    [LoggerMessage(4010, LogLevel.Warning, "MLLP connection {ConnectionId} failed")]
    public static partial void ConnectionFailed(ILogger logger, long connectionId, Exception exception);

    [LoggerMessage(4011, LogLevel.Warning,
        "MLLP message {ControlId} was not settled within {Timeout}; closing the connection without acknowledgment")]
    public static partial void ProcessingTimedOut(ILogger logger, string controlId, TimeSpan timeout);

    [LoggerMessage(4012, LogLevel.Critical, "MLLP accept loop on {EndPoint} failed")]
    public static partial void AcceptLoopFailed(ILogger logger, EndPoint endPoint, Exception exception);

    [LoggerMessage(4013, LogLevel.Warning,
        "MLLP connection refused from {RemoteEndPoint}: {MaxConnections} connections are open")]
    public static partial void ConnectionLimitReached(ILogger logger, EndPoint? remoteEndPoint, int maxConnections);

    [LoggerMessage(4014, LogLevel.Trace, "MLLP connection {ConnectionId} message body: {Body}")]
    public static partial void MessageBody(ILogger logger, long connectionId, string body);

    [LoggerMessage(4015, LogLevel.Warning,
        "MLLP send of {ControlId} to {Host}:{Port} failed on attempt {Attempt}; retrying in {Delay}")]
    public static partial void SendRetry(
        ILogger logger,
        string controlId,
        string host,
        int port,
        int attempt,
        TimeSpan delay,
        Exception exception);

    [LoggerMessage(4016, LogLevel.Debug, "MLLP client connected to {Host}:{Port}")]
    public static partial void ClientConnected(ILogger logger, string host, int port);

    [LoggerMessage(4017, LogLevel.Warning,
        "MLLP client ignored an acknowledgment for {ReceivedControlId} while waiting for {ControlId}")]
    public static partial void UnexpectedAcknowledgment(ILogger logger, string receivedControlId, string controlId);

    [LoggerMessage(4018, LogLevel.Information,
        "MLLP connection {ConnectionId} received message {ControlId} again; it was acknowledged with the earlier code and not passed on")]
    public static partial void DuplicateAcknowledged(ILogger logger, long connectionId, string controlId);

    [LoggerMessage(4019, LogLevel.Warning,
        "MLLP connection {ConnectionId} closed in the middle of a frame; {ByteCount} bytes without an end block were dropped unacknowledged, so the sender must resend")]
    public static partial void PartialFrameDropped(ILogger logger, long connectionId, long byteCount);
}
