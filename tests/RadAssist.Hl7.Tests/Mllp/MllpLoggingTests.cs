using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RadAssist.Hl7.Tests.Mllp;

/// <summary>Message bodies, and so patient data, are logged only at Trace.</summary>
public sealed class MllpLoggingTests
{
    [Test]
    public async Task Listener_LogsNoPatientDataAboveTrace()
    {
        var logger = new RecordingLogger();
        await using var source = new MllpStudyEventSource(new MllpListenerOptions { Port = 0 }, logger);
        source.Start();
        using var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            await foreach (var received in source.ReadEventsAsync(stop.Token))
            {
                await received.AcceptAsync();
            }
        });
        await using var client = new MllpClient(new MllpClientOptions { Port = source.LocalEndPoint.Port });

        await client.SendAsync(TestOrders.Orm("LOG0001", "ACC0201"));
        await client.SendAsync(TestOrders.Orm("LOG0002", "ACC0202", orderControl: "ZZ"));
        await stop.CancelAsync();

        var aboveTrace = logger.Entries.Where(e => e.Level > LogLevel.Trace).ToList();
        Assert.That(aboveTrace.Select(e => e.EventId), Does.Contain(4004).And.Contain(4005).And.Contain(4009));
        Assert.That(aboveTrace.Where(e => e.Message.Contains("DOE", StringComparison.Ordinal)), Is.Empty);
        Assert.That(aboveTrace.Where(e => e.Message.Contains("MRN0001", StringComparison.Ordinal)), Is.Empty);
        Assert.That(logger.Entries.Where(e => e.Level == LogLevel.Trace && e.Message.Contains("DOE^JANE", StringComparison.Ordinal)),
            Is.Not.Empty, "the body is logged at Trace for debugging");
    }

    [Test]
    public async Task Disconnect_MidFrame_IsLogged()
    {
        var logger = new RecordingLogger();
        await using var source = new MllpStudyEventSource(new MllpListenerOptions { Port = 0 }, logger);
        source.Start();

        using (var socket = new System.Net.Sockets.TcpClient())
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, source.LocalEndPoint.Port);
            await socket.GetStream().WriteAsync("\vMSH|^~\\&|RIS|"u8.ToArray());
        }

        // The listener logs the close on its own connection task, so the test waits for the entry.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !logger.Entries.Any(e => e.EventId == 4019))
        {
            await Task.Delay(20);
        }

        var entry = logger.Entries.Single(e => e.EventId == 4019);
        Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
        Assert.That(entry.Message, Does.Contain("14 bytes"));
    }

    private sealed record Entry(LogLevel Level, int EventId, string Message);

    private sealed class RecordingLogger : ILogger<MllpStudyEventSource>
    {
        public ConcurrentQueue<Entry> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(
            LogLevel logLevel,
            EventId eventId,
            TState state,
            Exception? exception,
            Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue(new Entry(logLevel, eventId.Id, formatter(state, exception)));
    }
}
