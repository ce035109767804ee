using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using RadAssist.Hl7.Tests.Host;

namespace RadAssist.Hl7.Tests.Mllp;

/// <summary>
/// A crash of the host process between receiving an order and acknowledging it: the order source runs in a separate
/// process (this test assembly started as a program), which the test kills.
/// </summary>
public sealed class MllpHostProcessTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Test]
    public async Task KilledHostProcess_OrderResentOnce()
    {
        var port = FreePort();
        using var first = await HostProcess.StartAsync(port, holdAcknowledgments: true);
        await using var client = new MllpClient(new MllpClientOptions
        {
            Port = port,
            RetryDelay = TimeSpan.FromMilliseconds(200),
            MaxRetryAttempts = 100,
            AcknowledgmentTimeout = TimeSpan.FromSeconds(20),
        });

        var send = client.SendAsync(TestOrders.Orm("KILL0001", "ACC8001"));
        await first.WaitForLineAsync("received KILL0001", Wait);
        first.Kill();
        Assert.That(send.IsCompleted, Is.False, "no acknowledgment before the first host accepted the order");

        using var second = await HostProcess.StartAsync(port, holdAcknowledgments: false);
        var ack = await send.WaitAsync(Wait);
        await second.WaitForLineAsync("accepted KILL0001", Wait);
        var secondLines = await second.StopAsync(Wait);

        Assert.That(ack.GetValue("MSA-1"), Is.EqualTo("AA"));
        Assert.That(ack.GetValue("MSA-2"), Is.EqualTo("KILL0001"));
        Assert.That(first.Lines.Count(line => line == "received KILL0001"), Is.EqualTo(1));
        Assert.That(first.Lines, Has.None.StartsWith("accepted"), "the first host never accepted");
        Assert.That(secondLines.Count(line => line == "received KILL0001"), Is.EqualTo(1), "the new host has it once");
        Assert.That(secondLines.Count(line => line == "accepted KILL0001"), Is.EqualTo(1));
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>The test assembly started as an MLLP host program, with its output lines collected.</summary>
    private sealed class HostProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();
        private readonly SemaphoreSlim _lineAdded = new(0);

        private HostProcess(Process process)
        {
            _process = process;
            _process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is not null)
                {
                    _lines.Enqueue(e.Data);
                    _lineAdded.Release();
                }
            };
        }

        public IReadOnlyList<string> Lines => [.. _lines];

        public static async Task<HostProcess> StartAsync(int port, bool holdAcknowledgments)
        {
            var assembly = typeof(MllpHostProgram).Assembly.Location;
            var start = new ProcessStartInfo(DotnetPath())
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(assembly);
            start.ArgumentList.Add("mllp-host");
            start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            start.Environment[MllpHostProgram.HoldVariable] = holdAcknowledgments ? "1" : "0";

            var host = new HostProcess(new Process { StartInfo = start });
            host._process.Start();
            host._process.BeginOutputReadLine();
            await host.WaitForLineAsync($"listening {port}", Wait);
            return host;
        }

        public async Task WaitForLineAsync(string line, TimeSpan timeout)
        {
            using var cancellation = new CancellationTokenSource(timeout);
            while (!_lines.Contains(line))
            {
                if (_process.HasExited && !_lines.Contains(line))
                {
                    Assert.Fail($"The host process exited with code {_process.ExitCode} before writing '{line}'.");
                }

                try
                {
                    await _lineAdded.WaitAsync(TimeSpan.FromMilliseconds(200), cancellation.Token);
                }
                catch (OperationCanceledException)
                {
                    Assert.Fail($"The host process did not write '{line}' within {timeout}; it wrote: {string.Join(" / ", _lines)}");
                }
            }
        }

        /// <summary>Kills the host and every child process at once, as a crash would.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        /// <summary>Stops the host by closing its standard input and returns everything it wrote.</summary>
        public async Task<IReadOnlyList<string>> StopAsync(TimeSpan timeout)
        {
            _process.StandardInput.Close();
            using var cancellation = new CancellationTokenSource(timeout);
            await _process.WaitForExitAsync(cancellation.Token);
            return Lines;
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
            _lineAdded.Dispose();
        }

        private static string DotnetPath() =>
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path ? path : "dotnet";
    }
}
