using Microsoft.Extensions.Logging;

namespace RadAssist.Audit.PostgreSql;

/// <summary>Log messages of the PostgreSQL audit sink; event ids 9150 to 9199.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9150, Level = LogLevel.Information, Message = "Opened PostgreSQL audit store {Host}/{Database} schema {Schema}; chain head is record {Sequence}.")]
    public static partial void StoreOpened(ILogger logger, string? host, string? database, string schema, long sequence);

    [LoggerMessage(EventId = 9151, Level = LogLevel.Debug, Message = "Committed {Count} audit records up to seq {Sequence} in {ElapsedMs} ms.")]
    public static partial void BatchCommitted(ILogger logger, int count, long sequence, double elapsedMs);

    [LoggerMessage(EventId = 9152, Level = LogLevel.Error, Message = "Writing {Count} audit records to schema {Schema} failed; none of them was stored.")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count, string schema);

    [LoggerMessage(EventId = 9153, Level = LogLevel.Warning, Message = "Audit chain in schema {Schema} is broken at seq {Sequence} ({Location}): {Reason}")]
    public static partial void ChainBroken(ILogger logger, string schema, long? sequence, string? location, string? reason);
}
