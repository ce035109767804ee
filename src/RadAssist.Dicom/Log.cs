using Microsoft.Extensions.Logging;

namespace RadAssist.Dicom;

/// <summary>Source-generated log messages of RadAssist.Dicom; event ids 3000-3099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Rendered SR draft for correlation {CorrelationId}: {ByteCount} bytes.")]
    public static partial void SrDraftWritten(ILogger logger, string correlationId, int byteCount);
}
