using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using RadAssist.Fhir.Writing;

namespace RadAssist.Fhir.FhirCast;

/// <content>Content sharing: DiagnosticReport-update as the IHE IRA content creator (FHIRcast 3.0 section 2.10).</content>
public sealed partial class FhirCastSubscriber
{
    /// <summary>
    /// Publishes the draft's Observations to the open report in a DiagnosticReport-update event, with the context
    /// version the hub last announced for that report.
    /// </summary>
    /// <param name="draft">The draft whose measurement, category and narrative Observations are shared.</param>
    /// <param name="context">The context of the run.</param>
    /// <param name="cancellationToken">Cancels publishing.</param>
    /// <returns>The id of the published event, which the hub reuses when it broadcasts the update.</returns>
    /// <remarks>
    /// The report is the open DiagnosticReport anchor of the draft's study (by Study Instance UID or accession
    /// number), else the most recently opened one. When the hub rejects the event with a 4xx status, the current
    /// context version is read with GET <c>{hub.url}/{topic}</c> and the event is sent once more.
    /// </remarks>
    /// <exception cref="InvalidOperationException">No DiagnosticReport is open in the session.</exception>
    /// <exception cref="FhirRequestException">The hub rejected the event or did not respond in time.</exception>
    public async ValueTask<string> PublishDraftUpdateAsync(
        DraftReport draft,
        ReportingContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);

        var anchor = FindAnchor(draft)
            ?? throw new InvalidOperationException(
                $"No DiagnosticReport is open in FHIRcast topic '{Topic}'; a DiagnosticReport-open must come first.");
        var updates = BuildUpdates(draft, context, anchor);
        var eventId = Guid.NewGuid().ToString("D");

        try
        {
            await PostUpdateAsync(eventId, anchor, updates, cancellationToken).ConfigureAwait(false);
        }
        catch (FhirRequestException exception) when (exception.StatusCode is { } status && (int)status is >= 400 and < 500)
        {
            Log.FhirCastVersionConflict(_logger, HubUrl, anchor.VersionId);
            await RefreshVersionAsync(cancellationToken).ConfigureAwait(false);
            await PostUpdateAsync(eventId, anchor, updates, cancellationToken).ConfigureAwait(false);
        }

        Log.FhirCastPublished(_logger, "DiagnosticReport-update", HubUrl, anchor.VersionId);
        return eventId;
    }

    private ReportAnchor? FindAnchor(DraftReport draft)
    {
        lock (_anchorLock)
        {
            return _anchors.LastOrDefault(a => draft.StudyInstanceUid is not null && a.StudyInstanceUid == draft.StudyInstanceUid)
                ?? _anchors.LastOrDefault(a => draft.AccessionNumber is not null && a.AccessionNumber == draft.AccessionNumber)
                ?? _anchors.LastOrDefault();
        }
    }

    /// <summary>Builds the update Bundle: one PUT entry per draft Observation, subject set to the anchor's patient.</summary>
    internal static Bundle BuildUpdates(DraftReport draft, ReportingContext context, ReportAnchor anchor)
    {
        var drafted = new DraftBundleBuilder(new FhirOptions()).Build(draft, context);
        var updates = new Bundle { Type = Bundle.BundleType.Transaction };

        foreach (var entry in drafted.Entry.Where(e => e.Resource is Observation))
        {
            var observation = (Observation)entry.Resource!;
            observation.Id = entry.FullUrl!["urn:uuid:".Length..];
            observation.Device = null;
            if (anchor.PatientResourceId is not null)
            {
                observation.Subject = new ResourceReference("Patient/" + anchor.PatientResourceId);
            }

            updates.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = entry.FullUrl,
                Resource = observation,
                Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Observation/" + observation.Id },
            });
        }

        return updates;
    }

    private async System.Threading.Tasks.Task PostUpdateAsync(
        string eventId,
        ReportAnchor anchor,
        Bundle updates,
        CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Post, HubUrl);
        request.Content = new ByteArrayContent(SerializeUpdate(eventId, anchor, updates));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await SendAsync(request, "DiagnosticReport-update", cancellationToken).ConfigureAwait(false);
    }

    private byte[] SerializeUpdate(string eventId, ReportAnchor anchor, Bundle updates)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", _timeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fffK", CultureInfo.InvariantCulture));
            writer.WriteString("id", eventId);
            writer.WriteStartObject("event");
            writer.WriteString("hub.topic", Topic);
            writer.WriteString("hub.event", "DiagnosticReport-update");
            if (anchor.VersionId is not null)
            {
                writer.WriteString("context.versionId", anchor.VersionId);
            }

            writer.WriteStartArray("context");
            writer.WriteStartObject();
            writer.WriteString("key", "report");
            writer.WriteStartObject("resource");
            writer.WriteString("resourceType", "DiagnosticReport");
            writer.WriteString("id", anchor.ReportId);
            writer.WriteString("status", anchor.ReportStatus);
            writer.WriteEndObject();
            writer.WriteEndObject();

            if (anchor.PatientResourceId is not null)
            {
                writer.WriteStartObject();
                writer.WriteString("key", "patient");
                writer.WriteStartObject("reference");
                writer.WriteString("reference", "Patient/" + anchor.PatientResourceId);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }

            writer.WriteStartObject();
            writer.WriteString("key", "updates");
            writer.WritePropertyName("resource");
            writer.WriteRawValue(FhirJson.SerializeToUtf8Bytes(updates), skipInputValidation: true);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// Reads the current context with GET <c>{hub.url}/{topic}</c> (FHIRcast 3.0 section 2.9) and takes its
    /// <c>context.versionId</c> for the open report it names. Failures are logged, because the caller only
    /// resynchronizes and the next hub event brings the version too.
    /// </summary>
    private async System.Threading.Tasks.Task RefreshVersionAsync(CancellationToken cancellationToken)
    {
        var url = new Uri(HubUrl.AbsoluteUri.TrimEnd('/') + "/" + Uri.EscapeDataString(Topic));
        try
        {
            using var request = CreateRequest(HttpMethod.Get, url);
            using var response = await SendAsync(request, "get current context", cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            ApplyCurrentContext(body);
        }
        catch (Exception exception) when (exception is FhirRequestException or JsonException)
        {
            Log.FhirCastSyncError(_logger, null, "reading the current context failed: " + exception.Message);
        }
    }

    private void ApplyCurrentContext(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("context.versionId", out var version)
            || version.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("The current context has no 'context.versionId' string.");
        }

        string? reportId = null;
        if (root.TryGetProperty("context", out var items) && items.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (item.TryGetProperty("key", out var key) && key.GetString() == "report"
                    && item.TryGetProperty("resource", out var resource)
                    && resource.TryGetProperty("id", out var id))
                {
                    reportId = id.GetString();
                }
            }
        }

        lock (_anchorLock)
        {
            var anchor = _anchors.LastOrDefault(a => reportId is null || a.ReportId == reportId);
            if (anchor is not null)
            {
                anchor.VersionId = version.GetString();
            }
        }
    }
}
