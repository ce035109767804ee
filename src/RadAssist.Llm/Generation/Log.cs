using Microsoft.Extensions.Logging;

namespace RadAssist.Llm.Generation;

/// <summary>Source-generated log messages of RadAssist.Llm; event ids 7000 to 7099.</summary>
/// <remarks>
/// Messages carry correlation ids, model ids, counts, durations and exception type names only: never prompt text,
/// model output, report text or identifiers, at any level. Exception objects are not logged because their messages
/// may quote a server's response body.
/// </remarks>
internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Debug, "Run {CorrelationId}: drafting with model {ModelId}, prompt version {PromptVersion}, {ReplacementCount} identifiers replaced")]
    public static partial void GenerationStarted(ILogger logger, string correlationId, string modelId, string promptVersion, int replacementCount);

    [LoggerMessage(7001, LogLevel.Information, "Run {CorrelationId}: model draft from {ModelId} in {ElapsedMs:F0} ms, {InputTokens} input and {OutputTokens} output tokens, {Removed} sentences removed and {Flagged} flagged")]
    public static partial void GenerationCompleted(ILogger logger, string correlationId, string modelId, double elapsedMs, long inputTokens, long outputTokens, int removed, int flagged);

    [LoggerMessage(7002, LogLevel.Warning, "Run {CorrelationId}: model request {Attempt} of {MaxAttempts} failed with {ExceptionType}")]
    public static partial void ModelRequestFailed(ILogger logger, string correlationId, int attempt, int maxAttempts, string exceptionType);

    [LoggerMessage(7003, LogLevel.Warning, "Run {CorrelationId}: model request {Attempt} of {MaxAttempts} timed out after {TimeoutMs:F0} ms")]
    public static partial void ModelRequestTimedOut(ILogger logger, string correlationId, int attempt, int maxAttempts, double timeoutMs);

    [LoggerMessage(7004, LogLevel.Warning, "Run {CorrelationId}: model answer is invalid ({ErrorCount} errors), repair requested: {RepairRequested}")]
    public static partial void InvalidAnswer(ILogger logger, string correlationId, int errorCount, bool repairRequested);

    [LoggerMessage(7005, LogLevel.Warning, "Run {CorrelationId}: deterministic fallback used because {Reason}")]
    public static partial void FallbackUsed(ILogger logger, string correlationId, string reason);

    [LoggerMessage(7006, LogLevel.Debug, "Run {CorrelationId}: model answer taken from the cache")]
    public static partial void CacheHit(ILogger logger, string correlationId);

    [LoggerMessage(7007, LogLevel.Warning, "Run {CorrelationId}: {Count} prior-report sentences read as instructions to a model and were withheld")]
    public static partial void InstructionLikeTextWithheld(ILogger logger, string correlationId, int count);

    [LoggerMessage(7008, LogLevel.Information, "Run {CorrelationId}: model draft cancelled")]
    public static partial void GenerationCancelled(ILogger logger, string correlationId);
}
