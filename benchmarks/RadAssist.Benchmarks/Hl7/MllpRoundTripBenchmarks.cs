using BenchmarkDotNet.Attributes;
using RadAssist.Hl7;

namespace RadAssist.Benchmarks.Hl7;

/// <summary>
/// Acknowledged MLLP round trips over loopback: the order source on 127.0.0.1 receives an ORM^O01, hands the study
/// event to a consumer that accepts it, and sends the AA acknowledgment the client waits for.
/// </summary>
/// <remarks>
/// The connections are opened once in the setup, as a sending system keeps its connection open, so the figures
/// measure round trips and not TCP handshakes.
/// </remarks>
[MemoryDiagnoser]
public class MllpRoundTripBenchmarks
{
    private const int RoundTripsPerInvoke = 960;

    private MllpStudyEventSource _source = null!;
    private CancellationTokenSource _stop = null!;
    private Task _consumer = null!;
    private MllpClient[] _clients = null!;
    private byte[][] _orders = null!;
    private int _controlIdOffset;
    private long _nextControlId;

    /// <summary>Number of connections sending at once, each waiting for its acknowledgment before the next send.</summary>
    [Params(1, 8)]
    public int Connections { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = new MllpStudyEventSource(new MllpListenerOptions { Port = 0 });
        _source.Start();
        _stop = new CancellationTokenSource();
        _consumer = Task.Run(async () =>
        {
            await foreach (var received in _source.ReadEventsAsync(_stop.Token))
            {
                await received.AcceptAsync();
            }
        });
        // One order buffer per connection. Every send writes a new MSH-10, because the source acknowledges a repeated
        // control id from its duplicate window without handing the order to the consumer again.
        const string ControlIdPlaceholder = "B000000000000";
        var template =
            $"MSH|^~\\&|RIS|RADIOLOGY|RADASSIST|HOSP|20261204101500||ORM^O01|{ControlIdPlaceholder}|P|2.3.1\r" +
            "PID|1||MRN0000001^^^HOSP^MR||FAKEPATIENT^BENCH||19700101|F\r" +
            "ORC|NW|ORD000001|||SC\r" +
            "OBR|1|ORD000001||71250^CT CHEST WO CONTRAST^CPT|||20261204093000|||||||||||ACC000001||||||CT\r";
        _controlIdOffset = template.IndexOf(ControlIdPlaceholder, StringComparison.Ordinal) + 1;
        _orders = Enumerable.Range(0, Connections).Select(_ => System.Text.Encoding.ASCII.GetBytes(template)).ToArray();

        var port = _source.LocalEndPoint.Port;
        _clients = Enumerable.Range(0, Connections)
            .Select(_ => new MllpClient(new MllpClientOptions { Port = port }))
            .ToArray();

        // One round trip per client opens its connection before the measurement starts.
        Task.WhenAll(_clients.Select((client, connection) => SendAsync(client, _orders[connection])))
            .GetAwaiter()
            .GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var client in _clients)
        {
            client.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        _stop.Cancel();
        _source.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stop.Dispose();
    }

    /// <summary>
    /// Sends 960 orders split evenly over the open connections. Each connection sends one after another and waits
    /// for each AA. One operation is one acknowledged round trip, so round trips per second is 1 / mean.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RoundTripsPerInvoke)]
    public Task RoundTrips()
    {
        var share = RoundTripsPerInvoke / Connections;
        return Task.WhenAll(_clients.Select((client, connection) => SendShareAsync(client, _orders[connection], share)));
    }

    private async Task SendShareAsync(MllpClient client, byte[] order, int count)
    {
        for (var i = 0; i < count; i++)
        {
            await SendAsync(client, order);
        }
    }

    private Task<Hl7Message> SendAsync(MllpClient client, byte[] order)
    {
        var controlId = Interlocked.Increment(ref _nextControlId);
        for (var digit = 11; digit >= 0; digit--)
        {
            order[_controlIdOffset + digit] = (byte)('0' + (controlId % 10));
            controlId /= 10;
        }

        return client.SendAsync(order);
    }
}
