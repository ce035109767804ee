using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Logging;
using RadAssist.Fhir.Sources;
using RadAssist.Fhir.Writing;

namespace RadAssist.Fhir.Delivery;

/// <summary>
/// Posts the <c>fhir</c> rendering (a transaction Bundle) to the FHIR server and confirms the server stored it
/// (FHIR R4 RESTful API section 3.1.0.11, transaction).
/// </summary>
internal sealed class FhirDraftDelivery : IDraftDelivery
{
    private readonly FhirServerClient _client;
    private readonly ILogger _logger;

    public FhirDraftDelivery(FhirServerClient client, ILogger<FhirDraftDelivery> logger)
    {
        _client = client;
        _logger = logger;
    }

    public string Name => "fhir";

    public string Format => FhirDraftWriter.FormatName;

    public async ValueTask<DeliveryResult> DeliverAsync(
        RenderedDraft rendered,
        DraftReport draft,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(draft);

        var bundle = ParseBundle(rendered);
        Bundle response;
        try
        {
            response = await _client.TransactionAsync(bundle, cancellationToken).ConfigureAwait(false);
        }
        catch (FhirRequestException exception)
        {
            Log.DeliveryFailed(_logger, draft.DraftId, _client.BaseUrl, exception);
            throw new DeliveryException($"Delivery of draft '{draft.DraftId}' failed: {exception.Message}", exception)
            {
                IsTransient = exception.IsTransient,
            };
        }

        var location = ReportLocation(bundle, response, draft);
        Log.DraftDelivered(_logger, draft.DraftId, _client.BaseUrl, location);
        return new DeliveryResult(Name, location);
    }

    private static Bundle ParseBundle(RenderedDraft rendered)
    {
        if (rendered.Format != FhirDraftWriter.FormatName)
        {
            throw new DeliveryException(
                $"The FHIR delivery sends the '{FhirDraftWriter.FormatName}' rendering, not '{rendered.Format}'.");
        }

        Bundle bundle;
        try
        {
            bundle = FhirJson.Parse<Bundle>(rendered.Content.Span);
        }
        catch (Exception exception) when (exception is DeserializationFailedException or JsonException)
        {
            throw new DeliveryException($"The 'fhir' rendering is not a valid FHIR R4 Bundle: {exception.Message}", exception);
        }

        if (bundle.Type != Bundle.BundleType.Transaction)
        {
            throw new DeliveryException($"The 'fhir' rendering has Bundle.type '{bundle.Type}', expected 'transaction'.");
        }

        return bundle;
    }

    /// <summary>
    /// Checks that the server responded to every entry with a 2xx status and returns the absolute location of the
    /// DiagnosticReport, found at the same position as in the request (FHIR R4 section 3.1.0.11.3).
    /// </summary>
    private string ReportLocation(Bundle request, Bundle response, DraftReport draft)
    {
        if (response.Entry.Count != request.Entry.Count)
        {
            throw new DeliveryException(
                $"The FHIR server at {_client.BaseUrl} responded to the transaction of draft '{draft.DraftId}' with "
                + $"{response.Entry.Count} entries for {request.Entry.Count} requests; the draft may not be stored.");
        }

        string? location = null;
        for (var index = 0; index < request.Entry.Count; index++)
        {
            var status = response.Entry[index].Response?.Status ?? string.Empty;
            if (!status.StartsWith('2'))
            {
                throw new DeliveryException(
                    $"The FHIR server at {_client.BaseUrl} responded to entry {index} ({request.Entry[index].Resource?.TypeName}) "
                    + $"of draft '{draft.DraftId}' with status '{status}'.");
            }

            if (request.Entry[index].Resource is DiagnosticReport)
            {
                location = response.Entry[index].Response?.Location;
            }
        }

        if (string.IsNullOrEmpty(location))
        {
            throw new DeliveryException(
                $"The FHIR server at {_client.BaseUrl} stored draft '{draft.DraftId}' but returned no location for the DiagnosticReport.");
        }

        return Uri.TryCreate(location, UriKind.Absolute, out var absolute)
            ? absolute.ToString()
            : new Uri(_client.BaseUrl, location).ToString();
    }
}
