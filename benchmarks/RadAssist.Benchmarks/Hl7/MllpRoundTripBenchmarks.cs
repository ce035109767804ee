using BenchmarkDotNet.Attributes;
using RadAssist.Hl7;

namespace RadAssist.Benchmarks.Hl7;

/// <summary>
/// Acknowledged MLLP round trips over loopback: the order source on 127.0.0.1 receives an ORM^O01, hands the study
/// event to a consumer that accepts it, and sends the AA acknowledgment the client waits for.
/// </summary>
[MemoryDiagnoser]
public class MllpRoundTripBenchmarks
{
    private const int RoundTripsPerInvoke = 480;

    private MllpStudyEventSource _source = null!;
    private CancellationTokenSource _stop = null!;
    private Task _consumer = null!;
    private byte[][] _orders = null!;

    /// <summary>Number of connections sending at once.</summary>
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
        _orders = Enumerable.Range(0, RoundTripsPerInvoke)
            .Select(i => System.Text.Encoding.ASCII.GetBytes(
                $"MSH|^~\\&|RIS|RADIOLOGY|RADASSIST|HOSP|20261204101500||ORM^O01|B{i:D6}|P|2.3.1\r" +
                "PID|1||MRN0000001^^^HOSP^MR||FAKEPATIENT^BENCH||19700101|F\r" +
                $"ORC|NW|ORD{i:D6}|||SC\r" +
                $"OBR|1|ORD{i:D6}||71250^CT CHEST WO CONTRAST^CPT|||20261204093000|||||||||||ACC{i:D6}||||||CT\r"))
            .ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stop.Cancel();
        _source.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _stop.Dispose();
    }

    /// <summary>
    /// Sends 480 orders split evenly over the connections, each connection sending one after another and waiting for
    /// each AA; one operation is one round trip.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RoundTripsPerInvoke)]
    public async Task RoundTrips()
    {
        var port = _source.LocalEndPoint.Port;
        var share = RoundTripsPerInvoke / Connections;
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async connection =>
        {
            await using var client = new MllpClient(new MllpClientOptions { Port = port });
            foreach (var order in _orders.AsSpan(connection * share, share).ToArray())
            {
                await client.SendAsync(order);
            }
        }));
    }
}
