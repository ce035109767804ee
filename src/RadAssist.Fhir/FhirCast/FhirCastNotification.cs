using System.Globalization;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using RadAssist.Fhir.Writing;

namespace RadAssist.Fhir.FhirCast;

/// <summary>One event notification as a FHIRcast hub sends it over the WebSocket (FHIRcast 3.0 section 2.5).</summary>
internal sealed class FhirCastNotification
{
    private FhirCastNotification(string id, string eventName)
    {
        Id = id;
        EventName = eventName;
    }

    public string Id { get; }

    public string EventName { get; }

    public string? Topic { get; private init; }

    public DateTimeOffset? Timestamp { get; private init; }

    public string? VersionId { get; private init; }

    /// <summary>Context resources by key (<c>patient</c>, <c>study</c>, <c>report</c>, <c>updates</c>).</summary>
    public Dictionary<string, Resource> Resources { get; } = new(StringComparer.Ordinal);

    /// <summary>Context references by key, for keys that carry a reference instead of a resource.</summary>
    public Dictionary<string, string> References { get; } = new(StringComparer.Ordinal);

    /// <summary>Problems found while reading the context, such as a resource that did not parse completely.</summary>
    public List<string> Warnings { get; } = [];

    /// <summary>Reads a notification from the <c>event</c> object of a message.</summary>
    /// <exception cref="FormatException">The message has no id or no <c>hub.event</c>; the text names the field.</exception>
    public static FhirCastNotification Parse(JsonElement root)
    {
        var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String
            ? idElement.GetString()!
            : throw new FormatException("FHIRcast notification field 'id' is missing or not a string.");
        if (!root.TryGetProperty("event", out var body) || body.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"FHIRcast notification '{id}' has no 'event' object.");
        }

        var eventName = String(body, "hub.event")
            ?? throw new FormatException($"FHIRcast notification '{id}' field 'event.hub.event' is missing.");

        var notification = new FhirCastNotification(id, eventName)
        {
            Topic = String(body, "hub.topic"),
            VersionId = String(body, "context.versionId"),
            Timestamp = DateTimeOffset.TryParse(
                String(root, "timestamp"),
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var timestamp)
                ? timestamp
                : null,
        };

        if (body.TryGetProperty("context", out var context) && context.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in context.EnumerateArray())
            {
                notification.ReadContextItem(item);
            }
        }

        return notification;
    }

    private void ReadContextItem(JsonElement item)
    {
        var key = String(item, "key");
        if (key is null)
        {
            Warnings.Add("a context item has no 'key'");
            return;
        }

        if (item.TryGetProperty("resource", out var resource) && resource.ValueKind == JsonValueKind.Object)
        {
            try
            {
                Resources[key] = JsonSerializer.Deserialize<Resource>(resource.GetRawText(), FhirJson.Options)!;
            }
            catch (DeserializationFailedException exception) when (exception.PartialResult is Resource partial)
            {
                // Hubs relay what applications publish; keep what parsed and report the rest.
                Resources[key] = partial;
                Warnings.Add($"context '{key}' parsed with errors: {exception.Message}");
            }
        }
        else if (item.TryGetProperty("reference", out var reference) && reference.ValueKind == JsonValueKind.Object
                 && String(reference, "reference") is { } target)
        {
            References[key] = target;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
