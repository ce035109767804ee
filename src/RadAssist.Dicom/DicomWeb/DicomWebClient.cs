using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>
/// Sends QIDO-RS searches, WADO-RS metadata and instance retrievals, and STOW-RS uploads to a DICOMweb server
/// (DICOM PS3.18 8 and 10).
/// </summary>
/// <remarks>
/// Register it with <c>services.AddRadAssistDicomWeb(...)</c>, which gives its <see cref="HttpClient"/> the
/// authentication hook and the retry and timeout policy of <see cref="DicomWebOptions"/>. Every failure surfaces as a
/// <see cref="DicomWebException"/> that names the URL and the HTTP status. The class is thread-safe.
/// </remarks>
public sealed class DicomWebClient
{
    private const string DicomJson = "application/dicom+json";
    private const string MultipartDicom = "multipart/related; type=\"application/dicom\"";

    private readonly HttpClient _httpClient;
    private readonly DicomWebOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="httpClient">The HTTP client; its handlers decide authentication, retries and timeouts.</param>
    /// <param name="options">The options; <see cref="DicomWebOptions.BaseAddress"/> is required.</param>
    /// <param name="logger">The logger, or null for none.</param>
    /// <exception cref="InvalidOperationException">The base address is missing or not an http or https URL.</exception>
    public DicomWebClient(HttpClient httpClient, IOptions<DicomWebOptions> options, ILogger<DicomWebClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);

        _httpClient = httpClient;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        BaseAddress = _options.RequireBaseAddress();
    }

    /// <summary>Gets the DICOMweb service root, ending with a slash.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Searches for studies (QIDO-RS, PS3.18 10.6).</summary>
    /// <param name="query">The query parameters, or null for all studies.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The matching studies; empty for no match, whether the server sends 204, an empty body or <c>[]</c>.</returns>
    /// <exception cref="DicomWebException">The request failed or the response is not a DICOM JSON array.</exception>
    public Task<IReadOnlyList<DicomDataset>> SearchStudiesAsync(DicomQuery? query = null, CancellationToken cancellationToken = default) =>
        SearchAsync("studies" + query, cancellationToken);

    /// <summary>Searches for series, in one study or in all (QIDO-RS, PS3.18 10.6).</summary>
    /// <param name="studyInstanceUid">The study to search in, or null for all studies.</param>
    /// <param name="query">The query parameters, or null for all series.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The matching series; empty for no match.</returns>
    /// <exception cref="ArgumentException">A UID is not valid (PS3.5 9.1).</exception>
    /// <exception cref="DicomWebException">The request failed or the response is not a DICOM JSON array.</exception>
    public Task<IReadOnlyList<DicomDataset>> SearchSeriesAsync(
        string? studyInstanceUid,
        DicomQuery? query = null,
        CancellationToken cancellationToken = default) =>
        SearchAsync(PathOf(studyInstanceUid, null, null, optional: true) + "series" + query, cancellationToken);

    /// <summary>Searches for instances, in one study or series or in all (QIDO-RS, PS3.18 10.6).</summary>
    /// <param name="studyInstanceUid">The study to search in, or null for all studies.</param>
    /// <param name="seriesInstanceUid">The series to search in, or null for all series; needs a study.</param>
    /// <param name="query">The query parameters, or null for all instances.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The matching instances; empty for no match.</returns>
    /// <exception cref="ArgumentException">A UID is not valid, or a series is given without its study.</exception>
    /// <exception cref="DicomWebException">The request failed or the response is not a DICOM JSON array.</exception>
    public Task<IReadOnlyList<DicomDataset>> SearchInstancesAsync(
        string? studyInstanceUid,
        string? seriesInstanceUid = null,
        DicomQuery? query = null,
        CancellationToken cancellationToken = default) =>
        SearchAsync(PathOf(studyInstanceUid, seriesInstanceUid, null, optional: true) + "instances" + query, cancellationToken);

    /// <summary>Retrieves the metadata of a study, series or instance as datasets (WADO-RS, PS3.18 10.4).</summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="seriesInstanceUid">The series, or null for the whole study.</param>
    /// <param name="sopInstanceUid">The instance, or null for the whole series; needs a series.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>One dataset per instance, with bulk data as BulkDataURI elements.</returns>
    /// <exception cref="ArgumentException">A UID is not valid, or an instance is given without its series.</exception>
    /// <exception cref="DicomWebException">The request failed, the study was not found, or the JSON is invalid.</exception>
    public async Task<IReadOnlyList<DicomDataset>> RetrieveMetadataAsync(
        string studyInstanceUid,
        string? seriesInstanceUid = null,
        string? sopInstanceUid = null,
        CancellationToken cancellationToken = default)
    {
        var path = PathOf(studyInstanceUid, seriesInstanceUid, sopInstanceUid, optional: false) + "metadata";
        return await ReadJsonAsync(path, allowNoContent: false, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Retrieves the instances of a study, series or one instance as Part 10 files (WADO-RS, PS3.18 10.4), reading
    /// the multipart/related response one instance at a time.
    /// </summary>
    /// <param name="studyInstanceUid">The study.</param>
    /// <param name="seriesInstanceUid">The series, or null for the whole study.</param>
    /// <param name="sopInstanceUid">The instance, or null for the whole series; needs a series.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The instances in the order the server sends them.</returns>
    /// <exception cref="ArgumentException">A UID is not valid, or an instance is given without its series.</exception>
    /// <exception cref="DicomWebException">
    /// The request failed, or the body is not valid multipart/related content of DICOM Part 10 files.
    /// </exception>
    public async IAsyncEnumerable<DicomFile> RetrieveInstancesAsync(
        string studyInstanceUid,
        string? seriesInstanceUid = null,
        string? sopInstanceUid = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var path = PathOf(studyInstanceUid, seriesInstanceUid, sopInstanceUid, optional: false).TrimEnd('/');
        await foreach (var (part, uri, status) in RetrievePartsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            DicomFile file;
            try
            {
                file = DicomFile.Read(part.Content);
            }
            catch (DicomFormatException exception)
            {
                throw Malformed(HttpMethod.Get, uri, status, $"a part is not a DICOM Part 10 file: {exception.Message}", exception);
            }

            yield return file;
        }
    }

    /// <summary>Stores instances through STOW-RS (PS3.18 10.5), in one multipart/related request.</summary>
    /// <param name="instances">DICOM Part 10 files, each sent as one <c>application/dicom</c> part.</param>
    /// <param name="studyInstanceUid">The study the instances must belong to, or null to accept any study.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The stored and failed instances; check <see cref="StowRsResult.AllStored"/>.</returns>
    /// <exception cref="ArgumentException">No instance is given or the study UID is not valid.</exception>
    /// <exception cref="DicomWebException">
    /// The request failed, or the server stored nothing (409 Conflict or another error status); the message lists the
    /// failure reasons the server returned. The request is not retried.
    /// </exception>
    public async Task<StowRsResult> StoreAsync(
        IReadOnlyList<ReadOnlyMemory<byte>> instances,
        string? studyInstanceUid = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        if (instances.Count == 0)
        {
            throw new ArgumentException("STOW-RS needs at least one instance.", nameof(instances));
        }

        var path = PathOf(studyInstanceUid, null, null, optional: true) is { Length: > 0 } studyPath
            ? studyPath.TrimEnd('/')
            : "studies";
        var uri = new Uri(BaseAddress, path);

        using var content = new MultipartContent("related", "RadAssist-" + Guid.NewGuid().ToString("N"));
        content.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        foreach (var instance in instances)
        {
            var part = new ReadOnlyMemoryContent(instance);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            content.Add(part);
        }

        using var response = await SendAsync(HttpMethod.Post, uri, DicomJson, content, cancellationToken).ConfigureAwait(false);
        var datasets = await ReadBodyAsync(response, uri, HttpMethod.Post, allowEmpty: true, cancellationToken).ConfigureAwait(false);
        var result = StowRsResponse.Read(response.StatusCode, datasets.Count > 0 ? datasets[0] : null);
        if (result.Referenced.Count == 0 && result.Failed.Count > 0 && response.StatusCode != HttpStatusCode.Accepted)
        {
            throw Malformed(HttpMethod.Post, uri, response.StatusCode, $"no instance was stored: {StowRsResponse.Describe(result.Failed)}", null);
        }

        return result;
    }

    internal async IAsyncEnumerable<(MultipartPart Part, Uri Uri, HttpStatusCode Status)> RetrievePartsAsync(
        string path,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseAddress, path);
        using var response = await SendAsync(HttpMethod.Get, uri, MultipartDicom, null, cancellationToken).ConfigureAwait(false);

        string boundary;
        try
        {
            boundary = MultipartRelatedReader.BoundaryOf(ContentTypeOf(response));
        }
        catch (FormatException exception)
        {
            throw Malformed(HttpMethod.Get, uri, response.StatusCode, exception.Message, exception);
        }

        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            using var reader = new MultipartRelatedReader(body, boundary, _options.MaxInstanceBytes);
            long byteCount = 0;
            while (true)
            {
                MultipartPart? part;
                try
                {
                    part = await reader.ReadPartAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (FormatException exception)
                {
                    throw Malformed(HttpMethod.Get, uri, response.StatusCode, exception.Message, exception);
                }
                catch (IOException exception)
                {
                    throw Failed(HttpMethod.Get, uri, response.StatusCode, "the connection broke while the body was read", exception, isTransient: true);
                }

                if (part is null)
                {
                    break;
                }

                byteCount += part.Content.Length;
                yield return (part, uri, response.StatusCode);
            }

            if (_logger.IsEnabled(LogLevel.Debug))
            {
                var url = DicomWebUrl.Redact(uri);
                Log.DicomWebRetrieved(_logger, reader.PartCount, byteCount, url);
            }
        }
    }

    private static string? ContentTypeOf(HttpResponseMessage response) =>
        response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;

    private async Task<IReadOnlyList<DicomDataset>> SearchAsync(string path, CancellationToken cancellationToken) =>
        await ReadJsonAsync(path, allowNoContent: true, cancellationToken).ConfigureAwait(false);

    private async Task<IReadOnlyList<DicomDataset>> ReadJsonAsync(string path, bool allowNoContent, CancellationToken cancellationToken)
    {
        var uri = new Uri(BaseAddress, path);
        using var response = await SendAsync(HttpMethod.Get, uri, DicomJson, null, cancellationToken).ConfigureAwait(false);
        return await ReadBodyAsync(response, uri, HttpMethod.Get, allowNoContent, cancellationToken).ConfigureAwait(false);
    }

    private async Task<List<DicomDataset>> ReadBodyAsync(
        HttpResponseMessage response,
        Uri uri,
        HttpMethod method,
        bool allowEmpty,
        CancellationToken cancellationToken)
    {
        // PS3.18 once specified 204 for no match and now specifies 200 with an empty array. Some servers send an empty 200.
        byte[] body;
        try
        {
            body = await ReadLimitedAsync(response.Content, _options.MaxJsonBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException exception)
        {
            throw Malformed(method, uri, response.StatusCode, exception.Message, exception);
        }
        catch (IOException exception)
        {
            throw Failed(method, uri, response.StatusCode, "the connection broke while the body was read", exception, isTransient: true);
        }

        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty)
        {
            if (allowEmpty)
            {
                return [];
            }

            throw Malformed(method, uri, response.StatusCode, "the body is empty, but DICOM JSON was expected", null);
        }

        try
        {
            using var document = JsonDocument.Parse(body);

            // A STOW-RS response is one dataset (PS3.18 10.5.3); some servers wrap it in an array like QIDO-RS results.
            return method == HttpMethod.Post && document.RootElement.ValueKind == JsonValueKind.Object
                ? [global::RadAssist.Dicom.DicomJson.Read(document.RootElement)]
                : ReadDatasetArray(document.RootElement);
        }
        catch (JsonException exception)
        {
            throw Malformed(method, uri, response.StatusCode, $"the body is not valid JSON ({exception.Message})", exception);
        }
        catch (DicomFormatException exception)
        {
            throw Malformed(method, uri, response.StatusCode, exception.Message, exception);
        }
    }

    private static async Task<byte[]> ReadLimitedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            throw new InvalidDataException($"the body of {content.Headers.ContentLength} bytes is larger than the limit of {maxBytes} bytes");
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new InvalidDataException($"the body is larger than the limit of {maxBytes} bytes");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        Uri uri,
        string accept,
        HttpContent? content,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));

        var started = Stopwatch.GetTimestamp();
        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException exception)
        {
            throw Failed(method, uri, null, "the request timed out", exception, isTransient: true);
        }
        catch (HttpRequestException exception)
        {
            throw Failed(method, uri, null, $"the server could not be reached ({exception.Message})", exception, isTransient: true);
        }
        catch (Polly.Timeout.TimeoutRejectedException exception)
        {
            throw Failed(method, uri, null, $"the request timed out after {exception.Timeout.TotalSeconds:0.###} s (DicomWebOptions.AttemptTimeout)", exception, isTransient: true);
        }
        catch (ExecutionRejectedException exception)
        {
            throw Failed(method, uri, null, $"the request was rejected by the resilience policy ({exception.Message})", exception, isTransient: true);
        }

        var status = (int)response.StatusCode;
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var url = DicomWebUrl.Redact(uri);
            Log.DicomWebResponse(_logger, method.Method, url, status, elapsed);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var failure = method == HttpMethod.Post && response.StatusCode == HttpStatusCode.Conflict
                ? await DescribeStowConflictAsync(response, cancellationToken).ConfigureAwait(false)
                : null;
            var transient = status is 408 or 429 or >= 500;
            throw Failed(method, uri, response.StatusCode, failure ?? HintOf(response.StatusCode, method), null, transient);
        }
    }

    private static List<DicomDataset> ReadDatasetArray(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new DicomFormatException(
                "InvalidJson", -1, null, $"A DICOM JSON response must be an array of datasets, not a JSON {root.ValueKind}.");
        }

        return [.. root.EnumerateArray().Select(item => global::RadAssist.Dicom.DicomJson.Read(item))];
    }

    private async Task<string?> DescribeStowConflictAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await ReadLimitedAsync(response.Content, _options.MaxJsonBytes, cancellationToken).ConfigureAwait(false);
            using var document = JsonDocument.Parse(body);
            var dataset = document.RootElement.ValueKind == JsonValueKind.Object
                ? global::RadAssist.Dicom.DicomJson.Read(document.RootElement)
                : ReadDatasetArray(document.RootElement).FirstOrDefault();
            var result = StowRsResponse.Read(response.StatusCode, dataset);
            return $"the server stored none of the instances: {StowRsResponse.Describe(result.Failed)}";
        }
        catch (Exception exception) when (exception is JsonException or DicomFormatException or InvalidDataException or IOException)
        {
            return null;
        }
    }

    private static string HintOf(HttpStatusCode status, HttpMethod method) => (int)status switch
    {
        400 => "the server rejected the request as invalid",
        401 => "authentication is missing or was rejected; check DicomWebOptions.Authorization",
        403 => "the credentials do not allow this request",
        404 => "the resource was not found; check the base address and the UIDs",
        406 => "the server cannot return the requested media type",
        409 => "the server stored none of the instances",
        413 => "the request is larger than the server accepts",
        415 => "the server does not accept the media type sent",
        >= 500 when method == HttpMethod.Get => "the server failed; the request was retried as DicomWebOptions.MaxRetryAttempts allows",
        >= 500 => "the server failed; a STOW-RS request is not retried",
        _ => "the server returned an error status",
    };

    private DicomWebException Failed(
        HttpMethod method,
        Uri uri,
        HttpStatusCode? status,
        string problem,
        Exception? inner,
        bool isTransient)
    {
        var statusText = status is { } code ? $"HTTP {(int)code} {code}" : "no response";
        var url = DicomWebUrl.Redact(uri);
        var exception = new DicomWebException(
            $"DICOMweb {method.Method} {url} failed ({statusText}): {problem}.",
            method,
            uri,
            status,
            isTransient,
            inner);
        Log.DicomWebFailed(_logger, method.Method, url, status, exception);
        return exception;
    }

    private DicomWebException Malformed(HttpMethod method, Uri uri, HttpStatusCode status, string problem, Exception? inner) =>
        Failed(method, uri, status, $"the response is malformed: {problem.TrimEnd('.')}", inner, isTransient: false);

    private static string PathOf(string? study, string? series, string? instance, bool optional)
    {
        if (study is null)
        {
            if (!optional || series is not null || instance is not null)
            {
                throw new ArgumentException("A Study Instance UID is required for this request.", nameof(study));
            }

            return string.Empty;
        }

        var path = "studies/" + CheckUid(study, "studyInstanceUid") + "/";
        if (series is not null)
        {
            path += "series/" + CheckUid(series, "seriesInstanceUid") + "/";
        }

        if (instance is not null)
        {
            if (series is null)
            {
                throw new ArgumentException("A SOP Instance UID needs its Series Instance UID.", nameof(instance));
            }

            path += "instances/" + CheckUid(instance, "sopInstanceUid") + "/";
        }

        return path;
    }

    private static string CheckUid(string uid, string name) => DicomUid.IsValid(uid)
        ? uid
        : throw new ArgumentException($"{name} '{uid}' is not a valid UID (DICOM PS3.5 9.1).", name);
}
