namespace RadAssist.Fhir;

/// <summary>Options of the FHIRcast subscriber and content publisher (FHIRcast 3.0, WebSocket channel).</summary>
public sealed class FhirCastOptions
{
    /// <summary>The events subscribed to by default.</summary>
    public static readonly IReadOnlyList<string> DefaultEvents =
    [
        "ImagingStudy-open",
        "ImagingStudy-close",
        "DiagnosticReport-open",
        "DiagnosticReport-update",
        "DiagnosticReport-close",
    ];

    /// <summary>Gets or sets the hub URL (<c>hub.url</c>) that takes subscriptions and published events.</summary>
    /// <value>Required; no default.</value>
    public Uri? HubUrl { get; set; }

    /// <summary>Gets or sets the session topic (<c>hub.topic</c>) the reading station shares.</summary>
    /// <value>Required; no default.</value>
    public string? Topic { get; set; }

    /// <summary>Gets or sets the event names subscribed to (<c>hub.events</c>).</summary>
    /// <value>Default <see cref="DefaultEvents"/>.</value>
    public IList<string> Events { get; set; } = [.. DefaultEvents];

    /// <summary>Gets or sets the subscription lease asked for (<c>hub.lease_seconds</c>), in seconds.</summary>
    /// <value>Default 3,600 seconds.</value>
    public int LeaseSeconds { get; set; } = 3600;

    /// <summary>Gets or sets the bearer token sent with every hub request, or null to send none.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public string? AccessToken { get; set; }

    /// <summary>Gets or sets the timeout of one HTTP request to the hub and of the WebSocket connect.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the wait before the first reconnect after a lost connection; it doubles per failure.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between reconnect attempts.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the largest WebSocket message accepted, in bytes; a larger one drops the connection.</summary>
    /// <value>Default 4,194,304 bytes (4 MiB).</value>
    public int MaxMessageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Checks the options and throws when one is missing or out of range.</summary>
    /// <exception cref="ArgumentException">An option has an invalid value; the message names it.</exception>
    internal void Validate()
    {
        if (HubUrl is null || !HubUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"FhirCastOptions.HubUrl must be an absolute URL, not '{HubUrl}'.");
        }

        if (string.IsNullOrWhiteSpace(Topic))
        {
            throw new ArgumentException("FhirCastOptions.Topic is required.");
        }

        if (Events.Count == 0)
        {
            throw new ArgumentException("FhirCastOptions.Events must name at least one event.");
        }

        if (LeaseSeconds <= 0 || Timeout <= TimeSpan.Zero || ReconnectDelay <= TimeSpan.Zero
            || MaxReconnectDelay < ReconnectDelay || MaxMessageBytes <= 0)
        {
            throw new ArgumentException(
                "FhirCastOptions.LeaseSeconds, Timeout, ReconnectDelay and MaxMessageBytes must be greater than zero, "
                + $"and MaxReconnectDelay at least ReconnectDelay; got {LeaseSeconds}, {Timeout}, {ReconnectDelay}, "
                + $"{MaxMessageBytes} and {MaxReconnectDelay}.");
        }
    }
}
