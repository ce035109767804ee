using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RadAssist.Cli.Commands;

/// <summary>
/// <c>radassist analyze FILE [--prior FILE] [--json]</c>: reads a report text into sections, findings, measurements,
/// comparisons, categories and critical results.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "Report text file (UTF-8)." };
        var prior = new Option<string>("--prior") { Description = "Prior report text file (UTF-8) to compare measured findings with." };
        var json = new Option<bool>("--json") { Description = "Print the analysis as JSON instead of a text summary." };

        var command = new Command("analyze", "Read a radiology report into findings, measurements, comparisons, categories and critical results.")
        {
            file,
        };
        command.Options.Add(prior);
        command.Options.Add(json);
        command.SetAction(async (parseResult, cancellationToken) =>
            await RunAsync(parseResult.GetValue(file)!, parseResult.GetValue(prior), parseResult.GetValue(json), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string file, string? priorFile, bool json, CancellationToken cancellationToken)
    {
        var analyzer = new ReportAnalyzer();
        ReportAnalysis current;
        PriorComparison? comparison = null;
        try
        {
            current = analyzer.Analyze(await ReadReportAsync("FILE", file, cancellationToken));
            if (priorFile is not null)
            {
                var prior = analyzer.Analyze(new PriorReport
                {
                    ReportId = Path.GetFileName(priorFile),
                    Text = await ReadReportAsync("--prior", priorFile, cancellationToken),
                });
                comparison = PriorComparer.Compare(current, prior);
            }
        }
        catch (InvalidInputException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return ExitCodes.InvalidInput;
        }

        if (json)
        {
            await using var output = Console.OpenStandardOutput();
            await using var writer = new Utf8JsonWriter(output, new JsonWriterOptions
            {
                Indented = true,

                // The output goes to a terminal or a file, never into HTML, so "+" and ">" stay readable.
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            });
            WriteJson(writer, current, comparison);
            await writer.FlushAsync(cancellationToken);
            await output.WriteAsync("\n"u8.ToArray(), cancellationToken);
        }
        else
        {
            Console.Write(Summarize(current, comparison));
        }

        return ExitCodes.Success;
    }

    private static async Task<string> ReadReportAsync(string field, string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"{field}: report file '{path}' not found.");
        }

        var length = new FileInfo(path).Length;
        if (length > ReportAnalyzer.MaxTextLength * 4L)
        {
            throw new InvalidInputException(
                $"{field}: report file '{path}' is {length} bytes; the analyzer accepts at most {ReportAnalyzer.MaxTextLength} characters.");
        }

        var text = await File.ReadAllTextAsync(path, Encoding.UTF8, cancellationToken);
        if (text.Length > ReportAnalyzer.MaxTextLength)
        {
            throw new InvalidInputException(
                $"{field}: report file '{path}' has {text.Length} characters; the analyzer accepts at most {ReportAnalyzer.MaxTextLength}.");
        }

        return text;
    }

    private static void WriteJson(Utf8JsonWriter writer, ReportAnalysis analysis, PriorComparison? comparison)
    {
        writer.WriteStartObject();

        writer.WriteStartArray("sections");
        foreach (var section in analysis.Sections)
        {
            writer.WriteStartObject();
            writer.WriteString("kind", Name(section.Kind));
            writer.WriteString("heading", section.Heading);
            writer.WriteStartArray("sentences");
            for (var i = section.FirstSentenceIndex; i < section.FirstSentenceIndex + section.SentenceCount; i++)
            {
                writer.WriteStringValue(analysis.Sentences[i].Text);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("findings");
        foreach (var finding in analysis.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("type", finding.Type);
            writer.WriteString("site", finding.Site);
            writer.WriteString("laterality", Name(finding.Laterality));
            writer.WriteBoolean("negated", finding.Negated);
            writer.WriteBoolean("uncertain", finding.Uncertain);
            writer.WriteString("temporal", Name(finding.Temporal));
            writer.WriteString("sentence", finding.Sentence);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("measurements");
        foreach (var item in analysis.Measurements)
        {
            writer.WriteStartObject();
            writer.WriteString("text", item.Measurement.Text);
            writer.WriteStartArray("values_mm");
            foreach (var value in item.Measurement.ValuesMm)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("range", item.Measurement.IsRange);
            writer.WriteBoolean("prior", item.Measurement.IsPrior);
            writer.WriteString("finding", item.FindingType);
            writer.WriteString("sentence", item.Sentence);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("comparisons");
        foreach (var statement in analysis.Comparisons.Concat(comparison?.Statements ?? []))
        {
            WriteComparison(writer, statement);
        }

        writer.WriteEndArray();

        if (comparison?.Recist is { } recist)
        {
            writer.WriteStartObject("recist");
            writer.WriteNumber("baseline_sum_mm", recist.BaselineSumMm);
            writer.WriteNumber("current_sum_mm", recist.CurrentSumMm);
            if (recist.ChangeFromBaselinePercent is { } percent)
            {
                writer.WriteNumber("change_percent", percent);
            }

            writer.WriteString("response", Name(recist.Response));
            writer.WriteEndObject();
        }

        writer.WriteStartArray("categories");
        foreach (var category in analysis.Categories)
        {
            writer.WriteStartObject();
            writer.WriteString("system", category.System);
            writer.WriteString("category", category.Category);
            writer.WriteString("description", category.Description);
            writer.WriteString("management", category.Management);
            writer.WriteString("basis", category.Basis);
            writer.WriteString("sentence", category.Source?.Text);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();

        writer.WriteStartArray("critical");
        foreach (var result in analysis.CriticalResults)
        {
            writer.WriteStartObject();
            writer.WriteString("term", result.Term);
            writer.WriteString("urgency", Name(result.Urgency));
            writer.WriteString("sentence", result.Sentence);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteComparison(Utf8JsonWriter writer, ComparisonStatement statement)
    {
        writer.WriteStartObject();
        writer.WriteString("finding", statement.FindingType);
        writer.WriteString("site", statement.Site);
        writer.WriteString("laterality", Name(statement.Laterality));
        writer.WriteNumber("current_mm", statement.CurrentMm);
        writer.WriteNumber("prior_mm", statement.PriorMm);
        writer.WriteNumber("change_mm", statement.ChangeMm);
        if (statement.ChangePercent is { } percent)
        {
            writer.WriteNumber("change_percent", percent);
        }
        else
        {
            writer.WriteNull("change_percent");
        }

        writer.WriteString("change", Name(statement.Change));
        writer.WriteString("statement", statement.ToSentence());
        writer.WriteString("sentence", statement.CurrentSentence);
        writer.WriteString("prior_sentence", statement.PriorSentence);
        writer.WriteEndObject();
    }

    private static string Summarize(ReportAnalysis analysis, PriorComparison? comparison)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{analysis.Sections.Count} sections, {analysis.Sentences.Count} sentences, {analysis.Findings.Count} findings, {analysis.Measurements.Count} measurements.");
        foreach (var finding in analysis.Findings)
        {
            var polarity = "present";
            if (finding.Negated)
            {
                polarity = "absent";
            }
            else if (finding.Uncertain)
            {
                polarity = "possible";
            }

            var sizes = string.Join(", ", finding.Measurements.Select(m => m.Text));
            text.AppendLine(CultureInfo.InvariantCulture, $"  {polarity,-8} {finding.Type}{(finding.Site is null ? string.Empty : " (" + finding.Site + ")")}{(sizes.Length > 0 ? " " + sizes : string.Empty)}");
        }

        foreach (var statement in analysis.Comparisons.Concat(comparison?.Statements ?? []))
        {
            text.AppendLine("  comparison: " + statement.ToSentence());
        }

        foreach (var category in analysis.Categories)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {category.System} {category.Category}: {category.Management}");
        }

        foreach (var result in analysis.CriticalResults)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  CRITICAL ({Name(result.Urgency)}): {result.Term}: {result.Sentence}");
        }

        return text.ToString();
    }

    private static string Name<T>(T value)
        where T : struct, Enum
    {
        // Enum names as lower-case words: "NonUrgent" becomes "non-urgent", "PartialResponse" "partial-response".
        var name = value.ToString();
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private sealed class InvalidInputException(string message) : Exception(message);
}
