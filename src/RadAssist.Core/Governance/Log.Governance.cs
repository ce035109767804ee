using Microsoft.Extensions.Logging;

namespace RadAssist.Pipeline;

/// <summary>Log messages of the governance features in RadAssist.Core; event ids 1100 to 1149.</summary>
internal static partial class Log
{
    [LoggerMessage(1100, LogLevel.Information, "Run {CorrelationId}: rollout mode {Mode} ({Reason})")]
    public static partial void RolloutDecided(ILogger logger, string correlationId, string mode, string reason);

    [LoggerMessage(1101, LogLevel.Debug, "Run {CorrelationId}: deleted {FileCount} transient study files")]
    public static partial void TransientDeleted(ILogger logger, string correlationId, int fileCount);

    [LoggerMessage(1102, LogLevel.Error, "Run {CorrelationId}: deleting transient study files failed, so they stay until TransientStudyStore.SweepAsync runs")]
    public static partial void TransientDeleteFailed(ILogger logger, string correlationId, Exception exception);
}
