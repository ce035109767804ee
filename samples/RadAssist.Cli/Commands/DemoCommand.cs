using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Demo;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist demo</c>: runs the main job over the bundled real reports and prints each draft.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--count")
        {
            Description = "Number of bundled reports to draft follow-ups for, from the start of the corpus.",
            DefaultValueFactory = _ => 24,
        };
        var all = new Option<bool>("--all") { Description = "Draft a follow-up for every bundled report." };
        var format = new Option<string>("--format")
        {
            Description = "Format to print each draft in: text or json.",
            DefaultValueFactory = _ => "text",
        };
        var audit = AuditTargets.CreateOption();

        var command = new Command(
            "demo",
            "Draft follow-up reports for the bundled real reports (Open-i chest X-rays, MTSamples radiology), each used as the prior report.")
        {
            count, all, format, audit,
        };
        command.SetAction((parseResult, cancellationToken) => RunAsync(
            parseResult.GetValue(all) ? int.MaxValue : parseResult.GetValue(count),
            parseResult.GetValue(format)!,
            parseResult.GetValue(audit),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(int count, string format, string? auditTarget, CancellationToken cancellationToken)
    {
        if (count < 1)
        {
            await Console.Error.WriteLineAsync($"Option '--count' value '{count}' must be at least 1.");
            return ExitCodes.InvalidInput;
        }

        var directory = Path.Combine(AppContext.BaseDirectory, "data", "reports");
        if (!Directory.Exists(directory))
        {
            await Console.Error.WriteLineAsync($"The bundled reports were not found in '{directory}'.");
            return ExitCodes.Failure;
        }

        await using var services = PipelineFactory.Build([format], auditTarget);
        var pipeline = services.GetRequiredService<DraftPipeline>();
        var reports = ReportCorpus.Load(directory).Take(count).ToList();
        var completed = 0;
        foreach (var report in reports)
        {
            var result = await pipeline.RunAsync(report.ToFollowUpEvent(), cancellationToken);
            Console.WriteLine($"=== Follow-up draft for {report.Collection} report {report.Id}: {report.ExamDescription} ===");
            if (result.Status != DraftRunStatus.Completed)
            {
                Console.WriteLine($"Run {result.CorrelationId} ended with {result.Status}: {result.Error}");
                continue;
            }

            completed++;
            Console.WriteLine(Encoding.UTF8.GetString(result.Renderings[0].Content.Span));
        }

        var verification = await services.GetRequiredService<IAuditSink>().VerifyAsync(cancellationToken);
        Console.WriteLine(
            $"{completed} of {reports.Count} drafts completed; audit: {verification.RecordCount} events, " +
            (verification.IsValid ? "hash chain intact." : $"hash chain broken at {verification.FirstBadLocation}: {verification.Reason}."));
        return completed == reports.Count && verification.IsValid ? ExitCodes.Success : ExitCodes.Failure;
    }
}
