using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Testing;

namespace RadAssist.Hl7.Tests.Mllp;

/// <summary>
/// Orders that must not be drafted, or not drafted twice, sent over real TCP on 127.0.0.1 to the order source:
/// orders without a study identifier, repeated control ids, and orders the draft pipeline rejects.
/// </summary>
public sealed class MllpOrderFaultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Test]
    public async Task OrderWithoutStudyIdentifier_AeRequiredFieldMissing()
    {
        // ORC-3 and OBR-3 carry filler order numbers, but IPC, ZDS and OBR-18 are absent: no study is identified.
        var rejected = new ConcurrentQueue<string>();
        await using var host = StartHost(new MllpListenerOptions
        {
            Port = 0,
            RejectedMessageCallback = (reason, _, _) =>
            {
                rejected.Enqueue(reason);
                return ValueTask.CompletedTask;
            },
        });
        await using var client = host.CreateClient();

        var ack = await client.SendAsync(TestData.Bytes("hl7/msfhirconv_ORM-O01-03.hl7"));

        Assert.That(ack.GetValue("MSA-1"), Is.EqualTo("AE"));
        Assert.That(ack.GetValue("MSA-2"), Is.EqualTo("MSG00018"));
        Assert.That(ack.GetValue("ERR-3.1"), Is.EqualTo("101"), "HL7 table 0357: required field missing");
        Assert.That(ack.GetValue("ERR-3.3"), Is.EqualTo("HL70357"));
        Assert.That(ack.GetValue("ERR-2"), Is.EqualTo("OBR^1^18"));
        Assert.That(ack.GetValue("ERR-8"), Does.Contain("ZDS-1").And.Contain("IPC-3").And.Contain("OBR-18"));
        Assert.That(rejected, Has.Count.EqualTo(1));
        Assert.That(await host.WaitForEventsAsync(1, TimeSpan.FromMilliseconds(300)), Is.Empty, "never handed to the host");
    }

    [Test]
    public async Task ShortMsh_NakThenServes()
    {
        // MllpClient parses what it sends, so the frames are written by hand.
        await using var host = StartHost(new MllpListenerOptions { Port = 0 });
        using var peer = await MllpTestPeer.ConnectAsync(host.EndPoint);

        await peer.WriteAsync((byte[])[0x0B, .. "MSH\rPID|1||X\r"u8, 0x1C, 0x0D]);
        var nak = (await peer.ReadAcknowledgmentAsync(Wait))!;
        await peer.WriteAsync((byte[])[0x0B, .. TestOrders.Orm("AFTERNAK1", "ACC5002"), 0x1C, 0x0D]);
        var ack = (await peer.ReadAcknowledgmentAsync(Wait))!;

        Assert.That(nak.GetValue("MSA-1"), Is.AnyOf("AE", "AR"));
        Assert.That(nak.GetValue("MSA-2"), Is.Empty);
        Assert.That(ack.GetValue("MSA-1"), Is.EqualTo("AA"), "the same connection serves the next order");
    }

    [Test]
    public async Task UnparsedMessage_NakEchoesControlIdAsWritten()
    {
        await using var host = StartHost(new MllpListenerOptions { Port = 0 });
        using var peer = await MllpTestPeer.ConnectAsync(host.EndPoint);

        await peer.WriteAsync((byte[])[0x0B, .. "MSH|^~\\&|A|B|C|D|2024||ORM^O01|CX\\F\\Y|P|2.5.1\rPID|1\rMSH|^~\\&|x\r"u8, 0x1C, 0x0D]);
        var nak = (await peer.ReadAcknowledgmentAsync(Wait))!;

        Assert.That(nak.Get("MSA-2").RawValue, Is.EqualTo(@"CX\F\Y"));
        Assert.That(nak.GetValue("MSA-2"), Is.EqualTo("CX|Y"));
    }

    [Test]
    public async Task MshWithoutVersion_AckNamesProcessingAndVersion()
    {
        await using var host = StartHost(new MllpListenerOptions { Port = 0 });
        using var peer = await MllpTestPeer.ConnectAsync(host.EndPoint);

        await peer.WriteAsync((byte[])[0x0B, .. "MSH|^~\\&\r"u8, 0x1C, 0x0D]);
        var nak = (await peer.ReadAcknowledgmentAsync(Wait))!;

        Assert.That(nak.GetValue("MSA-1"), Is.AnyOf("AE", "AR"));
        Assert.That(nak.GetValue("MSH-11"), Is.EqualTo("P"));
        Assert.That(nak.GetValue("MSH-12"), Is.EqualTo("2.5.1"));
    }

    [Test]
    public async Task SenderWithoutEscapeCharacter_AckDeclaresAllDelimiters()
    {
        await using var host = StartHost(new MllpListenerOptions { Port = 0 });
        await using var client = host.CreateClient();

        var nak = await client.SendAsync("MSH|^~|LAB^1.2.3^ISO|B|C|D|20240101||ADT^A01|C20|P|2.5.1\rPID|1||X\r"u8.ToArray());

        Assert.That(nak.Get("MSH-2").RawValue, Is.EqualTo(@"^~\&"));
        Assert.That(nak.GetValue("MSA-2"), Is.EqualTo("C20"));
        Assert.That(nak.GetValue("MSH-5.2"), Is.EqualTo("1.2.3"), "components of the copied MSH-3 survive");
        Assert.That(nak.GetValue("ERR-3.1"), Is.EqualTo("200"));
        Assert.That(nak.GetValue("ERR-8"), Does.Contain("ADT^A01"));
        Assert.That(nak.GetFieldCount(nak.FindSegment("ERR")), Is.EqualTo(8), "the error text adds no field");
    }

    [Test]
    public async Task OrderWithAccessionOnly_Accepted()
    {
        await using var host = StartHost(new MllpListenerOptions { Port = 0 });
        await using var client = host.CreateClient();
        var order = Encoding.ASCII.GetString(TestOrders.Orm("ACCONLY1", "ACC5001"));
        order = order[..order.IndexOf("ZDS|", StringComparison.Ordinal)];

        var ack = await client.SendAsync(Encoding.ASCII.GetBytes(order));

        Assert.That(ack.GetValue("MSA-1"), Is.EqualTo("AA"));
        var studyEvent = (await host.WaitForEventsAsync(1, Wait)).Single();
        Assert.That(studyEvent.AccessionNumber, Is.EqualTo("ACC5001"));
        Assert.That(studyEvent.StudyInstanceUid, Is.Null);
    }

    [Test]
    public async Task DuplicateControlId_SameAckHandedOverOnce()
    {
        await using var host = StartHost(new MllpListenerOptions { Port = 0 });
        await using var client = host.CreateClient();
        var order = TestOrders.Orm("DUP0001", "ACC6001");

        var first = await client.SendAsync(order);
        await using var reconnected = host.CreateClient();
        var second = await reconnected.SendAsync(order);

        Assert.That(first.GetValue("MSA-1"), Is.EqualTo("AA"));
        Assert.That(second.GetValue("MSA-1"), Is.EqualTo("AA"));
        Assert.That(second.GetValue("MSA-2"), Is.EqualTo("DUP0001"));
        var events = await host.WaitForEventsAsync(2, TimeSpan.FromMilliseconds(500));
        Assert.That(events.Select(e => e.EventId), Is.EqualTo(new[] { "DUP0001" }));
    }

    [Test]
    public async Task DuplicateOfRejectedOrder_SameAeCode()
    {
        await using var host = StartHost(new MllpListenerOptions { Port = 0 }, rejectWith: "Field 'Modality': 'XX' is not known.");
        await using var client = host.CreateClient();
        var order = TestOrders.Orm("DUP0002", "ACC6002");

        var first = await client.SendAsync(order);
        var second = await client.SendAsync(order);

        Assert.That(first.GetValue("MSA-1"), Is.EqualTo("AE"));
        Assert.That(second.GetValue("MSA-1"), Is.EqualTo("AE"));
        Assert.That(second.GetValue("MSA-3"), Is.EqualTo(first.GetValue("MSA-3")));
        Assert.That(second.Get("ERR-1").RawValue, Is.EqualTo(first.Get("ERR-1").RawValue));
        Assert.That(await host.WaitForEventsAsync(2, TimeSpan.FromMilliseconds(500)), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task InFlightDuplicate_WaitsForFirst()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = StartHost(new MllpListenerOptions { Port = 0 }, holdUntil: release.Task);
        await using var firstClient = host.CreateClient();
        await using var secondClient = host.CreateClient();
        var order = TestOrders.Orm("DUP0003", "ACC6003");

        var first = firstClient.SendAsync(order);
        Assert.That(await host.WaitForEventsAsync(1, Wait), Has.Count.EqualTo(1));
        var second = secondClient.SendAsync(order);
        await Task.Delay(300);
        Assert.That(second.IsCompleted, Is.False, "the copy waits while the first is unsettled");
        release.SetResult();

        Assert.That((await first.WaitAsync(Wait)).GetValue("MSA-1"), Is.EqualTo("AA"));
        Assert.That((await second.WaitAsync(Wait)).GetValue("MSA-1"), Is.EqualTo("AA"));
        Assert.That(await host.WaitForEventsAsync(2, TimeSpan.FromMilliseconds(300)), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task SameControlIdOtherFacility_HandedOver()
    {
        await using var host = StartHost(new MllpListenerOptions { Port = 0 });
        await using var client = host.CreateClient();
        var order = TestOrders.Orm("DUP0004", "ACC6004");
        var otherFacility = Encoding.ASCII.GetBytes(
            Encoding.ASCII.GetString(order).Replace("|RIS|RADIOLOGY|", "|RIS|CARDIOLOGY|", StringComparison.Ordinal));

        await client.SendAsync(order);
        await client.SendAsync(otherFacility);

        Assert.That(await host.WaitForEventsAsync(2, Wait), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task DuplicateWindowZero_HandedOverTwice()
    {
        await using var host = StartHost(new MllpListenerOptions { Port = 0, DuplicateWindowSize = 0 });
        await using var client = host.CreateClient();
        var order = TestOrders.Orm("DUP0005", "ACC6005");

        await client.SendAsync(order);
        await client.SendAsync(order);

        Assert.That(await host.WaitForEventsAsync(2, Wait), Has.Count.EqualTo(2));
    }

    [Test]
    public void DuplicateWindow_ForgetsOldestBeyondCapacity()
    {
        var window = new MllpDuplicateWindow(2);
        foreach (var key in new[] { "a", "b", "c" })
        {
            Assert.That(window.TryClaim(key, out var claim, out _), Is.True, key);
            window.Complete(claim!, new MllpOutcome(Hl7AckCode.Accept, null));
        }

        Assert.That(window.Count, Is.EqualTo(2));
        Assert.That(window.TryClaim("c", out _, out var earlier), Is.False, "c is remembered");
        Assert.That(earlier!.Result?.Code, Is.EqualTo(Hl7AckCode.Accept));
        Assert.That(window.TryClaim("a", out _, out _), Is.True, "a was forgotten");
    }

    [Test]
    public void DuplicateWindow_UnacknowledgedClaimForgotten()
    {
        var window = new MllpDuplicateWindow(10);
        Assert.That(window.TryClaim("a", out var claim, out _), Is.True);

        window.Complete(claim!, null);

        Assert.That(window.TryClaim("a", out _, out _), Is.True, "a copy of an unacknowledged message is processed");
    }

    [TestCase("MRN0001", "PID|1||{0}^^^HOSP^MR||DOE^JANE", "PatientId", "PID^1^3")]
    [TestCase("1.2.826.0.1.3680043.10.1.4", "ZDS|{0}^100^Application^DICOM", "StudyInstanceUid", "ZDS^1^1")]
    public async Task PipelineRejection_ErrNamesField(string original, string segment, string property, string location)
    {
        // Values the draft pipeline's validation rejects: a patient id over 64 characters, a UID with a letter.
        var invalid = property == "PatientId" ? new string('9', 70) : "1.2.826.0.1.3680043.10.1.4x";
        var order = OrderV25("PIPE0001", "ACC7001")
            .Replace(string.Format(null, segment, original), string.Format(null, segment, invalid), StringComparison.Ordinal);
        Assert.That(order, Does.Contain(invalid), "the test order contains the invalid value");

        var audit = new MemoryAuditSink();
        var services = new ServiceCollection();
        services.AddSingleton<IAuditSink>(audit);
        services.AddRadAssist(o => o.OutputFormats.Add("text"));
        await using var provider = services.BuildServiceProvider();
        var pipeline = provider.GetRequiredService<DraftPipeline>();
        await using var source = new MllpStudyEventSource(new MllpListenerOptions { Port = 0 });
        source.Start();
        using var stop = new CancellationTokenSource();
        var running = pipeline.RunSourceAsync(source, stop.Token);
        await using var client = new MllpClient(new MllpClientOptions { Port = source.LocalEndPoint.Port });

        var ack = await client.SendAsync(Encoding.ASCII.GetBytes(order));
        await stop.CancelAsync();
        await running;

        Assert.That(ack.GetValue("MSA-1"), Is.EqualTo("AE"));
        Assert.That(ack.GetValue("ERR-8"), Does.Contain($"'{property}'"));
        Assert.That(ack.GetValue("ERR-2"), Is.EqualTo(location));
        Assert.That(ack.GetValue("ERR-3.1"), Is.EqualTo("102"), "HL7 table 0357: data type error");
        Assert.That(audit.Records.Select(r => r.Event.EventType), Does.Contain(AuditEventTypes.Rejected));
    }

    [Test]
    public void LocateRejection_FirstNamedPropertyWins()
    {
        var locations = new Dictionary<string, Hl7FieldIndex>
        {
            ["PatientId"] = new(1, 3),
            ["Modality"] = new(5, 24),
        };

        var found = MllpStudyEventSource.LocateRejection(
            "Field 'Modality': 'XX' is not known. Field 'PatientId': too long.",
            locations);
        var none = MllpStudyEventSource.LocateRejection("the audit store is full", locations);

        Assert.That(found, Is.EqualTo(new Hl7FieldIndex(5, 24)));
        Assert.That(none, Is.Null);
    }

    /// <summary>An ORM^O01 of version 2.5, which reports the error location in ERR-2.</summary>
    private static string OrderV25(string controlId, string accession) =>
        $"MSH|^~\\&|RIS|RADIOLOGY|RADASSIST|HOSP|20261204101500||ORM^O01|{controlId}|P|2.5\r" +
        "PID|1||MRN0001^^^HOSP^MR||DOE^JANE||19700101|F\r" +
        $"ORC|NW|ORD{accession}|||CM\r" +
        $"OBR|1|ORD{accession}||71250^CT CHEST WO CONTRAST^CPT|||20261204093000|||||||||||{accession}||||||CT\r" +
        "ZDS|1.2.826.0.1.3680043.10.1.4^100^Application^DICOM\r";

    private static RecordingHost StartHost(
        MllpListenerOptions options,
        string? rejectWith = null,
        Task? holdUntil = null) =>
        new(options, rejectWith, holdUntil);

    /// <summary>An order source with a consumer that records every event and then accepts or rejects it.</summary>
    private sealed class RecordingHost : IAsyncDisposable
    {
        private readonly MllpStudyEventSource _source;
        private readonly CancellationTokenSource _stop = new();
        private readonly ConcurrentQueue<StudyEvent> _events = new();
        private readonly Task _consumer;

        public RecordingHost(MllpListenerOptions options, string? rejectWith, Task? holdUntil)
        {
            _source = new MllpStudyEventSource(options);
            _source.Start();
            _consumer = Task.Run(async () =>
            {
                await foreach (var received in _source.ReadEventsAsync(_stop.Token))
                {
                    _events.Enqueue(received.Event);
                    if (holdUntil is not null)
                    {
                        await holdUntil;
                    }

                    if (rejectWith is null)
                    {
                        await received.AcceptAsync();
                    }
                    else
                    {
                        await received.RejectAsync(rejectWith);
                    }
                }
            });
        }

        public System.Net.IPEndPoint EndPoint => _source.LocalEndPoint;

        public MllpClient CreateClient() => new(new MllpClientOptions { Port = _source.LocalEndPoint.Port });

        /// <summary>Waits until the host has the given number of events or time runs out, and returns them.</summary>
        public async Task<IReadOnlyList<StudyEvent>> WaitForEventsAsync(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_events.Count < count && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20);
            }

            return [.. _events];
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _source.DisposeAsync();
            await _consumer.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }
    }
}
