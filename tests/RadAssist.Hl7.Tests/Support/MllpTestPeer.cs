using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RadAssist.Hl7.Tests;

/// <summary>A raw MLLP sender over a TCP socket, for tests that control how bytes are split.</summary>
internal sealed class MllpTestPeer : IDisposable
{
    private readonly List<byte> _pending = [];
    private readonly byte[] _readBuffer = new byte[8192];

    private MllpTestPeer(TcpClient client)
    {
        Client = client;
        Stream = client.GetStream();
    }

    public TcpClient Client { get; }

    public NetworkStream Stream { get; }

    public static async Task<MllpTestPeer> ConnectAsync(IPEndPoint endPoint)
    {
        var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(endPoint);
        return new MllpTestPeer(client);
    }

    public async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await Stream.WriteAsync(bytes);
        await Stream.FlushAsync();
    }

    /// <summary>Writes one framed message in pieces split at random offsets.</summary>
    public async Task WriteSplitAsync(byte[] message, Random random)
    {
        var frame = new byte[message.Length + 3];
        frame[0] = 0x0B;
        message.CopyTo(frame, 1);
        frame[^2] = 0x1C;
        frame[^1] = 0x0D;
        var pieces = random.Next(1, 5);
        var cuts = Enumerable.Range(0, pieces - 1).Select(_ => random.Next(1, frame.Length)).Distinct().Order().ToList();
        var start = 0;
        foreach (var cut in cuts.Append(frame.Length))
        {
            await WriteAsync(frame.AsMemory(start, cut - start));
            start = cut;
        }
    }

    /// <summary>Reads one acknowledgment frame, or returns null when the peer closed the connection or time ran out.</summary>
    public async Task<Hl7Message?> ReadAcknowledgmentAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var start = _pending.IndexOf(0x0B);
            var end = start < 0 ? -1 : _pending.IndexOf(0x1C, start);
            if (end >= 0 && end + 1 < _pending.Count)
            {
                var body = _pending.GetRange(start + 1, end - start - 1).ToArray();
                _pending.RemoveRange(0, end + 2);
                return Hl7Message.Parse(body);
            }

            int count;
            try
            {
                count = await Stream.ReadAsync(_readBuffer, cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            catch (IOException)
            {
                return null;
            }

            if (count == 0)
            {
                return null;
            }

            _pending.AddRange(_readBuffer.AsSpan(0, count).ToArray());
        }
    }

    /// <summary>Waits until the peer closes the connection; returns false if it stays open past the timeout.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            while (await Stream.ReadAsync(_readBuffer, cancellation.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public void Dispose() => Client.Dispose();
}

/// <summary>Builds test orders.</summary>
internal static class TestOrders
{
    public static byte[] Orm(string controlId, string accession, string orderControl = "NW") =>
        Encoding.ASCII.GetBytes(
            $"MSH|^~\\&|RIS|RADIOLOGY|RADASSIST|HOSP|20261204101500||ORM^O01|{controlId}|P|2.3.1\r" +
            "PID|1||MRN0001^^^HOSP^MR||DOE^JANE||19700101|F\r" +
            $"ORC|{orderControl}|ORD{accession}|||CM\r" +
            $"OBR|1|ORD{accession}||71250^CT CHEST WO CONTRAST^CPT|||20261204093000|||||||||||{accession}||||||CT\r" +
            $"ZDS|1.2.826.0.1.3680043.10.1.{accession.Length}{Math.Abs(accession.GetHashCode() % 100000)}^100^Application^DICOM\r");
}
