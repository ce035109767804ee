namespace RadAssist.Hl7;

// Typed views over the segments the SDK reads. Each view is a segment index into a parsed message; properties return
// values in place, so reading a view allocates nothing until a value's text is taken. Field numbers follow the
// segment definitions of HL7 v2.5.1 (chapters 2, 3, 4 and 7) and the IHE Radiology ZDS segment.

/// <summary>MSH, the message header (HL7 v2 section 2.14.9).</summary>
internal readonly record struct MshSegment(Hl7Message Message, int Index)
{
    public Hl7Value EncodingCharacters => Message.GetField(Index, 2);

    public Hl7Value SendingApplication => Message.GetField(Index, 3);

    public Hl7Value SendingFacility => Message.GetField(Index, 4);

    public Hl7Value ReceivingApplication => Message.GetField(Index, 5);

    public Hl7Value ReceivingFacility => Message.GetField(Index, 6);

    public Hl7Value DateTimeOfMessage => Message.GetField(Index, 7);

    public Hl7Value MessageType => Message.GetField(Index, 9);

    public Hl7Value ControlId => Message.GetField(Index, 10);

    public Hl7Value ProcessingId => Message.GetField(Index, 11);

    public Hl7Value VersionId => Message.GetField(Index, 12);

    public Hl7Value CharacterSet => Message.GetField(Index, 18);

    public static MshSegment Of(Hl7Message message) => new(message, 0);
}

/// <summary>EVN, the event type (section 3.4.1).</summary>
internal readonly record struct EvnSegment(Hl7Message Message, int Index)
{
    public Hl7Value RecordedDateTime => Message.GetField(Index, 2);

    public Hl7Value EventOccurred => Message.GetField(Index, 6);
}

/// <summary>PID, the patient identification (section 3.4.2).</summary>
internal readonly record struct PidSegment(Hl7Message Message, int Index)
{
    public Hl7Value PatientIdentifierList => Message.GetField(Index, 3);

    public Hl7Value PatientName => Message.GetField(Index, 5);

    public Hl7Value DateOfBirth => Message.GetField(Index, 7);

    public Hl7Value AdministrativeSex => Message.GetField(Index, 8);
}

/// <summary>PV1, the patient visit (section 3.4.3).</summary>
internal readonly record struct Pv1Segment(Hl7Message Message, int Index)
{
    public Hl7Value PatientClass => Message.GetField(Index, 2);

    public Hl7Value AssignedPatientLocation => Message.GetField(Index, 3);

    public Hl7Value ReferringDoctor => Message.GetField(Index, 8);

    public Hl7Value VisitNumber => Message.GetField(Index, 19);
}

/// <summary>ORC, the common order (section 4.5.1).</summary>
internal readonly record struct OrcSegment(Hl7Message Message, int Index)
{
    public Hl7Value OrderControl => Message.GetField(Index, 1);

    public Hl7Value PlacerOrderNumber => Message.GetField(Index, 2);

    public Hl7Value FillerOrderNumber => Message.GetField(Index, 3);

    public Hl7Value OrderStatus => Message.GetField(Index, 5);

    public Hl7Value DateTimeOfTransaction => Message.GetField(Index, 9);
}

/// <summary>OBR, the observation request (section 4.5.3 and 7.4.1).</summary>
internal readonly record struct ObrSegment(Hl7Message Message, int Index)
{
    public Hl7Value PlacerOrderNumber => Message.GetField(Index, 2);

    public Hl7Value FillerOrderNumber => Message.GetField(Index, 3);

    public Hl7Value UniversalServiceIdentifier => Message.GetField(Index, 4);

    public Hl7Value ObservationDateTime => Message.GetField(Index, 7);

    public Hl7Value RelevantClinicalInformation => Message.GetField(Index, 13);

    public Hl7Value PlacerField1 => Message.GetField(Index, 18);

    public Hl7Value ResultsReportStatusChangeDateTime => Message.GetField(Index, 22);

    public Hl7Value DiagnosticServiceSectionId => Message.GetField(Index, 24);

    public Hl7Value ResultStatus => Message.GetField(Index, 25);

    public Hl7Value ReasonForStudy => Message.GetField(Index, 31);

    public Hl7Value PrincipalResultInterpreter => Message.GetField(Index, 32);
}

/// <summary>OBX, the observation or result (section 7.4.2).</summary>
internal readonly record struct ObxSegment(Hl7Message Message, int Index)
{
    public Hl7Value SetId => Message.GetField(Index, 1);

    public Hl7Value ValueType => Message.GetField(Index, 2);

    public Hl7Value ObservationIdentifier => Message.GetField(Index, 3);

    public Hl7Value ObservationSubId => Message.GetField(Index, 4);

    public Hl7Value ObservationValue => Message.GetField(Index, 5);

    public Hl7Value Units => Message.GetField(Index, 6);

    public Hl7Value ResultStatus => Message.GetField(Index, 11);

    public Hl7Value DateTimeOfObservation => Message.GetField(Index, 14);
}

/// <summary>NTE, notes and comments (section 2.15.10).</summary>
internal readonly record struct NteSegment(Hl7Message Message, int Index)
{
    public Hl7Value SetId => Message.GetField(Index, 1);

    public Hl7Value Comment => Message.GetField(Index, 3);
}

/// <summary>ERR, the error segment (section 2.15.5): ERR-1 for versions before 2.5, ERR-2 to ERR-8 from 2.5.</summary>
internal readonly record struct ErrSegment(Hl7Message Message, int Index)
{
    public Hl7Value ErrorCodeAndLocation => Message.GetField(Index, 1);

    public Hl7Value ErrorLocation => Message.GetField(Index, 2);

    public Hl7Value Hl7ErrorCode => Message.GetField(Index, 3);

    public Hl7Value Severity => Message.GetField(Index, 4);

    public Hl7Value UserMessage => Message.GetField(Index, 8);
}

/// <summary>ZDS, the IHE Radiology Scheduled Workflow segment carrying the Study Instance UID in ZDS-1.1.</summary>
internal readonly record struct ZdsSegment(Hl7Message Message, int Index)
{
    public Hl7Value StudyInstanceUid => Message.GetField(Index, 1);
}

/// <summary>IPC, the imaging procedure control segment of OMI^O23 (section 4.5.6).</summary>
internal readonly record struct IpcSegment(Hl7Message Message, int Index)
{
    public Hl7Value AccessionIdentifier => Message.GetField(Index, 1);

    public Hl7Value RequestedProcedureId => Message.GetField(Index, 2);

    public Hl7Value StudyInstanceUid => Message.GetField(Index, 3);

    public Hl7Value ScheduledProcedureStepId => Message.GetField(Index, 4);

    public Hl7Value Modality => Message.GetField(Index, 5);
}

/// <summary>MSA, the message acknowledgment (section 2.15.8).</summary>
internal readonly record struct MsaSegment(Hl7Message Message, int Index)
{
    public Hl7Value AcknowledgmentCode => Message.GetField(Index, 1);

    public Hl7Value ControlId => Message.GetField(Index, 2);

    public Hl7Value TextMessage => Message.GetField(Index, 3);
}
