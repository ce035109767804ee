using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace RadAssist.Hl7;

/// <summary>
/// Renders a draft as an ORU^R01 message with preliminary status: OBR-25 and every OBX-11 are <c>P</c> (HL7 table
/// 0123 and 0085), and the first OBX carries the AI-draft banner.
/// </summary>
internal sealed class Hl7DraftWriter : IDraftWriter
{
    /// <summary>The media type of ER7-encoded HL7 v2 (RFC 6838 registration application/hl7v2).</summary>
    public const string MediaType = "application/hl7v2";

    private const string PreliminaryStatus = "P";

    private readonly Hl7Options _options;
    private readonly TimeProvider _timeProvider;

    public Hl7DraftWriter(IOptions<Hl7Options> options, TimeProvider? timeProvider = null)
    {
        _options = options.Value;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public string Format => "hl7";

    public ValueTask<RenderedDraft> WriteAsync(
        DraftReport draft,
        ReportingContext context,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var content = Write(draft, context);
        return ValueTask.FromResult(new RenderedDraft(Format, MediaType, content) { FileExtension = ".hl7" });
    }

    internal byte[] Write(DraftReport draft, ReportingContext context)
    {
        var now = _timeProvider.GetUtcNow();
        var created = draft.CreatedAt == default ? now : draft.CreatedAt;
        var study = context.Study;
        var patient = context.Patient;
        var writer = new Er7Writer(Hl7Delimiters.Default, Encoding.UTF8, 2048);

        writer.StartMsh()
            .Field(_options.SendingApplication)
            .Field(_options.SendingFacility)
            .Field(_options.ReceivingApplication)
            .Field(_options.ReceivingFacility)
            .Field(Hl7DateTime.Format(now))
            .Field(null)
            .Components("ORU", "R01", "ORU_R01")
            .Field(ControlIdOf(draft.DraftId))
            .Field(_options.ProcessingId)
            .Field(_options.Version)
            .EmptyFields(2)
            .Field("AL")
            .Field("NE")
            .EmptyFields(1)
            .Field(Hl7CharacterSets.Utf8);

        // PID-5 uses the XPN order family^given, which is the order of a DICOM PN value.
        var name = patient.Name?.Split('^');
        writer.StartSegment("PID")
            .Field("1")
            .Field(null)
            .Components(patient.PatientId)
            .Field(null)
            .Components(name?.ElementAtOrDefault(0), name?.ElementAtOrDefault(1), name?.ElementAtOrDefault(2))
            .Field(null)
            .Field(patient.BirthDate?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))
            .Field(patient.Sex);

        // OBR-2 and OBR-3 echo the order's numbers, so the ordering system can match the result to its order.
        var order = context.Event;
        var procedure = order.ProcedureCode;
        writer.StartSegment("OBR")
            .Field("1")
            .Field(order.PlacerOrderNumber)
            .Field(order.FillerOrderNumber ?? draft.AccessionNumber ?? study.AccessionNumber)
            .Components(procedure?.Value, study.Description ?? procedure?.Meaning, procedure?.Scheme)
            .EmptyFields(2)
            .Field(study.StudyDate?.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture))
            .EmptyFields(5)
            .Field(study.ReasonForStudy)
            .EmptyFields(4)
            .Field(draft.AccessionNumber ?? study.AccessionNumber)
            .EmptyFields(3)
            .Field(Hl7DateTime.Format(created))
            .Field(null)
            .Field(study.Modality)
            .Field(PreliminaryStatus);

        writer.StartSegment("NTE")
            .Field("1")
            .Field("O")
            .Field($"Draft {draft.DraftId}, run {draft.CorrelationId}, generator {DescribeGenerator(draft.Generator)}.");

        var setId = 0;
        WriteTextObservation(writer, ++setId, "18782-3", "Radiology Study observation", DraftReport.DraftBanner, created, draft);
        foreach (var section in draft.Sections)
        {
            var (code, meaning) = LoincOf(section.Kind);
            var text = new StringBuilder(section.Title).Append(':');
            foreach (var sentence in section.Sentences)
            {
                text.Append('\n').Append(sentence.Text);
                if (sentence.Flag is not null)
                {
                    text.Append(" [unsupported: ").Append(sentence.Flag).Append(']');
                }
            }

            WriteTextObservation(writer, ++setId, code, meaning, text.ToString(), created, draft);
        }

        var studyInstanceUid = draft.StudyInstanceUid ?? study.StudyInstanceUid;
        if (studyInstanceUid is not null)
        {
            writer.StartSegment("OBX")
                .Field((++setId).ToString(System.Globalization.CultureInfo.InvariantCulture))
                .Field("ST")
                .Components("110180", "Study Instance UID", "DCM")
                .Field(null)
                .Field(studyInstanceUid)
                .EmptyFields(5)
                .Field(PreliminaryStatus);
        }

        return writer.ToArray();
    }

    private static void WriteTextObservation(
        Er7Writer writer,
        int setId,
        string code,
        string meaning,
        string text,
        DateTimeOffset created,
        DraftReport draft)
    {
        // OBX-18 (equipment instance identifier) names the model, so the observation shows software wrote it.
        writer.StartSegment("OBX")
            .Field(setId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Field("FT")
            .Components(code, meaning, "LN")
            .Field(null)
            .FormattedTextField(text)
            .EmptyFields(5)
            .Field(PreliminaryStatus)
            .EmptyFields(2)
            .Field(Hl7DateTime.Format(created))
            .EmptyFields(3)
            .Components(draft.Generator.ModelId ?? draft.Generator.Id, draft.Generator.ModelVersion ?? draft.Generator.Version);
    }

    private static string DescribeGenerator(GeneratorInfo generator) =>
        generator.ModelId is null
            ? $"{generator.Id} {generator.Version}"
            : $"{generator.Id} {generator.Version} with model {generator.ModelId} {generator.ModelVersion}".TrimEnd();

    /// <summary>
    /// Returns a message control id of at most 20 characters, the length MSH-10 allows up to v2.5.1: the draft id
    /// itself when short enough, else 20 hexadecimal digits of its SHA-256.
    /// </summary>
    internal static string ControlIdOf(string draftId)
    {
        if (draftId.Length <= 20)
        {
            return draftId;
        }

        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(draftId), hash);
        return Convert.ToHexString(hash[..10]);
    }

    /// <summary>Returns the LOINC code of a report section, after the LOINC radiology report document sections.</summary>
    private static (string Code, string Meaning) LoincOf(DraftSectionKind kind) => kind switch
    {
        DraftSectionKind.Indication => ("18785-6", "Radiology Reason for study"),
        DraftSectionKind.Comparison => ("18834-2", "Radiology Comparison study"),
        DraftSectionKind.Findings => ("59776-5", "Procedure Findings"),
        DraftSectionKind.Impression => ("19005-8", "Radiology Impression"),
        _ => ("18783-1", "Radiology Study recommendation"),
    };
}
