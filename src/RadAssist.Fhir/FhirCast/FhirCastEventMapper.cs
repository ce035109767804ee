using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;
using RadAssist.Fhir.Sources;
using RadAssist.Fhir.Writing;

namespace RadAssist.Fhir.FhirCast;

/// <summary>Maps FHIRcast notifications to study events and keeps track of open report anchors.</summary>
internal static class FhirCastEventMapper
{
    public const string SourceName = "fhircast";

    /// <summary>Builds the anchor of a DiagnosticReport-open notification, or null when the report has no id.</summary>
    public static ReportAnchor? AnchorOf(FhirCastNotification notification)
    {
        if (notification.Resources.GetValueOrDefault("report") is not DiagnosticReport { Id: { } reportId } report)
        {
            return null;
        }

        var study = notification.Resources.GetValueOrDefault("study") as ImagingStudy;
        var patient = notification.Resources.GetValueOrDefault("patient") as Patient;
        return new ReportAnchor
        {
            ReportId = reportId,
            PatientResourceId = patient?.Id ?? IdOf(report.Subject?.Reference),
            StudyInstanceUid = StudyUidOf(study),
            AccessionNumber = AccessionOf(study, report),
            PatientId = PatientIdOf(patient),
            ReportStatus = report.Status?.GetLiteral() ?? "unknown",
            VersionId = notification.VersionId,
        };
    }

    /// <summary>
    /// Maps an ImagingStudy-open or DiagnosticReport-open notification to a study event.
    /// </summary>
    /// <returns>The event, or null with the reason when the notification identifies no study.</returns>
    public static StudyEvent? OpenEvent(FhirCastNotification notification, DateTimeOffset receivedAt, out string? rejectReason)
    {
        var study = notification.Resources.GetValueOrDefault("study") as ImagingStudy;
        var report = notification.Resources.GetValueOrDefault("report") as DiagnosticReport;
        var patient = notification.Resources.GetValueOrDefault("patient") as Patient;

        var studyUid = StudyUidOf(study);
        var accession = AccessionOf(study, report);
        if (studyUid is null && accession is null)
        {
            rejectReason = $"{notification.EventName} '{notification.Id}' names no study: context 'study' has no "
                + "urn:dicom:uid identifier and no ACSN accession number was found.";
            return null;
        }

        rejectReason = null;
        return new StudyEvent
        {
            EventId = notification.Id,
            Kind = StudyEventKind.ReportOpened,
            Source = SourceName,
            OccurredAt = notification.Timestamp ?? receivedAt,
            StudyInstanceUid = studyUid,
            AccessionNumber = accession,
            PatientId = PatientIdOf(patient),
            Modality = study?.Modality.FirstOrDefault()?.Code,
            ProcedureDescription = study?.Description ?? FhirText.Of(report?.Code),
            StudyDate = FhirText.DateOf(study?.Started),
            IntegrationContext = report?.Id is { } reportId ? "fhircast:DiagnosticReport/" + reportId : "fhircast",
        };
    }

    /// <summary>Returns the status of the anchor report when a DiagnosticReport-update changes it, else null.</summary>
    public static string? UpdatedReportStatus(FhirCastNotification notification, string reportId)
    {
        if (notification.Resources.GetValueOrDefault("report") is DiagnosticReport { Status: { } status } report
            && report.Id == reportId)
        {
            return status.GetLiteral();
        }

        if (notification.Resources.GetValueOrDefault("updates") is Bundle updates)
        {
            var updated = updates.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().FirstOrDefault(r => r.Id == reportId);
            return updated?.Status?.GetLiteral();
        }

        return null;
    }

    /// <summary>Returns the id of the report a notification's <c>report</c> key names.</summary>
    public static string? ReportIdOf(FhirCastNotification notification) =>
        (notification.Resources.GetValueOrDefault("report") as DiagnosticReport)?.Id
        ?? IdOf(notification.References.GetValueOrDefault("report"));

    public static StudyEvent SignedEvent(FhirCastNotification notification, ReportAnchor anchor, DateTimeOffset receivedAt) => new()
    {
        EventId = notification.Id,
        Kind = StudyEventKind.ReportSigned,
        Source = SourceName,
        OccurredAt = notification.Timestamp ?? receivedAt,
        StudyInstanceUid = anchor.StudyInstanceUid,
        AccessionNumber = anchor.AccessionNumber,
        PatientId = anchor.PatientId,
        IntegrationContext = "fhircast:DiagnosticReport/" + anchor.ReportId,
    };

    private static string? StudyUidOf(ImagingStudy? study)
    {
        var uid = study?.Identifier.FirstOrDefault(i => i.System == FhirCodes.DicomUidSystem)?.Value;
        return uid is not null && uid.StartsWith("urn:oid:", StringComparison.Ordinal) ? uid["urn:oid:".Length..] : uid;
    }

    private static string? AccessionOf(ImagingStudy? study, DiagnosticReport? report)
    {
        IEnumerable<Identifier> candidates =
        [
            .. study?.Identifier ?? [],
            .. (study?.BasedOn ?? []).Select(r => r.Identifier).OfType<Identifier>(),
            .. (report?.BasedOn ?? []).Select(r => r.Identifier).OfType<Identifier>(),
        ];
        return candidates.FirstOrDefault(IsAccession)?.Value;
    }

    private static bool IsAccession(Identifier identifier) =>
        identifier.Type?.Coding.Any(c => c.System == FhirCodes.IdentifierType && c.Code == "ACSN") == true;

    private static string? PatientIdOf(Patient? patient)
    {
        if (patient is null)
        {
            return null;
        }

        var medicalRecord = patient.Identifier.FirstOrDefault(i =>
            i.Type?.Coding.Any(c => c.System == FhirCodes.IdentifierType && c.Code == "MR") == true);
        return (medicalRecord ?? patient.Identifier.FirstOrDefault())?.Value;
    }

    private static string? IdOf(string? reference)
    {
        if (reference is null)
        {
            return null;
        }

        var slash = reference.LastIndexOf('/');
        return slash < 0 ? reference : reference[(slash + 1)..];
    }
}
