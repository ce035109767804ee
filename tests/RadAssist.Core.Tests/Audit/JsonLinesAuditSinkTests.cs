namespace RadAssist.Core.Tests.Audit;

public sealed class JsonLinesAuditSinkTests
{
    private string _directory = null!;
    private string _path = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "radassist-audit-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _path = Path.Combine(_directory, "audit.jsonl");
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    private static AuditEvent Event(int i) => new()
    {
        CorrelationId = $"run-{i / 3}",
        EventType = i % 3 == 0 ? AuditEventTypes.Received : AuditEventTypes.Generate,
        Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(i).AddTicks(1234567),
        Actor = "test",
        StudyInstanceUid = $"1.2.3.{i % 2}",
        Output = $"line {i} with \"quotes\" and \n newline",
        Data = new Dictionary<string, string> { ["z"] = "1", ["a"] = "2" },
    };

    private async Task WriteAsync(int count)
    {
        using var sink = new JsonLinesAuditSink(_path);
        for (var i = 0; i < count; i++)
        {
            await sink.AppendAsync(Event(i));
        }
    }

    [Test]
    public async Task Verify_UntouchedLog_IsValid()
    {
        await WriteAsync(10);

        var result = await JsonLinesAuditSink.VerifyFileAsync(_path);

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.RecordCount, Is.EqualTo(10));
    }

    [TestCase(1)]
    [TestCase(5)]
    [TestCase(10)]
    public async Task Verify_EditedLine_NamesIt(int line)
    {
        await WriteAsync(10);
        var lines = File.ReadAllLines(_path);
        lines[line - 1] = lines[line - 1].Replace("\"actor\":\"test\"", "\"actor\":\"mallory\"");
        File.WriteAllLines(_path, lines);

        var result = await JsonLinesAuditSink.VerifyFileAsync(_path);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.FirstBadLocation, Is.EqualTo($"line {line}"));
        Assert.That(result.Reason, Does.Contain("edited"));
    }

    [TestCase(1)]
    [TestCase(4)]
    [TestCase(9)]
    public async Task Verify_DeletedLine_NamesTheLineAfterIt(int line)
    {
        await WriteAsync(10);
        var lines = File.ReadAllLines(_path).ToList();
        lines.RemoveAt(line - 1);
        File.WriteAllLines(_path, lines);

        var result = await JsonLinesAuditSink.VerifyFileAsync(_path);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.FirstBadLocation, Is.EqualTo($"line {line}"));
        Assert.That(result.FirstBadSequence, Is.EqualTo(line));
    }

    [TestCase(2, 3)]
    [TestCase(1, 10)]
    public async Task Verify_ReorderedLines_NamesFirstMoved(int first, int second)
    {
        await WriteAsync(10);
        var lines = File.ReadAllLines(_path);
        (lines[first - 1], lines[second - 1]) = (lines[second - 1], lines[first - 1]);
        File.WriteAllLines(_path, lines);

        var result = await JsonLinesAuditSink.VerifyFileAsync(_path);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.FirstBadLocation, Is.EqualTo($"line {first}"));
    }

    [Test]
    public async Task Verify_InsertedLine_NamesIt()
    {
        await WriteAsync(5);
        var lines = File.ReadAllLines(_path).ToList();
        lines.Insert(2, lines[1]);
        File.WriteAllLines(_path, lines);

        var result = await JsonLinesAuditSink.VerifyFileAsync(_path);

        Assert.That(result.FirstBadLocation, Is.EqualTo("line 3"));
    }

    [Test]
    public async Task Verify_GarbageLine_NamesIt()
    {
        await WriteAsync(3);
        var lines = File.ReadAllLines(_path);
        lines[1] = "{not json";
        File.WriteAllLines(_path, lines);

        var result = await JsonLinesAuditSink.VerifyFileAsync(_path);

        Assert.That(result.FirstBadLocation, Is.EqualTo("line 2"));
        Assert.That(result.Reason, Does.Contain("not a valid audit record"));
    }

    [Test]
    public async Task Reopen_ContinuesTheChain()
    {
        await WriteAsync(3);
        await WriteAsync(2);

        var result = await JsonLinesAuditSink.VerifyFileAsync(_path);

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.RecordCount, Is.EqualTo(5));
    }

    [Test]
    public async Task Reopen_DropsTornLastLine()
    {
        await WriteAsync(3);
        File.AppendAllText(_path, "{\"seq\":4,\"timest");

        await WriteAsync(1);
        var result = await JsonLinesAuditSink.VerifyFileAsync(_path);

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.RecordCount, Is.EqualTo(4));
    }

    [Test]
    public async Task Query_FiltersByCorrelationStudyAndTime()
    {
        await WriteAsync(9);
        using var sink = new JsonLinesAuditSink(_path);

        var byRun = await sink.QueryAsync(new AuditQuery { CorrelationId = "run-1" }).ToListAsync();
        var byStudy = await sink.QueryAsync(new AuditQuery { StudyInstanceUid = "1.2.3.1" }).ToListAsync();
        var byTime = await sink.QueryAsync(new AuditQuery
        {
            From = new DateTimeOffset(2026, 1, 1, 0, 0, 2, TimeSpan.Zero),
            To = new DateTimeOffset(2026, 1, 1, 0, 0, 4, TimeSpan.Zero),
        }).ToListAsync();

        Assert.That(byRun.Select(r => r.Sequence), Is.EqualTo(new long[] { 4, 5, 6 }));
        Assert.That(byStudy.Select(r => r.Sequence), Is.EqualTo(new long[] { 2, 4, 6, 8 }));
        Assert.That(byTime.Select(r => r.Sequence), Is.EqualTo(new long[] { 3, 4 }));
    }

    [Test]
    public async Task Record_RoundTripsThroughJson()
    {
        await WriteAsync(1);
        var line = File.ReadAllLines(_path).Single();

        var record = AuditRecord.Parse(line);

        Assert.That(record.VerifyHash(), Is.True);
        Assert.That(record.ToJson(), Is.EqualTo(line));
        Assert.That(record.Event.Timestamp.Ticks % 10, Is.Zero);
        Assert.That(record.Event.Output, Is.EqualTo("line 0 with \"quotes\" and \n newline"));
    }

    [Test]
    public async Task Append_IsSafeUnderConcurrency()
    {
        using (var sink = new JsonLinesAuditSink(_path))
        {
            await Task.WhenAll(Enumerable.Range(0, 200).Select(i => sink.AppendAsync(Event(i)).AsTask()));
        }

        var result = await JsonLinesAuditSink.VerifyFileAsync(_path);

        Assert.That(result.IsValid, Is.True);
        Assert.That(result.RecordCount, Is.EqualTo(200));
    }
}
