using System.Text;
using Hl7.Fhir.Model;
using RadAssist.Fhir.Writing;

namespace RadAssist.Fhir.Sources;

/// <summary>Reads a signed DiagnosticReport into a <see cref="PriorReport"/>.</summary>
internal static class PriorReportMapper
{
    /// <summary>The statuses of a report that a radiologist has signed (FHIR R4 diagnostic-report-status).</summary>
    public static readonly IReadOnlySet<DiagnosticReport.DiagnosticReportStatus> SignedStatuses =
        new HashSet<DiagnosticReport.DiagnosticReportStatus>
        {
            DiagnosticReport.DiagnosticReportStatus.Final,
            DiagnosticReport.DiagnosticReportStatus.Amended,
            DiagnosticReport.DiagnosticReportStatus.Corrected,
            DiagnosticReport.DiagnosticReportStatus.Appended,
        };

    /// <summary>
    /// Maps a report. The text is the presentedForm (plain text or HTML) when there is one; the conclusion, the
    /// conclusion codes and the included result Observations are added where the presentedForm does not already
    /// contain them, so nothing the report states is dropped.
    /// </summary>
    /// <returns>The prior report, or null with the reason when the report has no readable text.</returns>
    public static PriorReport? Map(
        DiagnosticReport report,
        IReadOnlyDictionary<string, Resource> included,
        out string? skipReason)
    {
        var text = new StringBuilder();

        foreach (var attachment in report.PresentedForm)
        {
            AppendParagraph(text, FhirText.OfAttachment(attachment));
        }

        AppendIfMissing(text, report.Conclusion is null ? null : "Conclusion: " + report.Conclusion, report.Conclusion);

        var codes = report.ConclusionCode.Select(FhirText.Of).Where(c => !string.IsNullOrWhiteSpace(c)).ToList();
        if (codes.Count > 0)
        {
            var joined = string.Join("; ", codes);
            AppendIfMissing(text, "Conclusion codes: " + joined, joined);
        }

        foreach (var reference in report.Result)
        {
            if (reference.Reference is { } key && included.TryGetValue(key, out var resource) && resource is Observation observation)
            {
                var value = FhirText.OfValue(observation.Value);
                if (value is not null)
                {
                    AppendIfMissing(text, $"{FhirText.Of(observation.Code) ?? "Result"}: {value}", value);
                }
            }
        }

        if (text.Length == 0)
        {
            skipReason = "the report has no presentedForm text, conclusion or readable result";
            return null;
        }

        skipReason = null;
        return new PriorReport
        {
            ReportId = report.Id ?? report.Identifier.FirstOrDefault()?.Value ?? "unknown",
            Text = text.ToString().TrimEnd(),
            ExamDescription = FhirText.Of(report.Code),
            ExamDate = FhirText.DateOf(report.Effective) ?? FhirText.DateOf(report.IssuedElement),
            StudyInstanceUid = StudyUidOf(report, included),
            Source = "fhir",
        };
    }

    private static string? StudyUidOf(DiagnosticReport report, IReadOnlyDictionary<string, Resource> included)
    {
        foreach (var reference in report.ImagingStudy)
        {
            var identifiers = reference.Identifier is null ? [] : new List<Identifier> { reference.Identifier };
            if (reference.Reference is { } key && included.TryGetValue(key, out var resource) && resource is ImagingStudy study)
            {
                identifiers.AddRange(study.Identifier);
            }

            var uid = identifiers.FirstOrDefault(i => i.System == FhirCodes.DicomUidSystem)?.Value;
            if (uid is not null)
            {
                return uid.StartsWith("urn:oid:", StringComparison.Ordinal) ? uid["urn:oid:".Length..] : uid;
            }
        }

        return null;
    }

    private static void AppendParagraph(StringBuilder text, string? paragraph)
    {
        if (string.IsNullOrWhiteSpace(paragraph))
        {
            return;
        }

        if (text.Length > 0)
        {
            text.Append("\n\n");
        }

        text.Append(paragraph.Trim());
    }

    private static void AppendIfMissing(StringBuilder text, string? paragraph, string? content)
    {
        if (content is not null && !Normalize(text.ToString()).Contains(Normalize(content), StringComparison.OrdinalIgnoreCase))
        {
            AppendParagraph(text, paragraph);
        }
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
