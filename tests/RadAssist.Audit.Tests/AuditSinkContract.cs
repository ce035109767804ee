using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace RadAssist.Audit.Tests;

/// <summary>
/// The behavior every <see cref="IAuditSink"/> must show, run once per sink by a derived fixture: chain order,
/// durable appends across restarts and crashes, queries, and detection of every kind of tampering by verify.
/// </summary>
public abstract class AuditSinkContract
{
    private static readonly DateTimeOffset BaseTime = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Sink kind as the append worker names it.</summary>
    protected abstract string WorkerKind { get; }

    /// <summary>Target the append worker opens, naming the store of the current test.</summary>
    protected abstract string WorkerTarget { get; }

    /// <summary>Creates an empty store for the current test.</summary>
    protected abstract Task CreateStoreAsync();

    /// <summary>Removes the store of the current test.</summary>
    protected abstract Task DeleteStoreAsync();

    /// <summary>Opens a sink on the store of the current test, as a freshly started process would.</summary>
    protected abstract IAuditSink OpenSink();

    /// <summary>Reads the stored records in storage order, each as its canonical JSON line.</summary>
    protected abstract Task<List<string>> ReadStoredLinesAsync();

    /// <summary>
    /// Replaces the stored records with the given lines, as someone with write access to the store would, keeping
    /// any index columns consistent with each line but leaving the chain head (if any) untouched.
    /// </summary>
    protected abstract Task ReplaceStoredLinesAsync(IReadOnlyList<string> lines);

    [SetUp]
    public async Task CreateStore() => await CreateStoreAsync();

    [TearDown]
    public async Task DeleteStore() => await DeleteStoreAsync();

    [Test]
    public async Task Append_chains_records_from_genesis()
    {
        await using var sink = (IAsyncDisposable)OpenSink();
        var audit = (IAuditSink)sink;

        var first = await audit.AppendAsync(Event("run-1", 0));
        var second = await audit.AppendAsync(Event("run-1", 1));
        var third = await audit.AppendAsync(Event("run-2", 2));

        Assert.That(first.Sequence, Is.EqualTo(1));
        Assert.That(first.PreviousHash, Is.EqualTo(AuditRecord.GenesisHash));
        Assert.That(second.Sequence, Is.EqualTo(2));
        Assert.That(second.PreviousHash, Is.EqualTo(first.Hash));
        Assert.That(third.Sequence, Is.EqualTo(3));
        Assert.That(third.PreviousHash, Is.EqualTo(second.Hash));
        Assert.That(third.VerifyHash(), Is.True);
    }

    [Test]
    public async Task Append_stores_canonical_form()
    {
        var auditEvent = new AuditEvent
        {
            CorrelationId = "run-canonical",
            EventType = AuditEventTypes.Generate,
            Timestamp = new DateTimeOffset(2026, 3, 1, 9, 30, 15, TimeSpan.FromHours(2)).AddTicks(1234567),
            Actor = "radassist-pipeline",
            Outcome = AuditOutcomes.Success,
            StudyInstanceUid = "2.25.329800735698586629295641978511506172918",
            InputSha256 = new string('a', 64),
            ModelId = "deterministic",
            ModelVersion = "1.0",
            PromptVersion = "p-3",
            Output = "FINDINGS: 6 mm nodule in the right upper lobe. \"Quoted\" \u00e9\u00e8 \u5c71\u7530 \\ end",
            Data = new Dictionary<string, string> { ["zeta"] = "1", ["alpha"] = "2" },
        };

        AuditRecord appended;
        await using (var sink = (IAsyncDisposable)OpenSink())
        {
            appended = await ((IAuditSink)sink).AppendAsync(auditEvent);
        }

        var stored = await QueryAllAsync(OpenSink(), new AuditQuery());
        var lines = await ReadStoredLinesAsync();

        Assert.That(stored, Has.Count.EqualTo(1));
        Assert.That(stored[0].ToJson(), Is.EqualTo(appended.ToJson()));
        Assert.That(stored[0].VerifyHash(), Is.True);
        Assert.That(stored[0].Event.Timestamp, Is.EqualTo(new DateTimeOffset(2026, 3, 1, 7, 30, 15, TimeSpan.Zero).AddTicks(1234560)));
        Assert.That(stored[0].Event.Data["alpha"], Is.EqualTo("2"));
        Assert.That(lines.Single(), Is.EqualTo(appended.ToJson()));
    }

    [Test]
    public async Task Chain_continues_after_restart()
    {
        AuditRecord beforeRestart;
        await using (var sink = (IAsyncDisposable)OpenSink())
        {
            await ((IAuditSink)sink).AppendAsync(Event("run-1", 0));
            beforeRestart = await ((IAuditSink)sink).AppendAsync(Event("run-1", 1));
        }

        await using var reopened = (IAsyncDisposable)OpenSink();
        var afterRestart = await ((IAuditSink)reopened).AppendAsync(Event("run-2", 2));
        var verification = await ((IAuditSink)reopened).VerifyAsync();

        Assert.That(afterRestart.Sequence, Is.EqualTo(3));
        Assert.That(afterRestart.PreviousHash, Is.EqualTo(beforeRestart.Hash));
        Assert.That(verification.IsValid, Is.True, verification.Reason);
        Assert.That(verification.RecordCount, Is.EqualTo(3));
    }

    [Test]
    public async Task Concurrent_appends_form_one_chain()
    {
        const int Writers = 8;
        const int PerWriter = 40;
        await using var sink = (IAsyncDisposable)OpenSink();
        var audit = (IAuditSink)sink;
        var acknowledged = new ConcurrentBag<AuditRecord>();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < PerWriter; i++)
            {
                acknowledged.Add(await audit.AppendAsync(Event($"writer-{writer}", i)));
            }
        })));

        var stored = await QueryAllAsync(audit, new AuditQuery());
        var verification = await audit.VerifyAsync();

        Assert.That(acknowledged.Select(r => r.Sequence).Order(), Is.EqualTo(Enumerable.Range(1, Writers * PerWriter).Select(i => (long)i)));
        Assert.That(stored.Select(r => r.Hash), Is.EqualTo(acknowledged.OrderBy(r => r.Sequence).Select(r => r.Hash)));
        Assert.That(verification.IsValid, Is.True, verification.Reason);
        Assert.That(verification.RecordCount, Is.EqualTo(Writers * PerWriter));
    }

    [Test]
    public async Task Query_filters_by_run_study_and_time()
    {
        await using var sink = (IAsyncDisposable)OpenSink();
        var audit = (IAuditSink)sink;
        for (var i = 0; i < 10; i++)
        {
            await audit.AppendAsync(Event(i % 2 == 0 ? "run-even" : "run-odd", i, study: i < 5 ? "2.25.100" : "2.25.200"));
        }

        var byRun = await QueryAllAsync(audit, new AuditQuery { CorrelationId = "run-odd" });
        var byStudy = await QueryAllAsync(audit, new AuditQuery { StudyInstanceUid = "2.25.200" });
        var byTime = await QueryAllAsync(audit, new AuditQuery { From = BaseTime.AddMinutes(3), To = BaseTime.AddMinutes(6) });
        var combined = await QueryAllAsync(audit, new AuditQuery { CorrelationId = "run-even", StudyInstanceUid = "2.25.100", From = BaseTime.AddMinutes(1) });
        var all = await QueryAllAsync(audit, new AuditQuery());
        var none = await QueryAllAsync(audit, new AuditQuery { CorrelationId = "run-unknown" });

        Assert.That(byRun.Select(r => r.Sequence), Is.EqualTo(new long[] { 2, 4, 6, 8, 10 }));
        Assert.That(byStudy.Select(r => r.Sequence), Is.EqualTo(new long[] { 6, 7, 8, 9, 10 }));
        Assert.That(byTime.Select(r => r.Sequence), Is.EqualTo(new long[] { 4, 5, 6 }), "From is inclusive, To exclusive");
        Assert.That(combined.Select(r => r.Sequence), Is.EqualTo(new long[] { 3, 5 }));
        Assert.That(all.Select(r => r.Sequence), Is.EqualTo(Enumerable.Range(1, 10).Select(i => (long)i)));
        Assert.That(none, Is.Empty);
    }

    [Test]
    public async Task Query_time_bounds_use_microseconds()
    {
        await using var sink = (IAsyncDisposable)OpenSink();
        var audit = (IAuditSink)sink;
        var stored = await audit.AppendAsync(Event("run-1", 0));
        var time = stored.Event.Timestamp;

        var fromJustAfter = await QueryAllAsync(audit, new AuditQuery { From = time.AddTicks(1) });
        var toJustAfter = await QueryAllAsync(audit, new AuditQuery { To = time.AddTicks(1) });
        var toExact = await QueryAllAsync(audit, new AuditQuery { To = time });
        var fromExactInOtherOffset = await QueryAllAsync(audit, new AuditQuery { From = time.ToOffset(TimeSpan.FromHours(-5)) });

        Assert.That(fromJustAfter, Is.Empty);
        Assert.That(toJustAfter, Has.Count.EqualTo(1));
        Assert.That(toExact, Is.Empty);
        Assert.That(fromExactInOtherOffset, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Verify_accepts_empty_and_intact_stores()
    {
        await using var sink = (IAsyncDisposable)OpenSink();
        var audit = (IAuditSink)sink;

        var empty = await audit.VerifyAsync();
        await AppendManyAsync(audit, 5);
        var intact = await audit.VerifyAsync();

        Assert.That(empty.IsValid, Is.True, empty.Reason);
        Assert.That(empty.RecordCount, Is.Zero);
        Assert.That(intact.IsValid, Is.True, intact.Reason);
        Assert.That(intact.RecordCount, Is.EqualTo(5));
        Assert.That(intact.FirstBadSequence, Is.Null);
    }

    [Test]
    public async Task Verify_detects_edited_field()
    {
        await SeedAsync(6);
        var lines = await ReadStoredLinesAsync();
        lines[2] = SetField(lines[2], "output", "changed after the fact");
        await ReplaceStoredLinesAsync(lines);

        await AssertBrokenAtAsync(3);
    }

    [Test]
    public async Task Verify_detects_edit_with_recomputed_hash()
    {
        await SeedAsync(6);
        var lines = await ReadStoredLinesAsync();
        var original = AuditRecord.Parse(lines[2]);
        var forged = AuditRecord.Create(original.Event with { Actor = "someone-else" }, original.Sequence, original.PreviousHash);
        lines[2] = forged.ToJson();
        await ReplaceStoredLinesAsync(lines);

        await AssertBrokenAtAsync(4);
    }

    [Test]
    public async Task Verify_detects_deleted_record([Values(1, 3)] int position)
    {
        await SeedAsync(6);
        var lines = await ReadStoredLinesAsync();
        lines.RemoveAt(position - 1);
        await ReplaceStoredLinesAsync(lines);

        await AssertBrokenAtAsync(position);
    }

    [Test]
    public async Task Verify_detects_deleted_last_record()
    {
        await SeedAsync(6);
        var lines = await ReadStoredLinesAsync();
        lines.RemoveAt(lines.Count - 1);
        await ReplaceStoredLinesAsync(lines);

        await AssertBrokenAtAsync(6);
    }

    [Test]
    public async Task Verify_detects_inserted_record()
    {
        await SeedAsync(6);
        var lines = await ReadStoredLinesAsync();
        var before = AuditRecord.Parse(lines[2]);

        // The forged record is itself well formed and chained to record 3; the record after it is not.
        var forged = AuditRecord.Create(Event("run-forged", 99), before.Sequence + 1, before.Hash);
        lines.Insert(3, forged.ToJson());
        await ReplaceStoredLinesAsync(lines);

        await AssertBrokenAtAsync(5);
    }

    [Test]
    public async Task Verify_detects_reordered_records()
    {
        await SeedAsync(6);
        var lines = await ReadStoredLinesAsync();
        (lines[3], lines[4]) = (lines[4], lines[3]);
        await ReplaceStoredLinesAsync(lines);

        await AssertBrokenAtAsync(4);
    }

    [Test]
    public async Task Verify_detects_changed_sequence_number()
    {
        await SeedAsync(6);
        var lines = await ReadStoredLinesAsync();
        lines[4] = SetField(lines[4], "seq", 50);
        await ReplaceStoredLinesAsync(lines);

        await AssertBrokenAtAsync(5);
    }

    [Test]
    public async Task Append_rejects_event_without_correlation_id()
    {
        await using var sink = (IAsyncDisposable)OpenSink();
        var audit = (IAuditSink)sink;

        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await audit.AppendAsync(Event("run-1", 0) with { CorrelationId = " " }));
        var stored = await QueryAllAsync(audit, new AuditQuery());

        Assert.That(error!.Message, Does.Contain("CorrelationId"));
        Assert.That(stored, Is.Empty);
    }

    [Test]
    public async Task Append_with_cancelled_token_stores_nothing()
    {
        await using var sink = (IAsyncDisposable)OpenSink();
        var audit = (IAuditSink)sink;
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.CatchAsync<OperationCanceledException>(async () => await audit.AppendAsync(Event("run-1", 0), cancellation.Token));
        var next = await audit.AppendAsync(Event("run-1", 1));

        Assert.That(next.Sequence, Is.EqualTo(1));
    }

    /// <summary>
    /// Starts a child process that appends from four tasks, kills it with SIGKILL at a random point, and checks that
    /// every append it acknowledged is stored unchanged and the chain verifies. The store is kept between rounds,
    /// so each round also restarts on a chain a crash left behind.
    /// </summary>
    [Test]
    [CancelAfter(300_000)]
    public async Task Sigkill_never_loses_acknowledged_appends()
    {
        var rounds = int.TryParse(Environment.GetEnvironmentVariable("RADASSIST_KILL_ROUNDS"), out var configured) ? configured : 12;
        var random = new Random(20260301);
        var acknowledged = new Dictionary<long, string>();

        for (var round = 0; round < rounds; round++)
        {
            var acks = await RunAndKillWorkerAsync(delayAfterFirstAck: TimeSpan.FromMilliseconds(random.Next(0, 400)));
            Assert.That(acks, Is.Not.Empty, $"round {round}: the worker acknowledged nothing before it was killed");
            foreach (var (sequence, hash) in acks)
            {
                Assert.That(acknowledged.TryAdd(sequence, hash), Is.True, $"round {round}: seq {sequence} was acknowledged twice");
            }

            await using var sink = (IAsyncDisposable)OpenSink();
            var audit = (IAuditSink)sink;
            var verification = await audit.VerifyAsync();
            var stored = (await QueryAllAsync(audit, new AuditQuery())).ToDictionary(r => r.Sequence, r => r.Hash);

            Assert.That(verification.IsValid, Is.True, $"round {round}: {verification.Reason} at {verification.FirstBadLocation}");
            foreach (var (sequence, hash) in acknowledged)
            {
                Assert.That(stored.GetValueOrDefault(sequence), Is.EqualTo(hash), $"round {round}: acknowledged seq {sequence} is missing or changed");
            }
        }

        TestContext.Out.WriteLine($"{rounds} kills, {acknowledged.Count} acknowledged appends, none lost.");
    }

    protected static AuditEvent Event(string correlationId, int minute, string? study = "2.25.100") => new()
    {
        CorrelationId = correlationId,
        EventType = AuditEventTypes.Generate,
        Timestamp = BaseTime.AddMinutes(minute),
        Actor = "radassist-pipeline",
        StudyInstanceUid = study,
        Output = string.Create(CultureInfo.InvariantCulture, $"event {minute}"),
        Data = new Dictionary<string, string> { ["minute"] = minute.ToString(CultureInfo.InvariantCulture) },
    };

    protected static async Task<List<AuditRecord>> QueryAllAsync(IAuditSink sink, AuditQuery query)
    {
        var records = new List<AuditRecord>();
        await foreach (var record in sink.QueryAsync(query))
        {
            records.Add(record);
        }

        return records;
    }

    private static async Task AppendManyAsync(IAuditSink sink, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await sink.AppendAsync(Event("run-" + (i % 3).ToString(CultureInfo.InvariantCulture), i));
        }
    }

    private async Task SeedAsync(int count)
    {
        await using var sink = (IAsyncDisposable)OpenSink();
        await AppendManyAsync((IAuditSink)sink, count);
        var verification = await ((IAuditSink)sink).VerifyAsync();
        Assert.That(verification.IsValid, Is.True, "the seeded chain must verify before it is tampered with");
    }

    private async Task AssertBrokenAtAsync(long expectedSequence)
    {
        await using var sink = (IAsyncDisposable)OpenSink();
        var verification = await ((IAuditSink)sink).VerifyAsync();

        Assert.That(verification.IsValid, Is.False);
        Assert.That(verification.FirstBadSequence, Is.EqualTo(expectedSequence), verification.Reason);
        Assert.That(verification.FirstBadLocation, Is.Not.Null.And.Not.Empty);
        Assert.That(verification.Reason, Is.Not.Null.And.Not.Empty);
    }

    private static string SetField(string line, string name, JsonNode value)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        node[name] = value;
        return node.ToJsonString();
    }

    private async Task<List<(long Sequence, string Hash)>> RunAndKillWorkerAsync(TimeSpan delayAfterFirstAck)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(AppendWorker).Assembly.Location);
        start.ArgumentList.Add(AppendWorker.CommandName);
        start.ArgumentList.Add(WorkerKind);
        start.ArgumentList.Add(WorkerTarget);

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The append worker did not start.");
        var acks = new List<(long, string)>();
        var firstAck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = process.StandardError.ReadToEndAsync();
        var reading = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                // A line cut short by the kill has a short hash and is ignored, as the append was never reported.
                var parts = line.Split(' ');
                if (parts.Length == 3 && parts[0] == "ack" && parts[2].Length == 64)
                {
                    acks.Add((long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]));
                    firstAck.TrySetResult();
                }
            }
        });

        var started = await Task.WhenAny(firstAck.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (started != firstAck.Task)
        {
            process.Kill();
            Assert.Fail($"The append worker acknowledged nothing within 60 s. stderr: {await stderr}");
        }

        await Task.Delay(delayAfterFirstAck);

        // Process.Kill sends SIGKILL on Linux: no finalizers, no flush, no dispose.
        process.Kill();
        await process.WaitForExitAsync();
        await reading;
        return acks;
    }
}
