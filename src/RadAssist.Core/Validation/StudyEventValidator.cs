using FluentValidation;

namespace RadAssist.Validation;

/// <summary>Rules a study event must meet before the pipeline works on it.</summary>
internal sealed class StudyEventValidator : AbstractValidator<StudyEvent>
{
    /// <summary>Maximum length of free-text fields such as the clinical indication: 10,000 characters.</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>Maximum length of one inline prior report: 1,000,000 characters.</summary>
    public const int MaxPriorReportLength = 1_000_000;

    public StudyEventValidator()
    {
        RuleFor(e => e.EventId).NotEmpty().MaximumLength(128);
        RuleFor(e => e.Source).NotEmpty().MaximumLength(64);
        RuleFor(e => e)
            .Must(e => !string.IsNullOrWhiteSpace(e.StudyInstanceUid) || !string.IsNullOrWhiteSpace(e.AccessionNumber))
            .WithName("study_uid")
            .WithMessage("Either the Study Instance UID or the accession number must be given.");
        RuleFor(e => e.StudyInstanceUid!)
            .Must(UidSyntax.IsValid)
            .When(e => e.StudyInstanceUid is not null)
            .WithMessage(e => $"'{e.StudyInstanceUid}' is not a valid UID: {UidSyntax.Validate(e.StudyInstanceUid)}.");
        RuleFor(e => e.AccessionNumber).MaximumLength(16);
        RuleFor(e => e.PatientId).MaximumLength(64);
        RuleFor(e => e.Modality!)
            .Must(ModalityCodes.IsKnown)
            .When(e => e.Modality is not null)
            .WithMessage(e => $"'{e.Modality}' is not a known DICOM modality code.");
        RuleFor(e => e.BodyPart).MaximumLength(64);
        RuleFor(e => e.ProcedureDescription).MaximumLength(MaxTextLength);
        RuleFor(e => e.ClinicalIndication).MaximumLength(MaxTextLength);
        RuleForEach(e => e.InlinePriorReports).ChildRules(prior =>
        {
            prior.RuleFor(p => p.ReportId).NotEmpty();
            prior.RuleFor(p => p.Text).NotNull().MaximumLength(MaxPriorReportLength);
        });
    }
}
