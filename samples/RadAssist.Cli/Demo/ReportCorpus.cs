using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace RadAssist.Demo;

/// <summary>One real report of the bundled corpus, with what an order for its follow-up study would carry.</summary>
/// <param name="Collection">Name of the collection: <c>openi</c> or <c>mtsamples</c>.</param>
/// <param name="Id">Identifier of the report within its collection.</param>
/// <param name="Modality">DICOM modality code of the exam.</param>
/// <param name="BodyPart">Body part, when the collection states it.</param>
/// <param name="ExamDescription">Name of the exam.</param>
/// <param name="Text">The report text with its section headings.</param>
internal sealed record CorpusReport(
    string Collection,
    string Id,
    string Modality,
    string? BodyPart,
    string ExamDescription,
    string Text)
{
    /// <summary>Builds the order for a follow-up of a corpus report, with the report as its prior.</summary>
    public StudyEvent ToFollowUpEvent() => new()
    {
        EventId = $"demo-{Collection}-{Id}",
        Source = "demo",
        Kind = StudyEventKind.ReadyForReporting,
        OccurredAt = DateTimeOffset.UtcNow,
        StudyInstanceUid = DemoUid($"{Collection}/{Id}"),
        PatientId = $"DEMO-{Collection.ToUpperInvariant()}-{Id}",
        Modality = Modality,
        BodyPart = BodyPart,
        ProcedureDescription = $"Follow-up {ExamDescription}",
        ClinicalIndication = "Follow-up of prior findings.",
        InlinePriorReports =
        [
            new PriorReport
            {
                ReportId = $"{Collection}-{Id}",
                Text = Text,
                ExamDescription = ExamDescription,
                Modality = Modality,
                Source = Collection,
            },
        ],
    };

    // A stable UID in the 2.25 form (PS3.5 B.2): the decimal value of 128 bits of a hash of the report's name.
    private static string DemoUid(string name)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16);
        return "2.25." + new BigInteger(hash, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>Reads the bundled report collections (CSV files, copied verbatim from their public sources).</summary>
internal static class ReportCorpus
{
    public const string OpenIFile = "openi_iu_cxr_reports.csv";
    public const string MtSamplesFile = "mtsamples_radiology.csv";

    /// <summary>Loads both collections from a folder, Open-i first.</summary>
    public static IReadOnlyList<CorpusReport> Load(string directory)
    {
        var reports = new List<CorpusReport>();
        reports.AddRange(LoadOpenI(Path.Combine(directory, OpenIFile)));
        reports.AddRange(LoadMtSamples(Path.Combine(directory, MtSamplesFile)));
        return reports;
    }

    /// <summary>
    /// Loads the Open-i chest X-ray reports; the separate columns become headed sections of one text.
    /// </summary>
    public static IEnumerable<CorpusReport> LoadOpenI(string path)
    {
        foreach (var row in ReadRows(path))
        {
            var text = new StringBuilder();
            AppendSection(text, "INDICATION", row.GetValueOrDefault("indication"));
            AppendSection(text, "COMPARISON", row.GetValueOrDefault("comparison"));
            AppendSection(text, "FINDINGS", row.GetValueOrDefault("findings"));
            AppendSection(text, "IMPRESSION", row.GetValueOrDefault("impression"));
            yield return new CorpusReport(
                "openi",
                row["uid"],
                "CR",
                "CHEST",
                string.IsNullOrWhiteSpace(row.GetValueOrDefault("image")) ? "Chest X-ray" : row["image"].Trim(),
                text.ToString().TrimEnd());
        }
    }

    /// <summary>Loads the MTSamples radiology transcriptions; their text already carries section headings.</summary>
    public static IEnumerable<CorpusReport> LoadMtSamples(string path)
    {
        foreach (var row in ReadRows(path))
        {
            var modality = row.GetValueOrDefault("modality_guess") switch
            {
                "XR/RF" => "CR",
                "NM/PET" => "NM",
                { Length: > 0 } code => code,
                _ => "OT",
            };
            yield return new CorpusReport(
                "mtsamples",
                row["note_id"],
                modality,
                null,
                row.GetValueOrDefault("sample_name")?.Trim() ?? "Radiology report",
                row.GetValueOrDefault("transcription") ?? string.Empty);
        }
    }

    private static void AppendSection(StringBuilder text, string heading, string? body)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            text.Append(heading).Append(": ").Append(body.Trim()).Append('\n');
        }
    }

    /// <summary>Reads an RFC 4180 CSV file with a header row: quoted fields, doubled quotes, line breaks in quotes.</summary>
    internal static IEnumerable<Dictionary<string, string>> ReadRows(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var records = ParseCsv(text);
        if (records.Count == 0)
        {
            yield break;
        }

        var header = records[0];
        for (var i = 1; i < records.Count; i++)
        {
            var fields = records[i];
            if (fields.Count == 1 && fields[0].Length == 0)
            {
                continue;
            }

            if (fields.Count != header.Count)
            {
                throw new InvalidDataException(
                    $"{Path.GetFileName(path)} record {i + 1} has {fields.Count} fields; the header has {header.Count}.");
            }

            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var f = 0; f < header.Count; f++)
            {
                row[header[f]] = fields[f];
            }

            yield return row;
        }
    }

    private static List<List<string>> ParseCsv(string text)
    {
        var records = new List<List<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    field.Clear();
                    records.Add(fields);
                    fields = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            records.Add(fields);
        }

        return records;
    }
}
