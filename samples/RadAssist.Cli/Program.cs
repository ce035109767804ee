using System.CommandLine;
using RadAssist.Cli;

var root = new RootCommand("RadAssist: AI-drafted radiology reports from study events, marked as drafts and audited.");
foreach (var command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}

var parseResult = root.Parse(args);

// Unknown options, missing arguments and values of the wrong type are invalid input, so they exit with 2.
if (parseResult.Errors.Count > 0 && parseResult.Action is not System.CommandLine.Help.HelpAction)
{
    foreach (var error in parseResult.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message.Replace("System.Nullable`1[System.Int32]", "integer", StringComparison.Ordinal)
            .Replace("System.Int32", "integer", StringComparison.Ordinal));
    }

    await Console.Error.WriteLineAsync("Run with --help for the options of each command.");
    return ExitCodes.InvalidInput;
}

try
{
    return await parseResult.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (OperationCanceledException)
{
    await Console.Error.WriteLineAsync("Cancelled.");
    return ExitCodes.Failure;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException
    or InvalidOperationException or System.Data.Common.DbException or HttpRequestException or FormatException)
{
    // Failures of the environment, such as a locked or unreadable file or an unreachable server, are reported
    // without a stack trace. Any other exception is a bug and keeps the runtime's default report.
    await Console.Error.WriteLineAsync($"Failed: {ex.Message}");
    return ExitCodes.Failure;
}
