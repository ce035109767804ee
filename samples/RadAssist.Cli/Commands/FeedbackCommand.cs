using System.CommandLine;
using System.Globalization;
using RadAssist.Governance;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist feedback</c>: records what the radiologist did with a draft, or the signed report.</summary>
internal static class FeedbackCommand
{
    public static Command Create()
    {
        var audit = new Option<string>("--audit") { Description = AuditTargets.Description, Required = true };
        var run = new Option<string>("--run") { Description = "Correlation id of the run that produced the draft.", Required = true };
        var action = new Option<string>("--action")
        {
            Description = "What the radiologist did: accept, edit, reject, regenerate, disregard or sign.",
            Required = true,
        };
        var actor = new Option<string>("--actor") { Description = "User id of the radiologist.", Required = true };
        var section = new Option<string?>("--section")
        {
            Description = "Section of the sentence acted on (indication, comparison, findings, impression, recommendations); omit for the whole draft.",
        };
        var sentence = new Option<int?>("--sentence") { Description = "Zero-based index of the sentence within --section." };
        var text = new Option<string?>("--text") { Description = "Text after an edit, or the signed report for sign." };
        var textFile = new Option<FileInfo?>("--text-file") { Description = "UTF-8 file holding the text, in place of --text." };
        var reason = new Option<string?>("--reason") { Description = "Reason given for a reject or disregard." };

        var command = new Command("feedback", "Record an action of the radiologist on a draft, or the signed report, in the audit.");
        foreach (var option in new Option[] { audit, run, action, actor, section, sentence, text, textFile, reason })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            if (!Enum.TryParse<FeedbackAction>(parseResult.GetValue(action), ignoreCase: true, out var parsedAction)
                || !Enum.IsDefined(parsedAction)
                || int.TryParse(parseResult.GetValue(action), CultureInfo.InvariantCulture, out _))
            {
                await Console.Error.WriteLineAsync(
                    $"Option '--action' has an invalid value '{parseResult.GetValue(action)}': use accept, edit, reject, regenerate, disregard or sign.");
                return ExitCodes.InvalidInput;
            }

            DraftSectionKind? parsedSection = null;
            var sectionText = parseResult.GetValue(section);
            if (sectionText is not null)
            {
                if (!Enum.TryParse<DraftSectionKind>(sectionText, ignoreCase: true, out var value)
                    || !Enum.IsDefined(value)
                    || int.TryParse(sectionText, CultureInfo.InvariantCulture, out _))
                {
                    await Console.Error.WriteLineAsync(
                        $"Option '--section' has an invalid value '{sectionText}': use indication, comparison, findings, impression or recommendations.");
                    return ExitCodes.InvalidInput;
                }

                parsedSection = value;
            }

            var body = parseResult.GetValue(text);
            if (parseResult.GetValue(textFile) is { } file)
            {
                if (body is not null)
                {
                    await Console.Error.WriteLineAsync("Options '--text' and '--text-file' were both given: use one.");
                    return ExitCodes.InvalidInput;
                }

                if (!file.Exists)
                {
                    await Console.Error.WriteLineAsync($"Option '--text-file' names a file that was not found: '{file.FullName}'.");
                    return ExitCodes.InvalidInput;
                }

                body = await File.ReadAllTextAsync(file.FullName, cancellationToken);
            }

            var feedback = new DraftFeedback
            {
                CorrelationId = parseResult.GetValue(run)!,
                Action = parsedAction,
                Actor = parseResult.GetValue(actor)!,
                Section = parsedSection,
                SentenceIndex = parseResult.GetValue(sentence),
                Text = body,
                Reason = parseResult.GetValue(reason),
            };

            return await RecordAsync(parseResult.GetValue(audit)!, feedback, cancellationToken);
        });

        return command;
    }

    private static async Task<int> RecordAsync(string target, DraftFeedback feedback, CancellationToken cancellationToken)
    {
        IAuditSink sink;
        try
        {
            sink = AuditTargets.Open(target);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.InvalidInput;
        }

        try
        {
            await new AuditFeedbackRecorder(sink).RecordAsync(feedback, cancellationToken);
            Console.WriteLine($"Recorded {AuditFeedbackRecorder.ActionName(feedback.Action)} for run {feedback.CorrelationId}.");
            return ExitCodes.Success;
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(AsOptionMessage(ex));
            return ExitCodes.InvalidInput;
        }
        finally
        {
            await DisposeAsync(sink);
        }
    }

    // The recorder names the fields of DraftFeedback; a command-line user knows them by their options.
    private static string AsOptionMessage(ArgumentException exception)
    {
        var message = exception.Message;
        var suffix = $" (Parameter '{exception.ParamName}')";
        if (exception.ParamName is not null && message.EndsWith(suffix, StringComparison.Ordinal))
        {
            message = message[..^suffix.Length];
        }

        foreach (var (field, option) in FieldOptions)
        {
            message = message.Replace($"Feedback field '{field}'", $"Option '{option}'", StringComparison.Ordinal);
        }

        return message;
    }

    private static readonly (string Field, string Option)[] FieldOptions =
    [
        (nameof(DraftFeedback.CorrelationId), "--run"),
        (nameof(DraftFeedback.Actor), "--actor"),
        (nameof(DraftFeedback.Action), "--action"),
        (nameof(DraftFeedback.Section), "--section"),
        (nameof(DraftFeedback.SentenceIndex), "--sentence"),
        (nameof(DraftFeedback.Text), "--text"),
    ];

    internal static async ValueTask DisposeAsync(IAuditSink sink)
    {
        if (sink is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            (sink as IDisposable)?.Dispose();
        }
    }
}
