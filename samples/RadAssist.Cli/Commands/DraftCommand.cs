using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Adapters;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist draft</c>: runs the main job for one webhook payload.</summary>
internal static partial class DraftCommand
{
    public static Command Create()
    {
        var payload = new Option<FileInfo?>("--payload") { Description = "Webhook payload file (JSON) that starts the job." };
        var format = new Option<string>("--format")
        {
            Description = "Format to write the draft in: json or text, and sr, hl7 or fhir when those packages are present.",
            DefaultValueFactory = _ => "json",
        };
        var output = new Option<FileInfo?>("--out") { Description = "File to write the draft to; standard output when absent." };
        var audit = AuditTargets.CreateOption();

        var command = new Command("draft", "Generate a draft report for one study event and write it in the chosen format.")
        {
            payload, format, output, audit,
        };
        var dicomWeb = AddDicomWebOptions(command);
        var llm = AddLlmOptions(command);
        command.SetAction((parseResult, cancellationToken) => dicomWeb.IsRequested(parseResult) ? dicomWeb.RunAsync(
            parseResult,
            parseResult.GetValue(payload),
            parseResult.GetValue(format)!,
            parseResult.GetValue(output),
            parseResult.GetValue(audit),
            cancellationToken) : RunAsync(
            parseResult.GetValue(payload),
            parseResult.GetValue(format)!,
            parseResult.GetValue(output),
            parseResult.GetValue(audit),
            llm.Resolve(parseResult),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        FileInfo? payloadFile,
        string format,
        FileInfo? output,
        string? auditTarget,
        (Action<IServiceCollection>? Configure, string? Error) llm,
        CancellationToken cancellationToken)
    {
        if (llm.Error is not null)
        {
            await Console.Error.WriteLineAsync(llm.Error);
            return ExitCodes.InvalidInput;
        }

        if (payloadFile is null)
        {
            await Console.Error.WriteLineAsync("Option '--payload' is required: give the webhook payload file.");
            return ExitCodes.InvalidInput;
        }

        if (!payloadFile.Exists)
        {
            await Console.Error.WriteLineAsync($"Option '--payload' value '{payloadFile.FullName}': file not found.");
            return ExitCodes.InvalidInput;
        }

        if (output is not null && FileDraftDelivery.ValidateFile("--out", output) is { } outputError)
        {
            await Console.Error.WriteLineAsync(outputError);
            return ExitCodes.InvalidInput;
        }

        await using var services = PipelineFactory.Build([format], auditTarget, services =>
        {
            llm.Configure?.Invoke(services);
            if (output is not null)
            {
                services.AddSingleton<IDraftDelivery>(new FileDraftDelivery(format, output.FullName, isDirectory: false));
            }
        });
        var pipeline = services.GetRequiredService<DraftPipeline>();
        if (!pipeline.AvailableFormats.Contains(format, StringComparer.OrdinalIgnoreCase))
        {
            await Console.Error.WriteLineAsync(
                $"Option '--format' value '{format}' is not available; choose one of: {string.Join(", ", pipeline.AvailableFormats.Order())}.");
            return ExitCodes.InvalidInput;
        }

        WebhookReadResult read;
        await using (var stream = payloadFile.OpenRead())
        {
            read = await WebhookPayloadReader.ReadAsync(stream, WebhookPayloadReader.DefaultMaxBytes, cancellationToken);
        }

        if (!read.IsValid)
        {
            await pipeline.RejectInputAsync("webhook", read.ErrorMessage, read.BodySha256, cancellationToken);
            await Console.Error.WriteLineAsync($"Invalid payload '{payloadFile.Name}': {read.ErrorMessage}");
            return ExitCodes.InvalidInput;
        }

        var result = await pipeline.RunAsync(read.Event!, cancellationToken);
        switch (result.Status)
        {
            case DraftRunStatus.Rejected:
                await Console.Error.WriteLineAsync($"Invalid payload '{payloadFile.Name}': {result.Error}");
                return ExitCodes.InvalidInput;
            case DraftRunStatus.Failed:
            case DraftRunStatus.Skipped:
                await Console.Error.WriteLineAsync($"Run {result.CorrelationId} ended with {result.Status}: {result.Error}");
                return ExitCodes.Failure;
        }

        if (result.Status == DraftRunStatus.DeliveryFailed)
        {
            await Console.Error.WriteLineAsync($"Run {result.CorrelationId}: {result.Error}");
            return ExitCodes.Failure;
        }

        var rendered = result.Renderings.First(r => string.Equals(r.Format, format, StringComparison.OrdinalIgnoreCase));
        if (output is not null)
        {
            await Console.Error.WriteLineAsync($"Draft written to {output.FullName} (run {result.CorrelationId}).");
        }
        else if (rendered.MediaType.StartsWith("text/", StringComparison.Ordinal) || rendered.MediaType.Contains("json", StringComparison.Ordinal))
        {
            Console.WriteLine(Encoding.UTF8.GetString(rendered.Content.Span));
        }
        else
        {
            await Console.Error.WriteLineAsync($"Format '{format}' is binary ({rendered.MediaType}); give --out FILE.");
            return ExitCodes.InvalidInput;
        }

        return ExitCodes.Success;
    }
}
