using System.Net;
using Microsoft.Extensions.Logging;

namespace RadAssist.Dicom;

/// <summary>Log messages of the DICOMweb client, context source and delivery; event ids 3060-3099.</summary>
/// <remarks>URLs are logged with patient query values replaced by <c>***</c>; report text is never logged.</remarks>
internal static partial class Log
{
    [LoggerMessage(EventId = 3060, Level = LogLevel.Debug, Message = "DICOMweb {Method} {Url} returned HTTP {StatusCode} in {ElapsedMs} ms.")]
    public static partial void DicomWebResponse(ILogger logger, string method, string url, int statusCode, long elapsedMs);

    [LoggerMessage(EventId = 3061, Level = LogLevel.Debug, Message = "DICOMweb {Method} {Url} failed with HTTP {StatusCode}.")]
    public static partial void DicomWebFailed(ILogger logger, string method, string url, HttpStatusCode? statusCode, Exception exception);

    [LoggerMessage(EventId = 3062, Level = LogLevel.Debug, Message = "Read {PartCount} instances, {ByteCount} bytes, from {Url}.")]
    public static partial void DicomWebRetrieved(ILogger logger, int partCount, long byteCount, string url);

    [LoggerMessage(EventId = 3063, Level = LogLevel.Debug, Message = "Resolved the study of event {EventId} by {Criteria}.")]
    public static partial void StudyResolved(ILogger logger, string eventId, string criteria);

    [LoggerMessage(EventId = 3064, Level = LogLevel.Warning, Message = "Could not read {Part} for correlation {CorrelationId}; the context is built without it.")]
    public static partial void ContextPartSkipped(ILogger logger, string part, string correlationId, Exception exception);

    [LoggerMessage(EventId = 3065, Level = LogLevel.Debug, Message = "DICOMweb context for correlation {CorrelationId}: {SeriesCount} series, {PriorStudyCount} prior studies, {PriorReportCount} prior reports, {FindingCount} image findings.")]
    public static partial void ContextRead(ILogger logger, string correlationId, int seriesCount, int priorStudyCount, int priorReportCount, int findingCount);

    [LoggerMessage(EventId = 3066, Level = LogLevel.Information, Message = "Stored SR draft for correlation {CorrelationId} through STOW-RS at {Url}.")]
    public static partial void DraftStored(ILogger logger, string correlationId, string url);
}
