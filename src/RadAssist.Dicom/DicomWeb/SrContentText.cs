using System.Globalization;
using System.Text;
using RadAssist.Dicom.StructuredReport;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>Turns SR documents read from the PACS into prior-report text and image findings.</summary>
internal static class SrContentText
{
    private const string MeasurementReportTemplate = "1500";

    /// <summary>Whether the SR is an imaging measurement report (TID 1500), the form image AI results take.</summary>
    public static bool IsMeasurementReport(SrDocument document) =>
        document.Root.TemplateId == MeasurementReportTemplate
        || document.Root.ConceptName == SrCodes.ImagingMeasurementReport;

    /// <summary>
    /// Returns the report text with one TEXT, CODE or NUM item per line. The concept name of each container, and of
    /// each TEXT item whose name differs from the heading before it, becomes an upper-case heading such as
    /// <c>FINDING:</c>, so report-language analysis can tell history from findings.
    /// </summary>
    public static string TextOf(SrDocument document)
    {
        var writer = new TextWriterState();
        foreach (var child in document.Root.Children)
        {
            Append(writer, child);
        }

        return writer.Builder.ToString().Trim();
    }

    /// <summary>Returns one finding per measurement group of a TID 1500 report, with its lengths in millimetres.</summary>
    public static IEnumerable<Finding> FindingsOf(SrDocument document, string sopInstanceUid)
    {
        foreach (var group in document.Root.Descendants().Where(i => i.ConceptName == SrCodes.MeasurementGroup))
        {
            var finding = group.Children.FirstOrDefault(c => c.ConceptName == SrCodes.Finding)?.Code;
            var site = group.Children.FirstOrDefault(c => c.ConceptName == SrCodes.FindingSite)?.Code;
            var laterality = group.Descendants().FirstOrDefault(c => c.ConceptName == SrCodes.Laterality)?.Code;
            var measurements = group.Descendants()
                .Where(c => c.ValueType == SrValueType.Num)
                .Select(MeasurementOf)
                .OfType<Measurement>()
                .ToList();

            var type = finding?.Meaning ?? "Measurement";
            var sentence = SentenceOf(type, site?.Meaning, measurements);
            yield return new Finding
            {
                Type = type,
                Code = finding,
                Site = site?.Meaning,
                Laterality = LateralityOf(laterality),
                Measurements = measurements,
                Sentence = sentence,
                Source = new SourceReference { Kind = SourceKind.ImageFinding, SourceId = sopInstanceUid, Text = sentence },
            };
        }
    }

    private static void Append(TextWriterState writer, SrContentItem item)
    {
        var builder = writer.Builder;
        switch (item.ValueType)
        {
            case SrValueType.Container:
                if (item.ConceptName is { } heading)
                {
                    writer.Heading(heading.Meaning);
                }

                foreach (var child in item.Children)
                {
                    Append(writer, child);
                }

                return;
            case SrValueType.Text when !string.IsNullOrWhiteSpace(item.Value):
                if (item.ConceptName is { } name)
                {
                    writer.Heading(name.Meaning);
                }

                builder.Append(item.Value.Trim()).Append('\n');
                break;
            case SrValueType.Code when item.Code is not null:
                builder.Append(item.ConceptName?.Meaning ?? "Code").Append(": ").Append(item.Code.Meaning).Append(".\n");
                break;
            case SrValueType.Num when item.NumericValue is not null:
                builder.Append(item.ConceptName?.Meaning ?? "Measurement").Append(": ").Append(item.NumericValue)
                    .Append(' ').Append(item.Units?.Value ?? string.Empty).Append(".\n");
                break;
        }

        foreach (var child in item.Children)
        {
            Append(writer, child);
        }
    }

    private sealed class TextWriterState
    {
        private string? _heading;

        public StringBuilder Builder { get; } = new();

        /// <summary>Writes a heading line unless the same heading is already in effect.</summary>
        public void Heading(string meaning)
        {
            var heading = meaning.Trim().ToUpperInvariant();
            if (heading.Length == 0 || heading == _heading)
            {
                return;
            }

            _heading = heading;
            Builder.Append('\n').Append(heading).Append(":\n");
        }
    }

    private static Measurement? MeasurementOf(SrContentItem item)
    {
        if (!decimal.TryParse(item.NumericValue, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }

        // Only lengths become measurements; UCUM mm and cm are the units TID 1500 uses for them.
        var millimetres = item.Units?.Value switch
        {
            "mm" => value,
            "cm" => value * 10m,
            _ => (decimal?)null,
        };
        if (millimetres is null)
        {
            return null;
        }

        return new Measurement
        {
            Text = $"{item.NumericValue} {item.Units!.Value}",
            ValuesMm = [millimetres.Value],
        };
    }

    private static string SentenceOf(string type, string? site, List<Measurement> measurements)
    {
        var where = site is null ? string.Empty : $" of the {site.ToLowerInvariant()}";
        var size = measurements.Count == 0 ? string.Empty : $" measuring {string.Join(" x ", measurements.Select(m => m.Text))}";
        return $"{type}{where}{size}.";
    }

    private static Laterality LateralityOf(CodedConcept? code) => code?.Value switch
    {
        "7771000" => Laterality.Left,
        "24028007" => Laterality.Right,
        "51440002" => Laterality.Bilateral,
        _ => Laterality.None,
    };
}
