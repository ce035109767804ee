using System.CommandLine;
using System.Globalization;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist audit query</c>: prints stored audit records by run, study or time range.</summary>
internal static class AuditQueryCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("TARGET") { Description = AuditTargets.Description };
        var run = new Option<string?>("--run") { Description = "Only records of this correlation id." };
        var study = new Option<string?>("--study") { Description = "Only records of this Study Instance UID." };
        var from = new Option<string?>("--from") { Description = "Only records at or after this ISO 8601 time, such as 2026-03-01T00:00:00Z." };
        var to = new Option<string?>("--to") { Description = "Only records before this ISO 8601 time." };
        var json = new Option<bool>("--json") { Description = "Print each record as its stored canonical JSON line, output included." };

        var command = new Command("query", "Print stored audit records in chain order, filtered by run, study or time range.") { target };
        foreach (var option in new Option[] { run, study, from, to, json })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var query = new AuditQuery { CorrelationId = parseResult.GetValue(run), StudyInstanceUid = parseResult.GetValue(study) };
            foreach (var (option, name) in new[] { (from, "--from"), (to, "--to") })
            {
                var text = parseResult.GetValue(option);
                if (text is null)
                {
                    continue;
                }

                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
                {
                    await Console.Error.WriteLineAsync($"Option '{name}' has an invalid value '{text}': use an ISO 8601 time such as 2026-03-01T00:00:00Z.");
                    return ExitCodes.InvalidInput;
                }

                query = name == "--from" ? query with { From = time } : query with { To = time };
            }

            return await QueryAsync(parseResult.GetValue(target)!, query, parseResult.GetValue(json), cancellationToken);
        });

        return command;
    }

    private static async Task<int> QueryAsync(string target, AuditQuery query, bool json, CancellationToken cancellationToken)
    {
        IAuditSink sink;
        try
        {
            if (AuditTargets.IsMissingFile(target))
            {
                await Console.Error.WriteLineAsync($"Audit file '{target}' not found.");
                return ExitCodes.InvalidInput;
            }

            sink = AuditTargets.Open(target);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.InvalidInput;
        }

        try
        {
            var count = 0;
            await foreach (var record in sink.QueryAsync(query, cancellationToken))
            {
                count++;
                var auditEvent = record.Event;
                Console.WriteLine(json
                    ? record.ToJson()
                    : string.Create(
                        CultureInfo.InvariantCulture,
                        $"{record.Sequence,6}  {auditEvent.Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ}  {auditEvent.EventType,-10} {auditEvent.Outcome,-8} {auditEvent.CorrelationId}  {auditEvent.Actor}"));
            }

            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{count} records."));
            return ExitCodes.Success;
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"The audit could not be read: {ex.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            await FeedbackCommand.DisposeAsync(sink);
        }
    }
}
