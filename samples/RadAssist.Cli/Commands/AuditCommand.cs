using System.CommandLine;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist audit</c>: checks and reads stored audit trails.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var target = new Argument<string>("TARGET") { Description = AuditTargets.Description };
        var verify = new Command("verify", "Check the hash chain and report the first broken, missing or moved record.") { target };
        verify.SetAction((parseResult, cancellationToken) => VerifyAsync(parseResult.GetValue(target)!, cancellationToken));

        return new Command("audit", "Check and read audit trails.") { verify, AuditQueryCommand.Create() };
    }

    private static async Task<int> VerifyAsync(string target, CancellationToken cancellationToken)
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
            var result = await sink.VerifyAsync(cancellationToken);
            if (result.IsValid)
            {
                Console.WriteLine($"OK: {result.RecordCount} records, hash chain intact.");
                return ExitCodes.Success;
            }

            Console.WriteLine(
                $"BROKEN: {result.FirstBadLocation} (sequence {result.FirstBadSequence}): {result.Reason}. " +
                $"{result.RecordCount} records before it are intact.");
            return ExitCodes.Failure;
        }
        finally
        {
            (sink as IDisposable)?.Dispose();
        }
    }
}
