namespace RadAssist.Hl7;

/// <summary>The study events of an order message, or the error that its negative acknowledgment reports.</summary>
/// <param name="Events">One event per ORC/OBR group.</param>
/// <param name="Error">Why the message cannot become events, or <see langword="null"/>.</param>
/// <param name="Locations">
/// For each event, the field each <see cref="StudyEvent"/> property was read from, keyed by property name, so that a
/// rejection naming a property can point the sender at the field in ERR-2.
/// </param>
internal sealed record OrderMappingResult(
    IReadOnlyList<StudyEvent> Events,
    Hl7AckError? Error,
    IReadOnlyList<IReadOnlyDictionary<string, Hl7FieldIndex>> Locations)
{
    public static OrderMappingResult Failed(Hl7AckError error) => new([], error, []);
}

/// <summary>A field of a parsed message: zero-based segment index and field number.</summary>
internal readonly record struct Hl7FieldIndex(int Segment, int Field)
{
    /// <summary>Returns the location as ERR-2 reports it.</summary>
    public Hl7Location Resolve(Hl7Message message) => Hl7Location.Of(message, Segment, Field);
}

/// <summary>A field location as ERR-2 reports it: segment name, 1-based segment occurrence and field number.</summary>
internal readonly record struct Hl7Location(string Segment, int Occurrence, int Field)
{
    /// <summary>Returns the location of a field of the segment at an index, counting earlier segments of the same name.</summary>
    public static Hl7Location Of(Hl7Message message, int segmentIndex, int field)
    {
        var name = message.GetSegmentName(segmentIndex);
        var occurrence = 0;
        var index = message.FindSegment(name);
        while (index >= 0 && index <= segmentIndex)
        {
            occurrence++;
            index = message.FindNextSegment(name, index + 1);
        }

        return new Hl7Location(name, occurrence, field);
    }
}

/// <summary>
/// Maps ORM^O01 and OMI^O23 orders to study events, one per ORC/OBR group (HL7 v2 chapter 4; IHE Radiology
/// Scheduled Workflow).
/// </summary>
/// <remarks>
/// The Study Instance UID comes from IPC-3 (OMI) or ZDS-1.1 (ORM under IHE), the accession number from IPC-1 or
/// OBR-18, the modality from IPC-5 or OBR-24. ORC-1 with ORC-5 and OBR-25 decides the kind of event. A group with
/// neither a Study Instance UID nor an accession number is rejected with HL7 table 0357 code 101 (required field
/// missing). The filler order number is not taken as the accession number, because many RIS number orders and
/// studies apart.
/// </remarks>
internal static class Hl7OrderMapper
{
    // The number of StudyEvent properties whose field is recorded, so that each location map is allocated once.
    private const int LocatedPropertyCount = 12;

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
        var locations = new List<IReadOnlyDictionary<string, Hl7FieldIndex>>(orcIndexes.Count);
        for (var group = 0; group < orcIndexes.Count; group++)
        {
            var end = group + 1 < orcIndexes.Count ? orcIndexes[group + 1] : message.SegmentCount;
            var eventId = orcIndexes.Count == 1 ? controlId : $"{controlId}/{group + 1}";
            var groupLocations = new Dictionary<string, Hl7FieldIndex>(LocatedPropertyCount, StringComparer.Ordinal)
            {
                [nameof(StudyEvent.EventId)] = new(0, 10),
                [nameof(StudyEvent.OccurredAt)] = new(0, 7),
                [nameof(StudyEvent.IntegrationContext)] = new(0, 3),
            };
            if (pidIndex >= 0)
            {
                groupLocations[nameof(StudyEvent.PatientId)] = new(pidIndex, 3);
            }

            var mapped = MapGroup(message, orcIndexes[group], end, group + 1, eventId, sourceName, groupLocations);
            if (mapped.Error is not null)
            {
                return OrderMappingResult.Failed(mapped.Error);
            }

            events.Add(mapped.Event! with { PatientId = patientId, OccurredAt = occurredAt });
            locations.Add(groupLocations);
        }

        return new OrderMappingResult(events, null, locations);
    }

    private static (StudyEvent? Event, Hl7AckError? Error) MapGroup(
        Hl7Message message,
        int orcIndex,
        int end,
        int occurrence,
        string eventId,
        string sourceName,
        Dictionary<string, Hl7FieldIndex> locations)
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
        var studyInstanceUid = ReadFirst(
            message,
            locations,
            nameof(StudyEvent.StudyInstanceUid),
            (ipcIndex, 3, ipc.StudyInstanceUid),
            (zdsIndex, 1, new ZdsSegment(message, zdsIndex).StudyInstanceUid));
        var accession = ReadFirst(
            message,
            locations,
            nameof(StudyEvent.AccessionNumber),
            (ipcIndex, 1, ipc.AccessionIdentifier),
            (obrIndex, 18, obr.PlacerField1));
        if (studyInstanceUid is null && accession is null)
        {
            // ERR-2 names the accession number field of this group: OBR-18 is present in every group, IPC is not.
            var location = Hl7Location.Of(message, obrIndex, 18);
            return (null, new Hl7AckError(
                Hl7ErrorConditions.RequiredFieldMissing,
                $"Order {occurrence} identifies no study: the Study Instance UID (IPC-3, ZDS-1) and the accession " +
                "number (IPC-1, OBR-18) are all empty. Send at least one of them.",
                location.Segment,
                location.Occurrence,
                location.Field));
        }

        var modality = ReadFirst(
            message,
            locations,
            nameof(StudyEvent.Modality),
            (ipcIndex, 5, ipc.Modality),
            (obrIndex, 24, obr.DiagnosticServiceSectionId));
        var interpreter = obr.PrincipalResultInterpreter.GetComponent(1).GetSubcomponent(1).ToStringOrNull();
        locations[nameof(StudyEvent.Kind)] = new(orcIndex, 1);
        locations[nameof(StudyEvent.ProcedureDescription)] = new(obrIndex, 4);
        locations[nameof(StudyEvent.ClinicalIndication)] = new(obrIndex, obr.ReasonForStudy.HasValue ? 31 : 13);
        locations[nameof(StudyEvent.StudyDate)] = new(obrIndex, 7);
        locations[nameof(StudyEvent.Radiologist)] = new(obrIndex, 32);
        var studyEvent = new StudyEvent
        {
            EventId = eventId,
            Kind = kind.Value,
            Source = sourceName,
            StudyInstanceUid = studyInstanceUid,
            AccessionNumber = accession,
            Modality = modality,
            ProcedureDescription = TextOf(obr.UniversalServiceIdentifier),
            ProcedureCode = CodeOf(obr.UniversalServiceIdentifier),
            PlacerOrderNumber = obr.PlacerOrderNumber.GetComponent(1).ToStringOrNull() ??
                                orc.PlacerOrderNumber.GetComponent(1).ToStringOrNull(),
            FillerOrderNumber = obr.FillerOrderNumber.GetComponent(1).ToStringOrNull() ??
                                orc.FillerOrderNumber.GetComponent(1).ToStringOrNull(),
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
    /// <summary>Reads a coded element (CE or CWE) as a code, or returns null when it has no identifier.</summary>
    internal static CodedConcept? CodeOf(Hl7Value coded) =>
        coded.GetComponent(1).ToStringOrNull() is { } code
            ? new CodedConcept(code, coded.GetComponent(3).ToString(), coded.GetComponent(2).ToString())
            : null;

    internal static string? TextOf(Hl7Value coded) =>
        coded.GetComponent(2).ToStringOrNull() ?? coded.GetComponent(1).ToStringOrNull();

    /// <summary>
    /// Returns the first component of the first candidate field that has a value, and records where it was read.
    /// A candidate with a negative segment index is a segment the group does not have.
    /// </summary>
    private static string? ReadFirst(
        Hl7Message message,
        Dictionary<string, Hl7FieldIndex> locations,
        string property,
        params ReadOnlySpan<(int Segment, int Field, Hl7Value Value)> candidates)
    {
        foreach (var (segment, field, value) in candidates)
        {
            if (segment < 0)
            {
                continue;
            }

            var text = value.GetComponent(1).ToStringOrNull();
            if (text is not null)
            {
                locations[property] = new(segment, field);
                return text;
            }
        }

        return null;
    }

    private static int FindInGroup(Hl7Message message, string name, int start, int end)
    {
        var index = message.FindNextSegment(name, start);
        return index >= 0 && index < end ? index : -1;
    }
}
