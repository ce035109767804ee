using System.Globalization;
using System.Text;
using RadAssist.Dicom.StructuredReport;
using RadAssist.Testing;

namespace RadAssist.Dicom.Tests.StructuredReport;

/// <summary>Builds the SR inputs of the tests: measurement reports and drafts of the bundled report texts.</summary>
internal static class SrFixtures
{
    public const string StudyUid = "2.25.100200300400500600700800900";
    public const string SeriesUid = "2.25.100200300400500600700800901";
    public const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    public static readonly SrDeviceObserver Device = new("2.25.31415926535897932384626433832795", "radassist-test-model")
    {
        Manufacturer = "RadAssist",
        ModelName = "radassist-test-model 1.0",
        SerialNumber = "radassist-deterministic 0.1",
    };

    public static SrDocument MeasurementReport(int measurementCount)
    {
        var groups = new List<SrMeasurementGroup>();
        for (var index = 0; index < measurementCount; index++)
        {
            var image = new SrReference(CtImageStorage, $"2.25.{1000 + index}", SeriesUid);
            groups.Add(new SrMeasurementGroup($"Nodule {index + 1}", $"2.25.{500000 + index}", new CodedConcept("27925004", "SCT", "Nodule"))
            {
                FindingSite = new CodedConcept("45653009", "SCT", "Upper lobe of right lung"),
                Laterality = SrCodes.Right,
                Measurements = [new SrMeasurement(SrCodes.LongAxis, (4 + index % 20).ToString(CultureInfo.InvariantCulture) + ".5", SrCodes.Millimeter)],
                SourceImage = image,
            });
        }

        var root = SrTemplates.MeasurementReport(Device, new SrAlgorithm("radassist-test-model", "1.0") { Parameters = "prompt v3" }, groups);
        return new SrDocument
        {
            Root = root,
            StudyInstanceUid = StudyUid,
            SeriesInstanceUid = "2.25.77",
            SopInstanceUid = "2.25.78",
            PatientName = "Fakepatient^Measure",
            PatientId = "FAKE-0001",
            AccessionNumber = "ACC0001",
            ContentDateTime = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
            AuthorDevice = Device,
            CompletionFlagDescription = DraftReport.DraftBanner,
        };
    }

    /// <summary>The Open-i chest X-ray reports (indication, comparison, findings, impression) as drafts.</summary>
    public static IEnumerable<(string Name, DraftReport Draft)> BundledReportDrafts()
    {
        var rows = Csv.Read(TestData.Text("reports/openi_iu_cxr_reports.csv"));
        var header = rows[0];
        foreach (var row in rows.Skip(1))
        {
            string Column(string name) => row[Array.IndexOf(header, name)];
            yield return ($"openi-{Column("uid")}", Draft(
                (DraftSectionKind.Indication, Column("indication")),
                (DraftSectionKind.Comparison, Column("comparison")),
                (DraftSectionKind.Findings, Column("findings")),
                (DraftSectionKind.Impression, Column("impression"))));
        }

        var samples = Csv.Read(TestData.Text("reports/mtsamples_radiology.csv"));
        var sampleHeader = samples[0];
        foreach (var row in samples.Skip(1))
        {
            var id = row[Array.IndexOf(sampleHeader, "note_id")];
            yield return ($"mtsamples-{id}", Draft((DraftSectionKind.Findings, row[Array.IndexOf(sampleHeader, "transcription")])));
        }
    }

    public static DraftReport Draft(params (DraftSectionKind Kind, string Text)[] sections) => new()
    {
        CorrelationId = "corr-1",
        DraftId = "draft-1",
        StudyInstanceUid = StudyUid,
        AccessionNumber = "ACC0001",
        Generator = new GeneratorInfo("radassist-deterministic", "0.1") { ModelId = "test-model", ModelVersion = "2026-01" },
        CreatedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        Sections = sections
            .Where(s => !string.IsNullOrWhiteSpace(s.Text))
            .Select(s => new DraftSection(s.Kind, s.Kind.ToString().ToUpperInvariant(), SplitSentences(s.Text)))
            .ToList(),
    };

    public static ReportingContext Context() => new(
        new StudyEvent { EventId = "evt-1", Source = "test", StudyInstanceUid = StudyUid, PatientId = "FAKE-0001", AccessionNumber = "ACC0001" },
        "corr-1");

    private static List<DraftSentence> SplitSentences(string text) =>
        text.Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(sentence => new DraftSentence(sentence, []))
            .ToList();

    /// <summary>A minimal RFC 4180 reader: quoted fields, doubled quotes, line breaks inside quotes.</summary>
    private static class Csv
    {
        public static List<string[]> Read(string text)
        {
            var rows = new List<string[]>();
            var fields = new List<string>();
            var field = new StringBuilder();
            var quoted = false;
            for (var index = 0; index < text.Length; index++)
            {
                var c = text[index];
                if (quoted)
                {
                    if (c == '"' && index + 1 < text.Length && text[index + 1] == '"')
                    {
                        field.Append('"');
                        index++;
                    }
                    else if (c == '"')
                    {
                        quoted = false;
                    }
                    else
                    {
                        field.Append(c);
                    }
                }
                else if (c == '"')
                {
                    quoted = true;
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '\n' || c == '\r')
                {
                    if (c == '\r' && index + 1 < text.Length && text[index + 1] == '\n')
                    {
                        index++;
                    }

                    fields.Add(field.ToString());
                    field.Clear();
                    rows.Add([.. fields]);
                    fields.Clear();
                }
                else
                {
                    field.Append(c);
                }
            }

            if (field.Length > 0 || fields.Count > 0)
            {
                fields.Add(field.ToString());
                rows.Add([.. fields]);
            }

            return rows;
        }
    }
}
