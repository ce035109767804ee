namespace RadAssist.Fhir.FhirCast;

/// <summary>
/// A DiagnosticReport opened in the FHIRcast session: the anchor context that content is shared in, with the
/// context version the hub expects in the next DiagnosticReport-update (FHIRcast 3.0 section 2.10).
/// </summary>
internal sealed class ReportAnchor
{
    public required string ReportId { get; init; }

    public string? PatientResourceId { get; init; }

    public string? StudyInstanceUid { get; init; }

    public string? AccessionNumber { get; init; }

    public string? PatientId { get; init; }

    public string ReportStatus { get; set; } = "unknown";

    public string? VersionId { get; set; }
}
