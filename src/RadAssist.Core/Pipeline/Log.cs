using Microsoft.Extensions.Logging;

namespace RadAssist.Pipeline;

/// <summary>Source-generated log messages of RadAssist.Core; event ids 1000 to 1099.</summary>
/// <remarks>
/// Messages carry correlation ids, names, counts and durations only, never report text or identifiers. Rejection
/// reasons echo the invalid values, so they go to the audit, not to the log.
/// </remarks>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Debug, "Run {CorrelationId} started for event {EventId} from {Source}")]
    public static partial void RunStarted(ILogger logger, string correlationId, string eventId, string source);

    [LoggerMessage(1001, LogLevel.Information, "Run {CorrelationId} ended with {Status} in {ElapsedMs:F1} ms")]
    public static partial void RunEnded(ILogger logger, string correlationId, DraftRunStatus status, double elapsedMs);

    [LoggerMessage(1002, LogLevel.Warning, "Run {CorrelationId}: event rejected; invalid fields: {Fields}")]
    public static partial void EventRejected(ILogger logger, string correlationId, string fields);

    [LoggerMessage(1003, LogLevel.Warning, "Run {CorrelationId}: context source {SourceName} failed")]
    public static partial void ContextSourceFailed(ILogger logger, string correlationId, string sourceName, Exception exception);

    [LoggerMessage(1004, LogLevel.Error, "Run {CorrelationId} failed")]
    public static partial void RunFailed(ILogger logger, string correlationId, Exception exception);

    [LoggerMessage(1005, LogLevel.Information, "Run {CorrelationId} cancelled")]
    public static partial void RunCancelled(ILogger logger, string correlationId);

    [LoggerMessage(1006, LogLevel.Warning, "Run {CorrelationId}: delivery {Target} failed")]
    public static partial void DeliveryFailed(ILogger logger, string correlationId, string target, Exception exception);

    [LoggerMessage(1007, LogLevel.Debug, "Run {CorrelationId}: check {CheckName} reported {IssueCount} issues")]
    public static partial void CheckCompleted(ILogger logger, string correlationId, string checkName, int issueCount);

    [LoggerMessage(1008, LogLevel.Error, "Event source {SourceName} stopped with an error")]
    public static partial void SourceFailed(ILogger logger, string sourceName, Exception exception);

    [LoggerMessage(1010, LogLevel.Error, "Run {CorrelationId}: critical-result handler {Handler} failed")]
    public static partial void CriticalHandlerFailed(ILogger logger, string correlationId, string handler, Exception exception);

    [LoggerMessage(1009, LogLevel.Warning, "Input from {Source} rejected; the reason is in audit event {CorrelationId}")]
    public static partial void InputRejected(ILogger logger, string source, string correlationId);
}
