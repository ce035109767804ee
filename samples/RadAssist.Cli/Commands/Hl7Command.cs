using System.CommandLine;
using RadAssist.Hl7;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist hl7 get FILE PATH</c>: prints one value of an HL7 v2 message.</summary>
internal static class Hl7Command
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "HL7 v2 message file (ER7); the first message is read." };
        var path = new Argument<string>("PATH")
        {
            Description = "Location such as PID-5, PID-5.1, OBX(2)-5 or PID-3(2).1: segment (occurrence), field " +
                          "(repetition), component, subcomponent; all 1-based.",
        };
        var get = new Command("get", "Print one value, unescaped; nothing when it is empty or the null value \"\".")
        {
            file, path,
        };
        get.SetAction((parseResult, _) => Task.FromResult(Get(parseResult.GetValue(file)!, parseResult.GetValue(path)!)));

        return new Command("hl7", "Read HL7 v2 messages.") { get };
    }

    private static int Get(FileInfo file, string path)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"Argument FILE value '{file.FullName}': file not found.");
            return ExitCodes.InvalidInput;
        }

        var messages = Hl7Batch.Split(File.ReadAllBytes(file.FullName));
        if (messages.Count == 0)
        {
            Console.Error.WriteLine($"Argument FILE value '{file.Name}': no HL7 message (no MSH segment) found.");
            return ExitCodes.InvalidInput;
        }

        try
        {
            var value = Hl7Message.Parse(messages[0]).Get(path);
            if (value.HasValue)
            {
                Console.Out.WriteLine(value.ToString());
            }

            return ExitCodes.Success;
        }
        catch (Hl7ParseException exception)
        {
            var argument = exception.Code == Hl7ErrorCode.InvalidPath ? "PATH" : "FILE";
            Console.Error.WriteLine($"Argument {argument}: {exception.Message}");
            return ExitCodes.InvalidInput;
        }
    }
}
