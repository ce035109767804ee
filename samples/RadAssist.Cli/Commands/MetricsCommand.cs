using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using RadAssist.Governance;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist metrics</c>: draft acceptance, edit distance and discrepancy metrics from the audit.</summary>
internal static class MetricsCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static Command Create()
    {
        var audit = new Option<string>("--audit") { Description = AuditTargets.Description, Required = true };
        var from = new Option<string?>("--from") { Description = "Only runs audited at or after this ISO 8601 time, such as 2026-03-01T00:00:00Z." };
        var to = new Option<string?>("--to") { Description = "Only runs audited before this ISO 8601 time." };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON instead of a table." };
        var pairs = new Option<FileInfo?>("--pairs-out")
        {
            Description = "Also write de-identified draft and signed report pairs to this JSON Lines file, for retraining.",
        };

        var command = new Command("metrics", "Show acceptance rate, edit distance, unchanged signatures, time to signature and major discrepancies per modality, body part and model.");
        foreach (var option in new Option[] { audit, from, to, json, pairs })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var query = new AuditQuery();
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

            return await RunAsync(parseResult.GetValue(audit)!, query, parseResult.GetValue(json), parseResult.GetValue(pairs), cancellationToken);
        });

        return command;
    }

    private static async Task<int> RunAsync(string target, AuditQuery query, bool json, FileInfo? pairsFile, CancellationToken cancellationToken)
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
            var records = new List<AuditRecord>();
            await foreach (var record in sink.QueryAsync(query, cancellationToken))
            {
                records.Add(record);
            }

            var metrics = DraftMetricsCalculator.Compute(records);
            if (json)
            {
                Console.WriteLine(JsonSerializer.Serialize(metrics, JsonOptions));
            }
            else
            {
                PrintTable(metrics);
            }

            if (pairsFile is not null)
            {
                Directory.CreateDirectory(pairsFile.DirectoryName ?? ".");
                await using var writer = new StreamWriter(pairsFile.FullName, append: false);
                var count = await new DraftPairExporter().ExportAsync(records, writer, cancellationToken);
                await Console.Error.WriteLineAsync($"Wrote {count} de-identified pairs to {pairsFile.FullName}.");
            }

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

    private static void PrintTable(IReadOnlyList<DraftMetrics> metrics)
    {
        if (metrics.Count == 0)
        {
            Console.WriteLine("No drafts in the audit for this period.");
            return;
        }

        Console.WriteLine("modality  body part   model                         drafts  accept  signed  edit dist  unchanged  median to sign  major");
        foreach (var row in metrics)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{row.Modality,-9} {row.BodyPart,-11} {Truncate(row.Model, 29),-29} {row.Drafts,6}  {Percent(row.AcceptanceRate),6}  {row.Signed,6}  {Fraction(row.MeanEditDistance),9}  {Percent(row.SignedUnchangedShare),9}  {Duration(row.MedianTimeToSignature),14}  {row.MajorDiscrepancies,5}"));
        }
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "~";

    private static string Percent(double? value) =>
        value is null ? "-" : value.Value.ToString("P0", CultureInfo.InvariantCulture);

    private static string Fraction(double? value) =>
        value is null ? "-" : value.Value.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan? value) =>
        value is null ? "-" : value.Value.ToString(@"d\.hh\:mm\:ss", CultureInfo.InvariantCulture);
}
