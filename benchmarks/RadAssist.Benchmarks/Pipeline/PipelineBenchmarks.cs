using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Demo;

namespace RadAssist.Benchmarks.Pipeline;

/// <summary>
/// The main job with the deterministic generator on one real report: event, context, generation, JSON and
/// text rendering, and seven audit appends to an in-memory sink.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private DraftPipeline _pipeline = null!;
    private StudyEvent _shortReport = null!;
    private StudyEvent _longReport = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "data", "reports");
        var reports = ReportCorpus.Load(directory);

        // A typical chest X-ray report and the longest transcription of the corpus.
        _shortReport = reports.First(r => r.Collection == "openi" && r.Text.Length > 400).ToFollowUpEvent();
        _longReport = reports.MaxBy(r => r.Text.Length)!.ToFollowUpEvent();

        var services = new ServiceCollection();
        services.AddRadAssist(o => o.OutputFormats.Add("text"));
        _services = services.BuildServiceProvider();
        _pipeline = _services.GetRequiredService<DraftPipeline>();
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true)]
    public Task<DraftRunResult> ChestXrayReport() => _pipeline.RunAsync(_shortReport);

    [Benchmark]
    public Task<DraftRunResult> LongestReport() => _pipeline.RunAsync(_longReport);
}
