using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Dicom;
using RadAssist.Dicom.DicomWeb;

namespace RadAssist.Benchmarks.DicomWeb;

/// <summary>
/// The main job against Orthanc on loopback: study event to SR stored through STOW-RS, with the deterministic
/// generator. Reads RADASSIST_ORTHANC_URL, such as http://127.0.0.1:18042.
/// </summary>
/// <remarks>
/// Each run does QIDO-RS for the study, its series, one instance, the prior studies and their SR series, WADO-RS
/// metadata and the prior report SR, then STOW-RS and a confirming QIDO-RS. A handler next to the socket adds up the
/// time from each request to the last byte of its response, read into memory: that is the time spent waiting on
/// Orthanc, and the rest of a run is RadAssist's own share. The totals are printed after the runs. Run with one invocation per iteration (see
/// benchmarks/README.md), because each iteration's cleanup deletes the stored draft through Orthanc's REST API, so
/// every run starts from the same study.
/// </remarks>
[MemoryDiagnoser]
public class DicomWebMainJobBenchmarks
{
    // Runs summarized at the end, as many as the README's command measures (--iterationCount 60).
    private const int MeasuredRuns = 60;

    private readonly WaitTotals _timing = new();
    private ServiceProvider _services = null!;
    private DraftPipeline _pipeline = null!;
    private string _studyUid = null!;
    private readonly HttpClient _orthanc = new();
    private readonly List<(double RunMs, double WaitMs)> _samples = [];
    private int _runs;
    private long _runTicks;
    private string? _lastDraftUid;

    [GlobalSetup]
    public void Setup()
    {
        var url = Environment.GetEnvironmentVariable("RADASSIST_ORTHANC_URL")
            ?? throw new InvalidOperationException("Set RADASSIST_ORTHANC_URL to Orthanc's HTTP root, such as http://127.0.0.1:18042.");
        _orthanc.BaseAddress = new Uri(url.TrimEnd('/') + "/");
        var services = new ServiceCollection();
        services.AddRadAssist();
        services.AddRadAssistDicomWeb(options => options.BaseAddress = new Uri(url.TrimEnd('/') + "/dicom-web/"), storeDrafts: true);
        services.AddHttpClient<DicomWebClient>().AddHttpMessageHandler(() => new WaitTimingHandler(_timing));
        _services = services.BuildServiceProvider();
        _pipeline = _services.GetRequiredService<DraftPipeline>();

        var patientId = "RA-BENCH-" + Guid.NewGuid().ToString("N")[..8];
        _studyUid = DicomUid.Generate();
        var client = _services.GetRequiredService<DicomWebClient>();
        client.StoreAsync([BenchmarkStudies.Rewrite("data/dicom/pyd_CT_small.dcm", patientId, _studyUid, "20240301")]).GetAwaiter().GetResult();
        client.StoreAsync([BenchmarkStudies.Rewrite("data/dicom/dcmtk_mkreport_report13.dcm", patientId, DicomUid.Generate(), "20230115")]).GetAwaiter().GetResult();
    }

    [Benchmark]
    public async Task<DraftRunResult> MainJobTriggerToStoredSr()
    {
        var started = Stopwatch.GetTimestamp();
        var waitBefore = _timing.Ticks;
        var result = await _pipeline.RunAsync(new StudyEvent
        {
            EventId = "bench-" + _runs.ToString(CultureInfo.InvariantCulture),
            Source = "benchmark",
            StudyInstanceUid = _studyUid,
        });
        if (result.Status != DraftRunStatus.Completed || result.Deliveries.Count != 1)
        {
            throw new InvalidOperationException($"Run ended with {result.Status}: {result.Error}");
        }

        var elapsed = Stopwatch.GetTimestamp() - started;
        _runTicks += elapsed;
        _runs++;
        _samples.Add((
            Stopwatch.GetElapsedTime(0, elapsed).TotalMilliseconds,
            Stopwatch.GetElapsedTime(0, _timing.Ticks - waitBefore).TotalMilliseconds));
        _lastDraftUid = result.Deliveries[0].Location.Split('/')[^1];
        return result;
    }

    [IterationCleanup]
    public void DeleteDraft()
    {
        if (_lastDraftUid is null)
        {
            return;
        }

        // Orthanc's REST API (not DICOMweb) finds the instance by SOP Instance UID and deletes it.
        using var lookup = _orthanc.PostAsync("tools/lookup", new StringContent(_lastDraftUid)).GetAwaiter().GetResult();
        var body = lookup.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var id = System.Text.Json.JsonDocument.Parse(body).RootElement.EnumerateArray()
            .Select(e => e.GetProperty("ID").GetString())
            .FirstOrDefault();
        if (id is not null)
        {
            _orthanc.DeleteAsync($"instances/{id}").GetAwaiter().GetResult().Dispose();
        }

        _lastDraftUid = null;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_runs > 0)
        {
            var run = Stopwatch.GetElapsedTime(0, _runTicks).TotalMilliseconds / _runs;
            var wait = Stopwatch.GetElapsedTime(0, _timing.Ticks).TotalMilliseconds / _runs;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"// DicomWeb share over {_runs} runs: run {run:F2} ms, waiting on Orthanc {wait:F2} ms ({(double)_timing.Requests / _runs:F1} requests), RadAssist {run - wait:F2} ms per run"));

            // The last runs are the measured iterations; the first ones were warm-up, with the JIT still compiling.
            var measured = _samples.Skip(Math.Max(0, _samples.Count - MeasuredRuns)).ToList();
            var runs = measured.Select(s => s.RunMs).Order().ToList();
            var own = measured.Select(s => s.RunMs - s.WaitMs).Order().ToList();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"// Last {measured.Count} runs: run median {Percentile(runs, 0.5):F2} ms, p99 {Percentile(runs, 0.99):F2} ms; RadAssist's share median {Percentile(own, 0.5):F2} ms, p99 {Percentile(own, 0.99):F2} ms"));
        }

        _services.Dispose();
        _orthanc.Dispose();
    }

    // Nearest-rank percentile of sorted values.
    private static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    /// <summary>The time spent waiting on the server and the number of requests, over all runs.</summary>
    private sealed class WaitTotals
    {
        private long _ticks;
        private long _requests;

        public long Ticks => Interlocked.Read(ref _ticks);

        public long Requests => Interlocked.Read(ref _requests);

        public void Add(long ticks)
        {
            Interlocked.Add(ref _ticks, ticks);
            Interlocked.Increment(ref _requests);
        }
    }

    /// <summary>Adds the time from each request to the end of its response body to the totals.</summary>
    private sealed class WaitTimingHandler(WaitTotals totals) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            totals.Add(Stopwatch.GetTimestamp() - started);
            return response;
        }
    }
}
