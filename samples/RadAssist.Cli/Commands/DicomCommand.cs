using System.CommandLine;
using System.Text;
using RadAssist.Dicom;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist dicom dump FILE [--json]</c>: prints a DICOM file element by element, or as DICOM JSON.</summary>
internal static class DicomCommand
{
    private const int MaxShownCharacters = 64;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "DICOM Part 10 file, or a bare dataset." };
        var json = new Option<bool>("--json") { Description = "Print the dataset in the DICOM JSON model (PS3.18 F.2) instead of one line per element." };
        var dump = new Command("dump", "Print every element of a DICOM file: tag, VR, keyword and value, items indented.")
        {
            file, json,
        };
        dump.SetAction((parseResult, _) => Task.FromResult(Dump(parseResult.GetValue(file)!, parseResult.GetValue(json))));

        return new Command("dicom", "Read DICOM files.") { dump };
    }

    private static int Dump(FileInfo file, bool json)
    {
        if (!file.Exists)
        {
            Console.Error.WriteLine($"Argument FILE value '{file.FullName}': file not found.");
            return ExitCodes.InvalidInput;
        }

        DicomFile dicom;
        try
        {
            dicom = DicomFile.Open(file.FullName);
        }
        catch (DicomFormatException exception)
        {
            Console.Error.WriteLine($"Argument FILE value '{file.Name}': not a readable DICOM file. {exception.Message}");
            return ExitCodes.InvalidInput;
        }

        if (json)
        {
            Console.Out.WriteLine(DicomJson.Write(dicom.Dataset));
            return ExitCodes.Success;
        }

        var output = new StringBuilder();
        output.AppendLine("# File Meta Information");
        Append(output, dicom.FileMetaInformation, 0);
        output.AppendLine("# Dataset");
        Append(output, dicom.Dataset, 0);
        foreach (var warning in dicom.Warnings)
        {
            output.Append("# Warning: ").AppendLine(warning);
        }

        Console.Out.Write(output.ToString());
        return ExitCodes.Success;
    }

    private static void Append(StringBuilder output, DicomDataset dataset, int depth)
    {
        var indent = new string(' ', depth * 2);
        foreach (var element in dataset)
        {
            var keyword = DicomDictionary.Find(element.Tag)?.Keyword ?? (element.Tag.IsPrivate ? "(private)" : "(unknown)");
            output.Append(indent).Append(element.Tag).Append(' ').Append(element.VR).Append(' ').Append(keyword).Append(' ');
            if (element.VR == DicomVR.SQ)
            {
                output.Append(element.Items.Count).AppendLine(element.Items.Count == 1 ? " item" : " items");
                for (var index = 0; index < element.Items.Count; index++)
                {
                    output.Append(indent).Append("  > item ").Append(index + 1).AppendLine();
                    Append(output, element.Items[index], depth + 2);
                }

                continue;
            }

            output.AppendLine(Describe(element));
        }
    }

    private static string Describe(DicomElement element)
    {
        if (element.Text is { } text)
        {
            return text.Length <= MaxShownCharacters ? $"[{text}]" : $"[{text[..MaxShownCharacters]}...] ({text.Length} characters)";
        }

        if (element.Fragments is { } fragments)
        {
            return $"encapsulated, {fragments.Count} items, {fragments.Sum(f => f.Length)} bytes";
        }

        if (element.VR is DicomVR.OB or DicomVR.OW or DicomVR.OF or DicomVR.OD or DicomVR.OL or DicomVR.OV or DicomVR.UN)
        {
            return $"{element.Bytes.Length} bytes";
        }

        var values = Enumerable.Range(0, Math.Min(element.Count, 16)).Select(index => element.GetString(index));
        return $"[{string.Join('\\', values)}{(element.Count > 16 ? "\\..." : string.Empty)}]";
    }
}
