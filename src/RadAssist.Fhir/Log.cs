using Microsoft.Extensions.Logging;

namespace RadAssist.Fhir;

/// <summary>
/// Log messages of RadAssist.Fhir, event ids 8000 to 8099. Messages carry ids, counts, URLs and status codes,
/// never report text or patient identifiers.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(8000, LogLevel.Debug, "Wrote FHIR bundle for draft {DraftId}: {EntryCount} entries, {ByteCount} bytes.")]
    public static partial void BundleWritten(ILogger logger, string draftId, int entryCount, int byteCount);

    [LoggerMessage(8001, LogLevel.Information, "Delivered draft {DraftId} to {Url} as {Location}.")]
    public static partial void DraftDelivered(ILogger logger, string draftId, Uri url, string location);

    [LoggerMessage(8002, LogLevel.Error, "Delivery of draft {DraftId} to {Url} failed.")]
    public static partial void DeliveryFailed(ILogger logger, string draftId, Uri url, Exception exception);

    [LoggerMessage(8010, LogLevel.Debug, "FHIR search {ResourceType} read {Count} resources in {PageCount} pages.")]
    public static partial void SearchCompleted(ILogger logger, string resourceType, int count, int pageCount);

    [LoggerMessage(8011, LogLevel.Warning, "FHIR search {ResourceType} stopped after {PageCount} pages; later pages were skipped.")]
    public static partial void SearchTruncated(ILogger logger, string resourceType, int pageCount);

    [LoggerMessage(8012, LogLevel.Warning, "FHIR search {ResourceType} returned HTTP {StatusCode}; no resources were added.")]
    public static partial void SearchFoundNothing(ILogger logger, string resourceType, int statusCode);

    [LoggerMessage(8013, LogLevel.Warning, "Skipped {ResourceType}/{Id}: {Reason}")]
    public static partial void ResourceSkipped(ILogger logger, string resourceType, string? id, string reason);

    [LoggerMessage(8020, LogLevel.Information, "Subscribed to FHIRcast topic at {HubUrl}; WebSocket endpoint {Endpoint}.")]
    public static partial void FhirCastSubscribed(ILogger logger, Uri hubUrl, Uri endpoint);

    [LoggerMessage(8021, LogLevel.Warning, "FHIRcast connection to {HubUrl} lost (attempt {Attempt}); reconnecting in {Delay}.")]
    public static partial void FhirCastReconnecting(ILogger logger, Uri hubUrl, int attempt, TimeSpan delay, Exception? exception);

    [LoggerMessage(8022, LogLevel.Debug, "FHIRcast event {EventName} {EventId} received.")]
    public static partial void FhirCastEventReceived(ILogger logger, string eventName, string eventId);

    [LoggerMessage(8023, LogLevel.Warning, "FHIRcast event {EventId} rejected: {Reason}")]
    public static partial void FhirCastEventRejected(ILogger logger, string? eventId, string reason);

    [LoggerMessage(8024, LogLevel.Warning, "FHIRcast hub reported a sync error for event {EventId}: {Reason}")]
    public static partial void FhirCastSyncError(ILogger logger, string? eventId, string reason);

    [LoggerMessage(8025, LogLevel.Information, "Published {EventName} to {HubUrl} at context version {VersionId}.")]
    public static partial void FhirCastPublished(ILogger logger, string eventName, Uri hubUrl, string? versionId);

    [LoggerMessage(8026, LogLevel.Warning, "FHIRcast hub {HubUrl} rejected the context version; retrying with the current version {VersionId}.")]
    public static partial void FhirCastVersionConflict(ILogger logger, Uri hubUrl, string? versionId);

    [LoggerMessage(8027, LogLevel.Warning, "FHIRcast unsubscribe from {HubUrl} failed.")]
    public static partial void FhirCastUnsubscribeFailed(ILogger logger, Uri hubUrl, Exception exception);
}
