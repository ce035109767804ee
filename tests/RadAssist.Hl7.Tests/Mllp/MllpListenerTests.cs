using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RadAssist.Testing;

namespace RadAssist.Hl7.Tests.Mllp;

/// <summary>The MLLP listener and order source over real TCP on 127.0.0.1.</summary>
public sealed class MllpListenerTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task CaseReads_ThreeAcksNoneEarly()
    {
        var received = new ConcurrentQueue<string>();
        await using var listener = StartRecordingListener(received);
        using var peer = await MllpTestPeer.ConnectAsync(listener.LocalEndPoint);
        var stream = TestData.Bytes("cases/mllp-stream.bin");
        var reads = MllpFramingTests.SplitAt(stream, MllpFramingTests.CaseReadLengths()).ToList();

        // Reads 1 to 4 end with the end block of frame 1 but not its CR, so nothing may be acknowledged yet.
        for (var i = 0; i < 4; i++)
        {
            await peer.WriteAsync(reads[i]);
            await Task.Delay(50);
        }

        Assert.That(await peer.ReadAcknowledgmentAsync(TimeSpan.FromMilliseconds(300)), Is.Null, "no ACK before frame 1 ends");
        Assert.That(received, Is.Empty, "no message handed over before its frame ends");

        var acknowledgments = new List<string>();
        for (var i = 4; i < reads.Count; i++)
        {
            await peer.WriteAsync(reads[i]);
            await Task.Delay(50);
        }

        for (var i = 0; i < 3; i++)
        {
            var ack = await peer.ReadAcknowledgmentAsync(Wait);
            Assert.That(ack, Is.Not.Null, $"ACK {i + 1}");
            acknowledgments.Add(ack!.GetValue("MSA-2"));
        }

        Assert.That(acknowledgments, Is.EqualTo(new[] { "MSG00221", "MSG00222", "MSG00223" }));
        Assert.That(received, Is.EqualTo(new[] { "MSG00221", "MSG00222", "MSG00223" }));
        Assert.That(await peer.ReadAcknowledgmentAsync(TimeSpan.FromMilliseconds(300)), Is.Null, "exactly three ACKs");
    }

    [Test]
    public async Task TenThousandMessages_TwentyConnections_EachOnceAcked()
    {
        const int Connections = 20;
        const int PerConnection = 500;
        var delivered = new ConcurrentDictionary<string, int>();
        await using var source = new MllpStudyEventSource(new MllpListenerOptions { Port = 0 });
        source.Start();
        using var stop = new CancellationTokenSource();
        var consumer = Task.Run(async () =>
        {
            await foreach (var received in source.ReadEventsAsync(stop.Token))
            {
                delivered.AddOrUpdate(received.Event.EventId, 1, (_, count) => count + 1);
                await received.AcceptAsync();
            }
        });

        var senders = Enumerable.Range(0, Connections).Select(connection => Task.Run(async () =>
        {
            var random = new Random(connection);
            using var peer = await MllpTestPeer.ConnectAsync(source.LocalEndPoint);
            var problems = new List<string>();
            for (var i = 0; i < PerConnection; i++)
            {
                var controlId = $"C{connection:D2}M{i:D4}";
                await peer.WriteSplitAsync(TestOrders.Orm(controlId, $"A{connection:D2}{i:D4}"), random);
                var ack = await peer.ReadAcknowledgmentAsync(Wait);
                if (ack is null || ack.GetValue("MSA-1") != "AA" || ack.GetValue("MSA-2") != controlId)
                {
                    problems.Add($"{controlId}: {ack?.GetValue("MSA-1")} {ack?.GetValue("MSA-2")}");
                }
            }

            if (await peer.ReadAcknowledgmentAsync(TimeSpan.FromMilliseconds(200)) is { } extra)
            {
                problems.Add($"extra ACK {extra.GetValue("MSA-2")}");
            }

            return problems;
        })).ToList();

        var results = await Task.WhenAll(senders);
        await stop.CancelAsync();
        await consumer.ContinueWith(_ => { }, TaskScheduler.Default);

        Assert.That(results.SelectMany(p => p), Is.Empty);
        Assert.That(delivered, Has.Count.EqualTo(Connections * PerConnection));
        Assert.That(delivered.Values.Where(count => count != 1), Is.Empty, "every message delivered exactly once");
    }

    [Test]
    public async Task HostCrashBeforeAck_SenderResends()
    {
        var first = new MllpStudyEventSource(new MllpListenerOptions { Port = 0 });
        first.Start();
        var port = first.LocalEndPoint.Port;
        var seenByFirst = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopFirst = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            // The first host takes the event but crashes before accepting it.
            await foreach (var received in first.ReadEventsAsync(stopFirst.Token))
            {
                seenByFirst.TrySetResult(received.Event.EventId);
            }
        });

        await using var client = new MllpClient(new MllpClientOptions
        {
            Port = port,
            RetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryAttempts = 20,
            AcknowledgmentTimeout = TimeSpan.FromSeconds(5),
        });
        var send = client.SendAsync(TestOrders.Orm("CRASH0001", "ACC9001"));

        Assert.That(await seenByFirst.Task.WaitAsync(Wait), Is.EqualTo("CRASH0001"));
        await first.AbortAsync();
        await stopFirst.CancelAsync();
        Assert.That(send.IsCompleted, Is.False, "no ACK may be sent for an event the host never accepted");

        await using var second = new MllpStudyEventSource(new MllpListenerOptions { Port = port });
        second.Start();
        using var stopSecond = new CancellationTokenSource();
        var seenBySecond = new ConcurrentQueue<string>();
        _ = Task.Run(async () =>
        {
            await foreach (var received in second.ReadEventsAsync(stopSecond.Token))
            {
                seenBySecond.Enqueue(received.Event.EventId);
                await received.AcceptAsync();
            }
        });

        var ack = await send.WaitAsync(Wait);
        await stopSecond.CancelAsync();
        await first.DisposeAsync();

        Assert.That(ack.GetValue("MSA-1"), Is.EqualTo("AA"));
        Assert.That(ack.GetValue("MSA-2"), Is.EqualTo("CRASH0001"));
        Assert.That(seenBySecond, Is.EqualTo(new[] { "CRASH0001" }));
    }

    [Test]
    public async Task BadPeers_ListenerServesOthers()
    {
        var options = new MllpListenerOptions
        {
            Port = 0,
            MaxMessageSize = 4096,
            IdleTimeout = TimeSpan.FromSeconds(1),
        };
        await using var source = new MllpStudyEventSource(options);
        source.Start();
        using var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            await foreach (var received in source.ReadEventsAsync(stop.Token))
            {
                await received.AcceptAsync();
            }
        });

        using var garbage = await MllpTestPeer.ConnectAsync(source.LocalEndPoint);
        await garbage.WriteAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));

        using var notHl7 = await MllpTestPeer.ConnectAsync(source.LocalEndPoint);
        await notHl7.WriteAsync(MllpFraming.Frame("hello, not HL7"u8));
        var notHl7Ack = await notHl7.ReadAcknowledgmentAsync(Wait);

        using var oversize = await MllpTestPeer.ConnectAsync(source.LocalEndPoint);
        var big = new byte[8192];
        big[0] = 0x0B;
        TestOrders.Orm("BIG0001", "ACC0001").CopyTo(big, 1);
        await oversize.WriteAsync(big);
        var oversizeAck = await oversize.ReadAcknowledgmentAsync(Wait);
        var oversizeClosed = await oversize.WaitForCloseAsync(Wait);

        using var unfinished = await MllpTestPeer.ConnectAsync(source.LocalEndPoint);
        await unfinished.WriteAsync(new byte[] { 0x0B, (byte)'M', (byte)'S', (byte)'H' });

        using (var abrupt = await MllpTestPeer.ConnectAsync(source.LocalEndPoint))
        {
            await abrupt.WriteAsync(new byte[] { 0x0B, (byte)'M', (byte)'S' });
            abrupt.Client.Client.LingerState = new LingerOption(true, 0);
        }

        using var good = await MllpTestPeer.ConnectAsync(source.LocalEndPoint);
        await good.WriteAsync(MllpFraming.Frame(TestOrders.Orm("GOOD0001", "ACC0002")));
        var goodAck = await good.ReadAcknowledgmentAsync(Wait);
        var unfinishedClosed = await unfinished.WaitForCloseAsync(Wait);

        Assert.That(notHl7Ack?.GetValue("MSA-1"), Is.EqualTo("AE"));
        Assert.That(notHl7Ack?.GetValue("ERR-3.1"), Is.EqualTo("100"));
        Assert.That(oversizeAck?.GetValue("MSA-1"), Is.EqualTo("AR"));
        Assert.That(oversizeAck?.GetValue("MSA-2"), Is.EqualTo("BIG0001"));
        Assert.That(oversizeAck?.GetValue("ERR-8"), Does.Contain("4096"));
        Assert.That(oversizeClosed, Is.True, "an oversize frame closes its connection");
        Assert.That(unfinishedClosed, Is.True, "an unfinished frame is closed by the idle timeout");
        Assert.That(goodAck?.GetValue("MSA-1"), Is.EqualTo("AA"));
        Assert.That(goodAck?.GetValue("MSA-2"), Is.EqualTo("GOOD0001"));
    }

    [Test]
    public async Task NonOrder_RejectedWithTableCode()
    {
        var rejected = new ConcurrentQueue<string>();
        var options = new MllpListenerOptions
        {
            Port = 0,
            RejectedMessageCallback = (reason, sha256, _) =>
            {
                rejected.Enqueue($"{sha256}:{reason}");
                return ValueTask.CompletedTask;
            },
        };
        await using var source = new MllpStudyEventSource(options);
        source.Start();
        using var peer = await MllpTestPeer.ConnectAsync(source.LocalEndPoint);

        await peer.WriteAsync(MllpFraming.Frame(TestData.Bytes("cases/null-vs-empty.hl7").AsSpan()));
        var ormWithoutStudy = await peer.ReadAcknowledgmentAsync(Wait);
        await peer.WriteAsync(MllpFraming.Frame(TestData.Bytes("hl7/msfhirconv_ADT-A08-02.hl7").AsSpan()));
        var adt = await peer.ReadAcknowledgmentAsync(Wait);

        Assert.That(ormWithoutStudy?.GetValue("MSA-1"), Is.EqualTo("AE"));
        Assert.That(ormWithoutStudy?.GetValue("MSA-2"), Is.EqualTo("MSG00020"));
        Assert.That(ormWithoutStudy?.Get("ERR-1").RawValue, Does.StartWith("OBR^1^18^101&"), "v2.4 uses ERR-1");
        Assert.That(adt?.GetValue("MSA-1"), Is.EqualTo("AR"));
        Assert.That(adt?.GetValue("ERR-3.1"), Is.EqualTo("200"));
        Assert.That(adt?.GetValue("ERR-2"), Is.EqualTo("MSH^1^9"));
        Assert.That(rejected, Has.Count.EqualTo(2));
        Assert.That(rejected.First(), Does.Match("^[0-9a-f]{64}:"));
    }

    [Test]
    public async Task RejectedEvent_AnsweredWithError()
    {
        await using var source = new MllpStudyEventSource(new MllpListenerOptions { Port = 0 });
        source.Start();
        using var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            await foreach (var received in source.ReadEventsAsync(stop.Token))
            {
                await received.RejectAsync("StudyEvent.Modality 'XX' is not supported");
            }
        });
        await using var client = new MllpClient(new MllpClientOptions { Port = source.LocalEndPoint.Port });

        var ack = await client.SendAsync(TestOrders.Orm("REJ0001", "ACC0003"));
        await stop.CancelAsync();

        Assert.That(ack.GetValue("MSA-1"), Is.EqualTo("AE"));
        Assert.That(
            ack.GetValue("MSA-3"),
            Is.EqualTo("StudyEvent.Modality 'XX' is not supported"),
            "v2.3.1 carries the text in MSA-3");
        Assert.That(ack.GetValue("ERR-1.4.1"), Is.EqualTo("207"));
    }

    [Test]
    public async Task IdleConnections_UnderSixtyFourKilobytesEach()
    {
        const int Count = 1000;
        await using var source = new MllpStudyEventSource(new MllpListenerOptions { Port = 0 });
        source.Start();
        var listener = GetListener(source);
        var peers = new List<TcpClient>(Count);
        try
        {
            var before = GC.GetTotalMemory(forceFullCollection: true);
            for (var i = 0; i < Count; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(source.LocalEndPoint);
                peers.Add(client);
            }

            var deadline = DateTime.UtcNow + Wait;
            while (listener.ConnectionCount < Count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var after = GC.GetTotalMemory(forceFullCollection: true);
            var perConnection = (after - before) / Count;
            TestContext.Out.WriteLine($"Managed memory per idle connection, both ends: {perConnection} bytes");

            Assert.That(listener.ConnectionCount, Is.EqualTo(Count));
            Assert.That(perConnection, Is.LessThan(64 * 1024));
        }
        finally
        {
            peers.ForEach(peer => peer.Dispose());
        }
    }

    private static MllpListener GetListener(MllpStudyEventSource source) =>
        (MllpListener)typeof(MllpStudyEventSource)
            .GetField("_listener", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(source)!;

    private static MllpListener StartRecordingListener(ConcurrentQueue<string> received)
    {
        var listener = new MllpListener(
            new MllpListenerOptions { Port = 0 },
            (_, bytes, _) =>
            {
                var message = Hl7Message.Parse(bytes);
                received.Enqueue(message.ControlId);
                return ValueTask.FromResult<byte[]?>(
                    Hl7Acknowledgment.Build(message, Hl7AckCode.Accept, "A1", DateTimeOffset.UnixEpoch));
            },
            NullLogger.Instance,
            TimeProvider.System);
        listener.Start();
        return listener;
    }
}
