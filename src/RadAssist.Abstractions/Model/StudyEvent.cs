namespace RadAssist;

/// <summary>
/// A trigger from the reporting workflow: an order, a study ready for reporting, a report opened or signed.
/// </summary>
/// <remarks>
/// Event sources fill what their message carries and leave the rest <see langword="null"/>; context sources
/// complete the picture later. At least one of <see cref="StudyInstanceUid"/> and <see cref="AccessionNumber"/>
/// identifies the study.
/// </remarks>
public sealed record StudyEvent
{
    /// <summary>Identifier of this event, unique per source (an HL7 message control id, a FHIRcast event id).</summary>
    public required string EventId { get; init; }

    /// <summary>What happened in the workflow.</summary>
    public StudyEventKind Kind { get; init; } = StudyEventKind.ReadyForReporting;

    /// <summary>Name of the source that produced the event, such as <c>mllp</c>, <c>webhook</c> or <c>fhircast</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Time the event occurred, as stated by the sender when known, else the time it was received.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>Study Instance UID (0020,000D), when the trigger carries it.</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Accession number (0008,0050 or HL7 OBR-18/IPC-1), when the trigger carries it.</summary>
    public string? AccessionNumber { get; init; }

    /// <summary>Patient identifier (MRN) as the sender issues it.</summary>
    public string? PatientId { get; init; }

    /// <summary>Modality code from DICOM PS3.16 CID 29, such as <c>CT</c>, <c>MR</c> or <c>CR</c>.</summary>
    public string? Modality { get; init; }

    /// <summary>Examined body part, in the DICOM Body Part Examined (0018,0015) vocabulary when known.</summary>
    public string? BodyPart { get; init; }

    /// <summary>Procedure or study description, such as "CT chest without contrast".</summary>
    public string? ProcedureDescription { get; init; }

    /// <summary>Code of the ordered procedure, such as CPT 71250 (HL7 OBR-4), when the trigger carries one.</summary>
    public CodedConcept? ProcedureCode { get; init; }

    /// <summary>
    /// Order number the ordering system assigned (HL7 ORC-2 or OBR-2, first component), echoed in the result so that
    /// the ordering system can match it to its order.
    /// </summary>
    public string? PlacerOrderNumber { get; init; }

    /// <summary>Order number the performing department assigned (HL7 ORC-3 or OBR-3, first component).</summary>
    public string? FillerOrderNumber { get; init; }

    /// <summary>Clinical indication or reason for the study, as free text.</summary>
    public string? ClinicalIndication { get; init; }

    /// <summary>Date the study was performed, when known.</summary>
    public DateOnly? StudyDate { get; init; }

    /// <summary>Prior reports carried inline by the trigger itself (a webhook field, an embedded ORU).</summary>
    public IReadOnlyList<PriorReport> InlinePriorReports { get; init; } = [];

    /// <summary>Integration context, such as the vendor profile that sent the event.</summary>
    public string? IntegrationContext { get; init; }

    /// <summary>The radiologist who will report the study, when the trigger names one.</summary>
    public RadiologistProfile? Radiologist { get; init; }
}

/// <summary>Kind of workflow event that starts or ends a draft.</summary>
public enum StudyEventKind
{
    /// <summary>The study is complete and ready to be reported (an order update, a study-ready notice).</summary>
    ReadyForReporting,

    /// <summary>A new order was placed; the study may not have been acquired yet.</summary>
    OrderPlaced,

    /// <summary>The radiologist opened the study or its report in the reading station.</summary>
    ReportOpened,

    /// <summary>The radiologist started dictating.</summary>
    DictationStarted,

    /// <summary>The radiologist signed the final report.</summary>
    ReportSigned,

    /// <summary>The order was cancelled; no draft should be produced.</summary>
    OrderCancelled,
}
