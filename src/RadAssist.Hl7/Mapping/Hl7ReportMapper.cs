using System.Text;

namespace RadAssist.Hl7;

/// <summary>Maps ORU^R01 result messages to prior reports, one per OBR group with report text (HL7 v2 chapter 7).</summary>
internal static class Hl7ReportMapper
{
    /// <summary>Code of the DICOM concept "Study Instance UID" (DCM 110180), as OBX-3 of a UID observation.</summary>
    private const string StudyInstanceUidCode = "110180";

    /// <summary>
    /// Reads the report text of every OBR group from its OBX segments of value type TX, FT and ST, one line per
    /// repetition. Other value types, such as ED documents and numeric results, are left out.
    /// </summary>
    /// <exception cref="Hl7ParseException">The message is not an ORU.</exception>
    public static IReadOnlyList<PriorReport> Map(Hl7Message message)
    {
        var msh = MshSegment.Of(message);
        if (msh.MessageType.GetComponent(1).ToString() != "ORU")
        {
            throw new Hl7ParseException(
                Hl7ErrorCode.InvalidValue,
                $"MSH-9 message type '{msh.MessageType.RawValue}' is not a result message; expected ORU^R01.",
                "MSH-9",
                -1);
        }

        var reports = new List<PriorReport>();
        var obrIndex = message.FindSegment("OBR");
        var group = 0;
        while (obrIndex >= 0)
        {
            group++;
            var next = message.FindNextSegment("OBR", obrIndex + 1);
            var end = next < 0 ? message.SegmentCount : next;
            var report = MapGroup(message, obrIndex, end, group);
            if (report is not null)
            {
                reports.Add(report);
            }

            obrIndex = next;
        }

        return reports;
    }

    private static PriorReport? MapGroup(Hl7Message message, int obrIndex, int end, int group)
    {
        var text = new StringBuilder();
        var lines = 0;
        string? studyInstanceUid = null;
        for (var index = obrIndex + 1; index < end; index++)
        {
            if (message.SegmentNameEquals(index, "ZDS"))
            {
                studyInstanceUid ??= new ZdsSegment(message, index).StudyInstanceUid.GetComponent(1).ToStringOrNull();
                continue;
            }

            if (!message.SegmentNameEquals(index, "OBX"))
            {
                continue;
            }

            var obx = new ObxSegment(message, index);
            var valueType = obx.ValueType.ToString();
            if (obx.ObservationIdentifier.GetComponent(1).ToString() == StudyInstanceUidCode)
            {
                studyInstanceUid ??= obx.ObservationValue.GetComponent(1).ToStringOrNull();
                continue;
            }

            if (valueType is not ("TX" or "FT" or "ST"))
            {
                continue;
            }

            var value = obx.ObservationValue;
            for (var repetition = 1; repetition <= Math.Max(1, value.RepetitionCount); repetition++)
            {
                // Empty values are kept as blank lines, because report layouts use them to separate paragraphs.
                if (lines++ > 0)
                {
                    text.Append('\n');
                }

                text.Append(value.GetRepetition(repetition).ToString());
            }
        }

        if (lines == 0)
        {
            return null;
        }

        var obr = new ObrSegment(message, obrIndex);
        var reportId = obr.FillerOrderNumber.GetComponent(1).ToStringOrNull()
                       ?? obr.PlacerOrderNumber.GetComponent(1).ToStringOrNull()
                       ?? $"{message.ControlId}/{group}";
        return new PriorReport
        {
            ReportId = reportId,
            Text = text.ToString(),
            ExamDescription = Hl7OrderMapper.TextOf(obr.UniversalServiceIdentifier),
            Modality = obr.DiagnosticServiceSectionId.GetComponent(1).ToStringOrNull(),
            ExamDate = Hl7DateTime.TryParseDate(obr.ObservationDateTime, out var date) ? date : null,
            StudyInstanceUid = studyInstanceUid,
            Source = "hl7",
        };
    }
}
