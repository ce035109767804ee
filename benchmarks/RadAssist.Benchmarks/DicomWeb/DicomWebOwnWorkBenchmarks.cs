using System.Net;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Dicom;
using RadAssist.Dicom.DicomWeb;

namespace RadAssist.Benchmarks.DicomWeb;

/// <summary>
/// RadAssist's own work in the main job against a PACS, with every HTTP response replayed from memory. It covers
/// QIDO-RS and WADO-RS parsing, context building, de-identification, the deterministic draft, checks and the audit.
/// Requests pass through the same HttpClient pipeline (resilience and authorization handlers) as against the server.
/// </summary>
/// <remarks>
/// Setup runs the main job once against Orthanc (RADASSIST_ORTHANC_URL) and records each response by method and URL;
/// the benchmark then serves the same requests from the recording, so no time is spent waiting on a server. Drafts
/// are not stored: a STOW-RS response names the instance it stored, so a recorded one cannot confirm a new draft.
/// <c>DicomWebMainJobBenchmarks</c> measures the whole job against the live server.
/// </remarks>
[MemoryDiagnoser]
public class DicomWebOwnWorkBenchmarks
{
    private readonly RecordingHandler _recording = new();
    private ServiceProvider _services = null!;
    private DraftPipeline _pipeline = null!;
    private string _studyUid = null!;
    private int _runs;

    [GlobalSetup]
    public void Setup()
    {
        var url = Environment.GetEnvironmentVariable("RADASSIST_ORTHANC_URL")
            ?? throw new InvalidOperationException("Set RADASSIST_ORTHANC_URL to Orthanc's HTTP root, such as http://127.0.0.1:18042.");
        var services = new ServiceCollection();
        services.AddRadAssist();
        services.AddRadAssistDicomWeb(options => options.BaseAddress = new Uri(url.TrimEnd('/') + "/dicom-web/"));
        services.AddHttpClient<DicomWebClient>().AddHttpMessageHandler(() => _recording);
        _services = services.BuildServiceProvider();
        _pipeline = _services.GetRequiredService<DraftPipeline>();

        var patientId = "RA-BENCH-" + Guid.NewGuid().ToString("N")[..8];
        _studyUid = DicomUid.Generate();
        var client = _services.GetRequiredService<DicomWebClient>();
        client.StoreAsync([BenchmarkStudies.Rewrite("data/dicom/pyd_CT_small.dcm", patientId, _studyUid, "20240301")]).GetAwaiter().GetResult();
        client.StoreAsync([BenchmarkStudies.Rewrite("data/dicom/dcmtk_mkreport_report13.dcm", patientId, DicomUid.Generate(), "20230115")]).GetAwaiter().GetResult();

        var first = MainJobWithReplayedResponses().GetAwaiter().GetResult();
        if (first.Draft?.Sections.Any(s => s.Sentences.Any(t => t.Provenance.Any(p => p.Kind == SourceKind.PriorReport))) != true)
        {
            throw new InvalidOperationException("The recorded run did not read the prior report; check the server's content.");
        }

        _recording.Replay = true;
    }

    [Benchmark]
    public async Task<DraftRunResult> MainJobWithReplayedResponses()
    {
        var result = await _pipeline.RunAsync(new StudyEvent
        {
            EventId = "own-" + _runs++.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Source = "benchmark",
            StudyInstanceUid = _studyUid,
        });
        if (result.Status != DraftRunStatus.Completed)
        {
            throw new InvalidOperationException($"Run ended with {result.Status}: {result.Error}");
        }

        return result;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Console.WriteLine($"// Replayed {_recording.Replayed} responses; {_recording.Missed} requests were not in the recording.");
        _services.Dispose();
    }

    /// <summary>Records each response body by method and URL, then serves the same requests from memory.</summary>
    private sealed class RecordingHandler : DelegatingHandler
    {
        private readonly Dictionary<string, (HttpStatusCode Status, KeyValuePair<string, IEnumerable<string>>[] Headers, byte[] Body)> _responses = [];

        public bool Replay { get; set; }

        public int Replayed { get; private set; }

        public int Missed { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var key = request.Method + " " + request.RequestUri;
            if (Replay)
            {
                if (_responses.TryGetValue(key, out var recorded))
                {
                    Replayed++;
                    return Create(request, recorded.Status, recorded.Headers, recorded.Body);
                }

                Missed++;
            }

            using var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var headers = response.Content.Headers.ToArray();
            _responses[key] = (response.StatusCode, headers, body);
            return Create(request, response.StatusCode, headers, body);
        }

        private static HttpResponseMessage Create(
            HttpRequestMessage request,
            HttpStatusCode status,
            KeyValuePair<string, IEnumerable<string>>[] headers,
            byte[] body)
        {
            var response = new HttpResponseMessage(status) { RequestMessage = request, Content = new ByteArrayContent(body) };
            foreach (var header in headers)
            {
                response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return response;
        }
    }
}
