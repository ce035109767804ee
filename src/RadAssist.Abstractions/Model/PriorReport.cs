namespace RadAssist;

/// <summary>An earlier report of the same patient, used for comparison.</summary>
public sealed record PriorReport
{
    /// <summary>Identifier of the report in its source (a DiagnosticReport id, an SR SOP Instance UID, an ORU control id).</summary>
    public required string ReportId { get; init; }

    /// <summary>Full report text, sections included, as the radiologist signed it.</summary>
    public required string Text { get; init; }

    /// <summary>Name of the exam, such as "CT chest" or "Chest X-ray PA and lateral", when known.</summary>
    public string? ExamDescription { get; init; }

    /// <summary>Modality code of the prior exam, when known.</summary>
    public string? Modality { get; init; }

    /// <summary>Date of the prior exam, when known.</summary>
    public DateOnly? ExamDate { get; init; }

    /// <summary>Study Instance UID of the prior exam, when known.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Name of the source the report came from, such as <c>fhir</c>, <c>hl7</c>, <c>dicom-sr</c> or <c>webhook</c>.</summary>
    public string Source { get; init; } = "unknown";
}
