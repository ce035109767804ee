using System.Net;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.Logging;

namespace RadAssist.Fhir.Sources;

/// <summary>
/// Firely's <see cref="FhirClient"/> with the error contract of RadAssist: searches follow <c>next</c> links up to
/// <see cref="FhirOptions.MaxPages"/>, 404 and 410 on a search are read as "nothing found", and every other failure
/// becomes a <see cref="FhirRequestException"/> that names the URL and tells whether a retry may help.
/// </summary>
internal sealed class FhirServerClient : IDisposable
{
    private readonly FhirClient _client;
    private readonly HttpClient _httpClient;
    private readonly FhirOptions _options;
    private readonly ILogger _logger;

    public FhirServerClient(FhirOptions options, HttpMessageHandler? handler, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseUrl is null)
        {
            throw new ArgumentException("FhirOptions.BaseUrl is required to talk to a FHIR server.", nameof(options));
        }

        _options = options;
        _logger = logger;
        BaseUrl = options.BaseUrl.AbsoluteUri.EndsWith('/') ? options.BaseUrl : new Uri(options.BaseUrl.AbsoluteUri + "/");

        var settings = new FhirClientSettings
        {
            PreferredFormat = ResourceFormat.Json,
            VerifyFhirVersion = false,
            Timeout = (int)options.Timeout.TotalMilliseconds,
            ReturnPreference = ReturnPreference.Minimal,
            // Servers in the field send elements this SDK version does not know; keep what can be read.
            SerializationEngine = FhirSerializationEngineFactory.Recoverable(ModelInfo.ModelInspector),
        };

        _httpClient = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _httpClient.Timeout = options.Timeout;
        _client = new FhirClient(BaseUrl, _httpClient, settings);
    }

    /// <summary>The server's base URL, ending in '/' so relative URLs resolve below it.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Runs a search and reads its pages.</summary>
    /// <param name="resourceType">The type searched, such as <c>DiagnosticReport</c>.</param>
    /// <param name="parameters">Search parameters without paging.</param>
    /// <param name="maxMatches">Matches to read before stopping.</param>
    /// <param name="cancellationToken">Cancels the search.</param>
    /// <returns>The matches in server order and the included resources by <c>Type/id</c>; empty on 404 or 410.</returns>
    public async Task<FhirSearchResult> SearchAsync(
        string resourceType,
        SearchParams parameters,
        int maxMatches,
        CancellationToken cancellationToken)
    {
        parameters.LimitTo(_options.PageSize);
        var requestUrl = new Uri(BaseUrl, resourceType);
        List<Resource> matches = [];
        Dictionary<string, Resource> included = new(StringComparer.Ordinal);
        var pageCount = 0;

        try
        {
            var page = await _client.SearchAsync(parameters, resourceType, cancellationToken).ConfigureAwait(false);
            while (page is not null)
            {
                pageCount++;
                Collect(page, matches, included);
                if (matches.Count >= maxMatches)
                {
                    break;
                }

                if (pageCount >= _options.MaxPages)
                {
                    if (page.NextLink is not null)
                    {
                        Log.SearchTruncated(_logger, resourceType, pageCount);
                    }

                    break;
                }

                // The query of a next link repeats the patient identifier, so error messages keep the path only.
                requestUrl = page.NextLink is null ? requestUrl : new Uri(page.NextLink.GetLeftPart(UriPartial.Path));
                page = await _client.ContinueAsync(page, PageDirection.Next, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (FhirOperationException exception) when (exception.Status is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            Log.SearchFoundNothing(_logger, resourceType, (int)exception.Status);
            return new FhirSearchResult([], included, (int)exception.Status);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Translate(exception, requestUrl, "search");
        }

        Log.SearchCompleted(_logger, resourceType, matches.Count, pageCount);
        return new FhirSearchResult([.. matches.Take(maxMatches)], included, null);
    }

    /// <summary>Posts a transaction Bundle and returns the response Bundle.</summary>
    public async Task<Bundle> TransactionAsync(Bundle bundle, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.TransactionAsync(bundle, cancellationToken).ConfigureAwait(false)
                ?? throw new FhirRequestException($"The FHIR server at {BaseUrl} returned no Bundle for the transaction.")
                {
                    RequestUrl = BaseUrl,
                };
        }
        catch (Exception exception) when (exception is not FhirRequestException
                                          && (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested))
        {
            throw Translate(exception, BaseUrl, "transaction");
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _httpClient.Dispose();
    }

    private static void Collect(Bundle page, List<Resource> matches, Dictionary<string, Resource> included)
    {
        foreach (var entry in page.Entry)
        {
            if (entry.Resource is null)
            {
                continue;
            }

            if (entry.Search?.Mode is Bundle.SearchEntryMode.Include)
            {
                if (entry.Resource.Id is not null)
                {
                    included[entry.Resource.TypeName + "/" + entry.Resource.Id] = entry.Resource;
                }
            }
            else if (entry.Search?.Mode is not Bundle.SearchEntryMode.Outcome)
            {
                matches.Add(entry.Resource);
            }
        }
    }

    private FhirRequestException Translate(Exception exception, Uri url, string operation)
    {
        switch (exception)
        {
            case FhirOperationException fhir:
                var detail = fhir.Outcome?.Issue.FirstOrDefault()?.Diagnostics ?? fhir.Outcome?.Issue.FirstOrDefault()?.Details?.Text;
                return new FhirRequestException(
                    $"The FHIR {operation} at {url} failed with HTTP {(int)fhir.Status} {fhir.Status}"
                    + (detail is null ? "." : $": {detail}"),
                    exception)
                {
                    StatusCode = fhir.Status,
                    RequestUrl = url,
                    IsTransient = FhirRequestException.IsTransientStatus(fhir.Status),
                };

            case OperationCanceledException or TimeoutException:
                return new FhirRequestException(
                    $"The FHIR {operation} at {url} timed out after {_options.Timeout.TotalSeconds:0.###} s (FhirOptions.Timeout).",
                    exception)
                {
                    RequestUrl = url,
                    IsTransient = true,
                };

            case HttpRequestException http:
                return new FhirRequestException($"The FHIR {operation} at {url} failed: {http.Message}", exception)
                {
                    StatusCode = http.StatusCode,
                    RequestUrl = url,
                    IsTransient = http.StatusCode is null || FhirRequestException.IsTransientStatus(http.StatusCode.Value),
                };

            default:
                return new FhirRequestException($"The FHIR {operation} at {url} failed: {exception.Message}", exception)
                {
                    RequestUrl = url,
                };
        }
    }
}

/// <summary>Resources read by one search.</summary>
/// <param name="Matches">The matching resources in server order.</param>
/// <param name="Included">Resources the server added through <c>_include</c>, by <c>Type/id</c>.</param>
/// <param name="NotFoundStatus">404 or 410 when the server responded to the search with that status, else null.</param>
internal sealed record FhirSearchResult(
    IReadOnlyList<Resource> Matches,
    IReadOnlyDictionary<string, Resource> Included,
    int? NotFoundStatus);
