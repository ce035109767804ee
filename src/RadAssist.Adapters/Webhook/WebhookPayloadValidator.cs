using System.Globalization;
using FluentValidation;

namespace RadAssist.Adapters;

/// <summary>Rules a webhook payload must meet; each failure names the JSON field and its value.</summary>
internal sealed class WebhookPayloadValidator : AbstractValidator<WebhookPayload>
{
    public const int MaxIdLength = 64;
    public const int MaxAccessionLength = 16;
    public const int MaxBodyPartLength = 64;
    public const int MaxIndicationLength = 10_000;
    public const int MaxPriorReportLength = 1_000_000;

    public WebhookPayloadValidator()
    {
        RuleFor(p => p.StudyUid)
            .NotEmpty()
            .When(p => string.IsNullOrEmpty(p.AccessionNumber))
            .OverridePropertyName("study_uid")
            .WithMessage("Field 'study_uid' is missing; give the Study Instance UID or 'accession_number'.");
        RuleFor(p => p.StudyUid!)
            .Must(UidSyntax.IsValid)
            .When(p => !string.IsNullOrEmpty(p.StudyUid))
            .OverridePropertyName("study_uid")
            .WithMessage(p => $"Field 'study_uid' value '{Shorten(p.StudyUid)}' is not a valid DICOM UID: {UidSyntax.Validate(p.StudyUid)}.");
        RuleFor(p => p.AccessionNumber)
            .MaximumLength(MaxAccessionLength)
            .Must(NoControlCharacters)
            .OverridePropertyName("accession_number")
            .WithMessage(p => $"Field 'accession_number' value '{Shorten(p.AccessionNumber)}' must be at most {MaxAccessionLength} printable characters.");
        RuleFor(p => p.PatientId)
            .NotEmpty()
            .OverridePropertyName("patient_id")
            .WithMessage("Field 'patient_id' is missing.");
        RuleFor(p => p.PatientId)
            .MaximumLength(MaxIdLength)
            .OverridePropertyName("patient_id")
            .WithMessage(p => $"Field 'patient_id' value '{Shorten(p.PatientId)}' has {p.PatientId?.Length} characters; the maximum is {MaxIdLength}.");
        RuleFor(p => p.PatientId)
            .Must(NoControlCharacters)
            .OverridePropertyName("patient_id")
            .WithMessage(p => $"Field 'patient_id' value '{Shorten(p.PatientId)}' contains a control character; only printable characters are allowed.");

        // A backslash separates values in DICOM (PS3.5 section 6.4), so an id with one would become two Patient IDs.
        RuleFor(p => p.PatientId)
            .Must(id => id is null || !id.Contains('\\', StringComparison.Ordinal))
            .OverridePropertyName("patient_id")
            .WithMessage(p => $"Field 'patient_id' value '{Shorten(p.PatientId)}' contains a backslash, which DICOM reserves to separate values.");
        RuleFor(p => p.Modality)
            .NotEmpty()
            .OverridePropertyName("modality")
            .WithMessage("Field 'modality' is missing.");
        RuleFor(p => p.Modality!)
            .Must(ModalityCodes.IsKnown)
            .When(p => !string.IsNullOrEmpty(p.Modality))
            .OverridePropertyName("modality")
            .WithMessage(p => $"Field 'modality' value '{Shorten(p.Modality)}' is not a known DICOM modality code such as CT, MR, CR, DX, US, MG, NM or PT.");
        RuleFor(p => p.BodyPart)
            .MaximumLength(MaxBodyPartLength)
            .Must(NoControlCharacters)
            .OverridePropertyName("body_part")
            .WithMessage(p => $"Field 'body_part' value '{Shorten(p.BodyPart)}' must be at most {MaxBodyPartLength} printable characters.");
        RuleFor(p => p.ClinicalIndication)
            .Must(NoControlCharactersInText)
            .OverridePropertyName("clinical_indication")
            .WithMessage(p => ControlCharacterMessage("clinical_indication", p.ClinicalIndication));
        RuleFor(p => p.PriorReportText)
            .Must(NoControlCharactersInText)
            .OverridePropertyName("prior_report_text")
            .WithMessage(p => ControlCharacterMessage("prior_report_text", p.PriorReportText));
        RuleFor(p => p.PriorExam)
            .Must(NoControlCharactersInText)
            .OverridePropertyName("prior_exam")
            .WithMessage(p => ControlCharacterMessage("prior_exam", p.PriorExam));
        RuleFor(p => p.ClinicalIndication)
            .MaximumLength(MaxIndicationLength)
            .OverridePropertyName("clinical_indication")
            .WithMessage(p => $"Field 'clinical_indication' has {p.ClinicalIndication?.Length} characters; the maximum is {MaxIndicationLength}.");
        RuleFor(p => p.PriorReportText)
            .MaximumLength(MaxPriorReportLength)
            .OverridePropertyName("prior_report_text")
            .WithMessage(p => $"Field 'prior_report_text' has {p.PriorReportText?.Length} characters; the maximum is {MaxPriorReportLength}.");
        RuleFor(p => p.PriorExam)
            .MaximumLength(MaxBodyPartLength)
            .OverridePropertyName("prior_exam")
            .WithMessage(p => $"Field 'prior_exam' value '{Shorten(p.PriorExam)}' must be at most {MaxBodyPartLength} characters.");
        RuleFor(p => p.PriorExamDate)
            .Must(d => d is null || DateOnly.TryParseExact(d, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            .OverridePropertyName("prior_exam_date")
            .WithMessage(p => $"Field 'prior_exam_date' value '{Shorten(p.PriorExamDate)}' is not a date in the form yyyy-MM-dd.");
        RuleFor(p => p.IntegrationContext)
            .MaximumLength(MaxIdLength)
            .Matches("^[A-Za-z0-9_.:-]*$")
            .OverridePropertyName("integration_context")
            .WithMessage(p => $"Field 'integration_context' value '{Shorten(p.IntegrationContext)}' must be at most {MaxIdLength} letters, digits or _.:- characters.");
        RuleFor(p => p.EventId)
            .MaximumLength(MaxIdLength)
            .Must(NoControlCharacters)
            .OverridePropertyName("event_id")
            .WithMessage(p => $"Field 'event_id' value '{Shorten(p.EventId)}' must be at most {MaxIdLength} printable characters.");
    }

    private static bool NoControlCharacters(string? value) => value is null || !value.Any(char.IsControl);

    // Report text may break lines and use tabs; other control characters are invalid in DICOM UT and HL7 text alike.
    private static bool NoControlCharactersInText(string? value) => ControlCharacterIndex(value) < 0;

    private static int ControlCharacterIndex(string? value)
    {
        if (value is null)
        {
            return -1;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsControl(value[i]) && value[i] is not ('\r' or '\n' or '\t'))
            {
                return i;
            }
        }

        return -1;
    }

    private static string ControlCharacterMessage(string field, string? value)
    {
        var index = ControlCharacterIndex(value);
        var code = index < 0 ? 0 : value![index];
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Field '{field}' contains the control character U+{code:X4} at character {index}; only line breaks and tabs are allowed in text.");
    }

    // Values are echoed in errors so the sender can find them, but never at full length.
    internal static string Shorten(string? value)
    {
        if (value is null)
        {
            return string.Empty;
        }

        var shortened = value.Length <= 80 ? value : string.Concat(value.AsSpan(0, 77), "...");

        // Control characters are shown as code points, so an error message cannot drive the reader's terminal.
        if (!shortened.Any(char.IsControl))
        {
            return shortened;
        }

        var builder = new System.Text.StringBuilder(shortened.Length + 16);
        foreach (var c in shortened)
        {
            if (char.IsControl(c))
            {
                builder.Append(CultureInfo.InvariantCulture, $"<U+{(int)c:X4}>");
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
