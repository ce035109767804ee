using System.Globalization;

namespace RadAssist.Hl7.Tests.Host;

/// <summary>
/// Entry point of the test assembly when it is started as a program: <c>dotnet RadAssist.Hl7.Tests.dll mllp-host
/// PORT</c> runs an order source on 127.0.0.1:PORT in its own process, so that a test can kill it as a crash would.
/// The test runner does not use this entry point.
/// </summary>
/// <remarks>
/// The host writes one line to standard output per step: <c>listening PORT</c>, <c>received EVENT_ID</c> and
/// <c>accepted EVENT_ID</c>. With <see cref="HoldVariable"/> set to 1 it receives events but never accepts them,
/// so no acknowledgment is ever sent. It stops when standard input closes.
/// </remarks>
internal static class MllpHostProgram
{
    /// <summary>Environment variable that makes the host hold every acknowledgment.</summary>
    public const string HoldVariable = "RADASSIST_TEST_HOST_HOLD_ACK";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length != 2 || args[0] != "mllp-host" ||
            !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            await Console.Error.WriteLineAsync("Usage: RadAssist.Hl7.Tests mllp-host PORT");
            return 2;
        }

        var hold = Environment.GetEnvironmentVariable(HoldVariable) == "1";
        await using var source = new MllpStudyEventSource(new MllpListenerOptions { Port = port });
        source.Start();
        using var stop = new CancellationTokenSource();
        var consumer = Task.Run(async () =>
        {
            await foreach (var received in source.ReadEventsAsync(stop.Token))
            {
                WriteLine($"received {received.Event.EventId}");
                if (hold)
                {
                    continue;
                }

                await received.AcceptAsync();
                WriteLine($"accepted {received.Event.EventId}");
            }
        });

        WriteLine($"listening {source.LocalEndPoint.Port}");
        while (await Console.In.ReadLineAsync() is not null)
        {
        }

        await stop.CancelAsync();
        await source.StopAsync();
        await consumer.ContinueWith(_ => { }, TaskScheduler.Default);
        return 0;
    }

    private static void WriteLine(string line)
    {
        lock (Console.Out)
        {
            Console.Out.WriteLine(line);
            Console.Out.Flush();
        }
    }
}
