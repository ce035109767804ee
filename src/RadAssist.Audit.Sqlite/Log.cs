using Microsoft.Extensions.Logging;

namespace RadAssist.Audit.Sqlite;

/// <summary>Log messages of the SQLite audit sink; event ids 9100 to 9149.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Opened SQLite audit store {Path}; chain head is record {Sequence}.")]
    public static partial void StoreOpened(ILogger logger, string path, long sequence);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Debug, Message = "Committed {Count} audit records up to seq {Sequence} in {ElapsedMs} ms.")]
    public static partial void BatchCommitted(ILogger logger, int count, long sequence, double elapsedMs);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "Writing {Count} audit records to {Path} failed; none of them was stored.")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count, string path);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "Audit chain in {Path} is broken at seq {Sequence} ({Location}): {Reason}")]
    public static partial void ChainBroken(ILogger logger, string path, long? sequence, string? location, string? reason);
}
