using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RadAssist.Hl7;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist listen --mllp PORT</c>: runs the main job for every order received over MLLP.</summary>
internal static class ListenCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--mllp")
        {
            Description = "TCP port to receive HL7 v2 orders (ORM^O01, OMI^O23) on over MLLP, 1 to 65535.",
            Required = true,
        };
        var bind = new Option<string>("--bind")
        {
            Description = "IP address to listen on; 0.0.0.0 accepts connections from other hosts.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var format = new Option<string>("--format")
        {
            Description = "Format to render each draft in, such as hl7, json or text.",
            DefaultValueFactory = _ => "hl7",
        };
        var audit = AuditTargets.CreateOption();
        var output = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder that receives one file per draft, named by the run's correlation id; created if missing.",
            DefaultValueFactory = _ => new DirectoryInfo("drafts"),
        };

        var command = new Command("listen", "Receive orders over MLLP and draft a report for each; acknowledge after the audit.")
        {
            port, bind, format, audit, output,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(port),
            parseResult.GetValue(bind)!,
            parseResult.GetValue(format)!,
            parseResult.GetValue(audit),
            parseResult.GetValue(output)!,
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        int port,
        string bind,
        string format,
        string? auditTarget,
        DirectoryInfo output,
        CancellationToken cancellationToken)
    {
        if (port is < 1 or > 65535)
        {
            await Console.Error.WriteLineAsync($"Option '--mllp' value '{port}' is not a TCP port; use 1 to 65535.");
            return ExitCodes.InvalidInput;
        }

        if (!IPAddress.TryParse(bind, out var address))
        {
            await Console.Error.WriteLineAsync($"Option '--bind' value '{bind}' is not an IP address, such as 127.0.0.1.");
            return ExitCodes.InvalidInput;
        }

        output.Create();
        await using var services = PipelineFactory.Build(
            [format],
            auditTarget,
            services => services.AddSingleton<IDraftDelivery>(new FileDraftDelivery(format, output.FullName, isDirectory: true)));
        var pipeline = services.GetRequiredService<DraftPipeline>();
        if (!pipeline.AvailableFormats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            var available = string.Join(", ", pipeline.AvailableFormats.Order());
            await Console.Error.WriteLineAsync(
                $"Option '--format' value '{format}' is not available; choose one of: {available}.");
            return ExitCodes.InvalidInput;
        }

        var options = new MllpListenerOptions
        {
            BindAddress = address,
            Port = port,
            RejectedMessageCallback = (reason, sha256, token) =>
                new ValueTask(pipeline.RejectInputAsync("mllp", reason, sha256, token)),
        };
        await using var source = new MllpStudyEventSource(
            options,
            services.GetService<ILogger<MllpStudyEventSource>>(),
            services.GetService<TimeProvider>());
        try
        {
            source.Start();
        }
        catch (System.Net.Sockets.SocketException exception)
        {
            await Console.Error.WriteLineAsync($"Failed to listen on {address}:{port}: {exception.Message}");
            return ExitCodes.Failure;
        }

        await Console.Error.WriteLineAsync($"Listening for MLLP on {source.LocalEndPoint}; press Ctrl+C to stop.");
        try
        {
            await pipeline.RunSourceAsync(source, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: messages not yet acknowledged are sent again by their senders.
        }

        await source.StopAsync(CancellationToken.None);
        return ExitCodes.Success;
    }
}
