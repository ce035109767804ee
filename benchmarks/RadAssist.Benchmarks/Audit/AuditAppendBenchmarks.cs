using BenchmarkDotNet.Attributes;
using RadAssist.Audit.PostgreSql;
using RadAssist.Audit.Sqlite;

namespace RadAssist.Benchmarks.Audit;

/// <summary>
/// Audit appends with durability on, per sink: one writer waiting for each append (one disk sync per event), and
/// 16 concurrent writers (SQLite and PostgreSQL share a sync among the events of one batch).
/// </summary>
/// <remarks>
/// Each invocation appends <see cref="AppendsPerInvoke"/> events, so the reported time is per append and appends
/// per second is its inverse. PostgreSQL runs only when RADASSIST_POSTGRES contains a connection string, and each run
/// creates its own schema.
/// </remarks>
[MemoryDiagnoser]
public class AuditAppendBenchmarks
{
    private const int AppendsPerInvoke = 64;
    private const int ConcurrentWriters = 16;

    private readonly AuditEvent _event = new()
    {
        CorrelationId = "bench-0001",
        EventType = AuditEventTypes.Generate,
        Timestamp = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero),
        Actor = "radassist-deterministic",
        StudyInstanceUid = "2.25.329800735698586629295641978511506172918",
        InputSha256 = new string('a', 64),
        ModelId = "radassist-deterministic",
        ModelVersion = "1.0",
        Output = "FINDINGS: A 6 mm nodule in the right upper lobe, unchanged. No pneumothorax or pleural effusion.",
        Data = new Dictionary<string, string> { ["draft_id"] = "draft-0001", ["generator_version"] = "1.0" },
    };

    private string _directory = string.Empty;
    private IAuditSink _sink = null!;

    /// <summary>Sink under test.</summary>
    [ParamsSource(nameof(Sinks))]
    public string Sink { get; set; } = "sqlite";

    /// <summary>The sinks to measure: PostgreSQL only when a server is configured.</summary>
    public static IEnumerable<string> Sinks()
    {
        yield return "sqlite";
        yield return "jsonl";
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("RADASSIST_POSTGRES")))
        {
            yield return "postgresql";
        }
    }

    [GlobalSetup]
    public void Setup()
    {
        _directory = Directory.CreateTempSubdirectory("radassist-audit-bench-").FullName;
        _sink = Sink switch
        {
            "sqlite" => new SqliteAuditSink(Path.Combine(_directory, "audit.db")),
            "jsonl" => new JsonLinesAuditSink(Path.Combine(_directory, "audit.jsonl")),
            _ => new PostgreSqlAuditSink(new PostgreSqlAuditSinkOptions
            {
                ConnectionString = Environment.GetEnvironmentVariable("RADASSIST_POSTGRES")!,
                Schema = "bench_" + Guid.NewGuid().ToString("N")[..12],
            }),
        };
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_sink is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>One writer: each append waits for its own durable commit.</summary>
    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public async Task SequentialAppend()
    {
        for (var i = 0; i < AppendsPerInvoke; i++)
        {
            await _sink.AppendAsync(_event);
        }
    }

    /// <summary>Sixteen writers appending at once, as a busy node would.</summary>
    [Benchmark(OperationsPerInvoke = AppendsPerInvoke)]
    public async Task ConcurrentAppend()
    {
        var tasks = new Task[ConcurrentWriters];
        for (var writer = 0; writer < ConcurrentWriters; writer++)
        {
            tasks[writer] = Task.Run(async () =>
            {
                for (var i = 0; i < AppendsPerInvoke / ConcurrentWriters; i++)
                {
                    await _sink.AppendAsync(_event);
                }
            });
        }

        await Task.WhenAll(tasks);
    }
}
