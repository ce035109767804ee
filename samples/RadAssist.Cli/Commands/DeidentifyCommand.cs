using System.CommandLine;
using System.Globalization;
using RadAssist.Llm;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist deidentify FILE</c>: prints a report text with identifiers replaced by surrogates.</summary>
internal static class DeidentifyCommand
{
    /// <summary>Largest input file read, in bytes.</summary>
    private const long MaxFileBytes = 10 * 1024 * 1024;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "UTF-8 text file with one report." };
        var shiftDays = new Option<int?>("--shift-days")
        {
            Description = "Days every date moves back, 1 to 3650; a random shift of 1 to 365 days when absent.",
        };

        var command = new Command(
            "deidentify",
            "Replace names, identifiers, UIDs, phone numbers, e-mail and street addresses, and ages over 89 in a report " +
            "text by tokens, and move dates back, as the model-facing de-identification does.")
        {
            file, shiftDays,
        };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(parseResult.GetValue(file)!, parseResult.GetValue(shiftDays), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(FileInfo file, int? shiftDays, CancellationToken cancellationToken)
    {
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"Argument 'FILE' value '{file.FullName}': file not found.");
            return ExitCodes.InvalidInput;
        }

        if (file.Length > MaxFileBytes)
        {
            await Console.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Argument 'FILE' value '{file.FullName}': {file.Length} bytes, more than the maximum of {MaxFileBytes}."));
            return ExitCodes.InvalidInput;
        }

        if (shiftDays is < 1 or > 3650)
        {
            await Console.Error.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Option '--shift-days' value '{shiftDays}' is out of range; give 1 to 3650."));
            return ExitCodes.InvalidInput;
        }

        var options = new PatternDeidentifierOptions();
        if (shiftDays is { } days)
        {
            options.MaxDateShiftDays = Math.Max(days, options.MaxDateShiftDays);
            options.FixedDateShiftDays = days;
        }

        var text = await File.ReadAllTextAsync(file.FullName, cancellationToken);
        var (deidentified, count) = new PatternDeidentifier(options).DeidentifyText(text);
        Console.Write(deidentified);
        if (!deidentified.EndsWith('\n'))
        {
            Console.WriteLine();
        }

        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{count} identifiers replaced."));
        return ExitCodes.Success;
    }
}
