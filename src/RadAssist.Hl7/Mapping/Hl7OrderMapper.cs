namespace RadAssist.Hl7;

/// <summary>The study events of an order message, or the error that its negative acknowledgment reports.</summary>
internal sealed record OrderMappingResult(IReadOnlyList<StudyEvent> Events, Hl7AckError? Error)
{
    public static OrderMappingResult Failed(Hl7AckError error) => new([], error);
}

/// <summary>
/// Maps ORM^O01 and OMI^O23 orders to study events, one per ORC/OBR group (HL7 v2 chapter 4; IHE Radiology
/// Scheduled Workflow).
/// </summary>
/// <remarks>
/// The Study Instance UID comes from IPC-3 (OMI) or ZDS-1.1 (ORM under IHE), the accession number from IPC-1,
/// OBR-18 or else the filler order number (OBR-3, ORC-3), the modality from IPC-5 or OBR-24. ORC-1 with ORC-5 and
/// OBR-25 decides the kind of event.
/// </remarks>
internal static class Hl7OrderMapper
{
    public static OrderMappingResult Map(Hl7Message message, string sourceName, DateTimeOffset receivedAt)
    {
        var msh = MshSegment.Of(message);
        var messageCode = msh.MessageType.GetComponent(1).ToString();
        var triggerEvent = msh.MessageType.GetComponent(2).ToString();
        if (messageCode is not ("ORM" or "OMI"))
        {
            return OrderMappingResult.Failed(new Hl7AckError(
                Hl7ErrorConditions.UnsupportedMessageType,
                $"MSH-9 message type '{msh.MessageType.RawValue}' is not an order; expected ORM^O01 or OMI^O23.",
                "MSH",
                1,
                9));
        }

        if (triggerEvent is not ("O01" or "O23"))
        {
            return OrderMappingResult.Failed(new Hl7AckError(
                Hl7ErrorConditions.UnsupportedEventCode,
                $"MSH-9.2 trigger event '{triggerEvent}' is not supported; expected O01 (ORM) or O23 (OMI).",
                "MSH",
                1,
                9));
        }

        var controlId = msh.ControlId.ToString();
        if (controlId.Length == 0)
        {
            return OrderMappingResult.Failed(new Hl7AckError(
                Hl7ErrorConditions.RequiredFieldMissing,
                "MSH-10 (message control id) is missing.",
                "MSH",
                1,
                10));
        }

        var orcIndexes = new List<int>();
        for (var index = message.FindSegment("ORC"); index >= 0; index = message.FindNextSegment("ORC", index + 1))
        {
            orcIndexes.Add(index);
        }

        if (orcIndexes.Count == 0)
        {
            return OrderMappingResult.Failed(new Hl7AckError(
                Hl7ErrorConditions.SegmentSequenceError,
                "The order has no ORC segment.",
                "ORC"));
        }

        var pidIndex = message.FindSegment("PID");
        var patientId = pidIndex < 0
            ? null
            : new PidSegment(message, pidIndex).PatientIdentifierList.GetRepetition(1).GetComponent(1).ToStringOrNull();
        var occurredAt = ReadEventTime(message, msh) ?? receivedAt;
        var events = new List<StudyEvent>(orcIndexes.Count);
        for (var group = 0; group < orcIndexes.Count; group++)
        {
            var end = group + 1 < orcIndexes.Count ? orcIndexes[group + 1] : message.SegmentCount;
            var eventId = orcIndexes.Count == 1 ? controlId : $"{controlId}/{group + 1}";
            var mapped = MapGroup(message, orcIndexes[group], end, group + 1, eventId, sourceName);
            if (mapped.Error is not null)
            {
                return OrderMappingResult.Failed(mapped.Error);
            }

            events.Add(mapped.Event! with { PatientId = patientId, OccurredAt = occurredAt });
        }

        return new OrderMappingResult(events, null);
    }

    private static (StudyEvent? Event, Hl7AckError? Error) MapGroup(
        Hl7Message message,
        int orcIndex,
        int end,
        int occurrence,
        string eventId,
        string sourceName)
    {
        var orc = new OrcSegment(message, orcIndex);
        var obrIndex = FindInGroup(message, "OBR", orcIndex + 1, end);
        if (obrIndex < 0)
        {
            return (null, new Hl7AckError(
                Hl7ErrorConditions.SegmentSequenceError,
                $"ORC {occurrence} has no OBR segment; only imaging orders with OBR are supported.",
                "ORC",
                occurrence));
        }

        var obr = new ObrSegment(message, obrIndex);
        var orderControl = orc.OrderControl.ToString();
        var kind = MapKind(orderControl, orc.OrderStatus.ToString(), obr.ResultStatus.ToString());
        if (kind is null)
        {
            return (null, new Hl7AckError(
                Hl7ErrorConditions.TableValueNotFound,
                $"ORC-1 (order control) '{orderControl}' is not a value of HL7 table 0119 that the SDK handles.",
                "ORC",
                occurrence,
                1));
        }

        var ipcIndex = FindInGroup(message, "IPC", obrIndex + 1, end);
        var zdsIndex = FindInGroup(message, "ZDS", obrIndex + 1, end);
        var ipc = new IpcSegment(message, ipcIndex);
        var studyInstanceUid = ipcIndex >= 0 ? ipc.StudyInstanceUid.GetComponent(1).ToStringOrNull() : null;
        studyInstanceUid ??= zdsIndex >= 0
            ? new ZdsSegment(message, zdsIndex).StudyInstanceUid.GetComponent(1).ToStringOrNull()
            : null;
        var accession = ipcIndex >= 0 ? ipc.AccessionIdentifier.GetComponent(1).ToStringOrNull() : null;
        accession ??= obr.PlacerField1.GetComponent(1).ToStringOrNull();

        // NOTE: outside IHE Scheduled Workflow many RIS use the filler order number as the accession number, so it is
        // used when IPC-1 and OBR-18 are empty. A RIS that numbers orders and studies apart needs IPC or OBR-18.
        accession ??= obr.FillerOrderNumber.GetComponent(1).ToStringOrNull()
                      ?? orc.FillerOrderNumber.GetComponent(1).ToStringOrNull();
        if (studyInstanceUid is null && accession is null)
        {
            return (null, new Hl7AckError(
                Hl7ErrorConditions.RequiredFieldMissing,
                $"Order {occurrence} identifies no study: IPC-3 and ZDS-1 (Study Instance UID) and IPC-1 and OBR-18 " +
                "(accession number) and OBR-3 and ORC-3 (filler order number) are all empty.",
                "OBR",
                occurrence,
                18));
        }

        var modality = ipcIndex >= 0 ? ipc.Modality.GetComponent(1).ToStringOrNull() : null;
        modality ??= obr.DiagnosticServiceSectionId.GetComponent(1).ToStringOrNull();
        var interpreter = obr.PrincipalResultInterpreter.GetComponent(1).GetSubcomponent(1).ToStringOrNull();
        var studyEvent = new StudyEvent
        {
            EventId = eventId,
            Kind = kind.Value,
            Source = sourceName,
            StudyInstanceUid = studyInstanceUid,
            AccessionNumber = accession,
            Modality = modality,
            ProcedureDescription = TextOf(obr.UniversalServiceIdentifier),
            ClinicalIndication = TextOf(obr.ReasonForStudy) ?? TextOf(obr.RelevantClinicalInformation),
            StudyDate = Hl7DateTime.TryParseDate(obr.ObservationDateTime, out var date) ? date : null,
            Radiologist = interpreter is null ? null : new RadiologistProfile(interpreter),
            IntegrationContext = MshSegment.Of(message).SendingApplication.GetComponent(1).ToStringOrNull(),
        };
        return (studyEvent, null);
    }

    /// <summary>
    /// Maps ORC-1 (table 0119) with ORC-5 (table 0038) and OBR-25 (table 0123) to the kind of workflow event.
    /// </summary>
    internal static StudyEventKind? MapKind(string orderControl, string orderStatus, string resultStatus)
    {
        switch (orderControl)
        {
            case "CA" or "OC" or "DC" or "OD" or "CR" or "DR":
                return StudyEventKind.OrderCancelled;
            case "NW" or "XO" or "SC" or "SN" or "XX" or "RP" or "RO":
                if (resultStatus is "F" or "C")
                {
                    return StudyEventKind.ReportSigned;
                }

                return orderStatus == "CM" ? StudyEventKind.ReadyForReporting : StudyEventKind.OrderPlaced;
            default:
                return null;
        }
    }

    private static DateTimeOffset? ReadEventTime(Hl7Message message, MshSegment msh)
    {
        var evnIndex = message.FindSegment("EVN");
        if (evnIndex >= 0)
        {
            var evn = new EvnSegment(message, evnIndex);
            if (Hl7DateTime.TryParse(evn.EventOccurred, out var occurred) ||
                Hl7DateTime.TryParse(evn.RecordedDateTime, out occurred))
            {
                return occurred;
            }
        }

        return Hl7DateTime.TryParse(msh.DateTimeOfMessage, out var sent) ? sent : null;
    }

    /// <summary>Returns the text of a coded value (component 2), or its code (component 1) when it has no text.</summary>
    internal static string? TextOf(Hl7Value coded) =>
        coded.GetComponent(2).ToStringOrNull() ?? coded.GetComponent(1).ToStringOrNull();

    private static int FindInGroup(Hl7Message message, string name, int start, int end)
    {
        var index = message.FindNextSegment(name, start);
        return index >= 0 && index < end ? index : -1;
    }
}
