using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using RadAssist.Dicom.StructuredReport;

namespace RadAssist.Dicom.Drafts;

/// <summary>
/// Renders a draft as a TID 2000 Basic Diagnostic Imaging Report: Basic Text SR, or Enhanced SR when the draft has
/// measurements. The document is always a draft: Completion Flag PARTIAL, Verification Flag UNVERIFIED, the
/// generator as author device, the AI draft banner as the first content item.
/// </summary>
internal sealed class SrDraftWriter(ILogger<SrDraftWriter> logger, TimeProvider? timeProvider = null) : IDraftWriter
{
    private readonly TimeProvider _timeProvider = timeProvider ?? TimeProvider.System;

    public string Format => "sr";

    public ValueTask<RenderedDraft> WriteAsync(DraftReport draft, ReportingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        var bytes = Render(draft, context, _timeProvider);
        Log.SrDraftWritten(logger, draft.CorrelationId, bytes.Length);
        return ValueTask.FromResult(new RenderedDraft(Format, "application/dicom", bytes) { FileExtension = ".dcm" });
    }

    internal static byte[] Render(DraftReport draft, ReportingContext context, TimeProvider timeProvider) =>
        BuildDocument(draft, context, timeProvider).ToPart10();

#pragma warning disable RADASSIST001 // The draft writer is the SDK's own user of the template builders.
    internal static SrDocument BuildDocument(DraftReport draft, ReportingContext context, TimeProvider timeProvider)
    {
        var studyUid = draft.StudyInstanceUid ?? context.Study.StudyInstanceUid;
        if (studyUid is null || !DicomUid.IsValid(studyUid))
        {
            throw new ArgumentException($"StudyInstanceUid '{studyUid}' of the draft is missing or not a valid UID (PS3.5 9.1); an SR draft must belong to the reported study.", nameof(draft));
        }

        var device = DeviceOf(draft.Generator);
        var sections = draft.Sections.Select(SectionOf).ToList();
        var measurements = draft.Findings.SelectMany(MeasurementsOf).ToList();
        if (measurements.Count > 0)
        {
            sections.Add(new SrSection(SrCodes.FindingsSection, SrCodes.Finding, []) { Measurements = measurements });
        }

        var root = SrTemplates.BasicDiagnosticImagingReport(device, sections, DraftReport.DraftBanner);
        var created = draft.CreatedAt == default ? timeProvider.GetUtcNow() : draft.CreatedAt;
        return new SrDocument
        {
            DocumentType = measurements.Count > 0 ? SrDocumentType.Enhanced : SrDocumentType.BasicText,
            Root = root,
            StudyInstanceUid = studyUid,
            AccessionNumber = Limit(draft.AccessionNumber ?? context.Study.AccessionNumber, 16),
            PatientId = Limit(context.Patient.PatientId, 64),
            PatientName = context.Patient.Name,
            PatientBirthDate = context.Patient.BirthDate,
            PatientSex = context.Patient.Sex is "M" or "F" or "O" ? context.Patient.Sex : null,
            StudyDate = context.Study.StudyDate,
            StudyDescription = Limit(context.Study.Description, 64),
            SeriesDescription = "AI draft report",
            ContentDateTime = created,
            CompletionFlagDescription = "AI DRAFT - NOT REVIEWED",
            AuthorDevice = device,
        };
    }
#pragma warning restore RADASSIST001

    /// <summary>
    /// Identifies the generator as a device. The Device Observer UID is derived from the generator, model and
    /// version (a name-based 2.25 UID), so every draft of one model version names the same device.
    /// </summary>
    internal static SrDeviceObserver DeviceOf(GeneratorInfo generator)
    {
        var model = generator.ModelId is null ? generator.Id : $"{generator.ModelId} {generator.ModelVersion}".Trim();
        var identity = $"{generator.Id}|{generator.Version}|{generator.ModelId}|{generator.ModelVersion}";
        return new SrDeviceObserver(NameBasedUid(identity), Limit(generator.ModelId ?? generator.Id, 64)!)
        {
            Manufacturer = "RadAssist",
            ModelName = Limit(model, 64),
            SerialNumber = Limit($"{generator.Id} {generator.Version}", 64),
        };
    }

    private static SrSection SectionOf(DraftSection section)
    {
        var (heading, concept) = section.Kind switch
        {
            DraftSectionKind.Indication => (SrCodes.ClinicalInformation, SrCodes.History),
            DraftSectionKind.Comparison => (SrCodes.PreviousFindingsSection, SrCodes.PreviousFinding),
            DraftSectionKind.Impression => (SrCodes.ImpressionSection, SrCodes.Impression),
            DraftSectionKind.Recommendations => (SrCodes.RecommendationSection, SrCodes.Recommendation),
            _ => (SrCodes.FindingsSection, SrCodes.Finding),
        };
        return new SrSection(heading, concept, section.Sentences.Select(s => s.Text).ToList());
    }

    private static IEnumerable<SrMeasurement> MeasurementsOf(Finding finding)
    {
        foreach (var measurement in finding.Measurements.Where(m => !m.IsPrior))
        {
            foreach (var value in measurement.ValuesMm)
            {
                var text = value.ToString(CultureInfo.InvariantCulture);
                if (text.Length <= 16)
                {
                    yield return new SrMeasurement(SrCodes.Length, text, SrCodes.Millimeter);
                }
            }
        }
    }

    private static string NameBasedUid(string name)
    {
        // A UUID-shaped value from SHA-256, turned into the 2.25 form like a random UUID (PS3.5 B.2).
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(name));
        var value = new System.Numerics.BigInteger(hash.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);
        return string.Create(CultureInfo.InvariantCulture, $"2.25.{value}");
    }

    private static string? Limit(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..length];
}
