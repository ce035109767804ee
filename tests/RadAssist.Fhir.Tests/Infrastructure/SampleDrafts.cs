namespace RadAssist.Fhir.Tests.Infrastructure;

/// <summary>Drafts and contexts with every part the FHIR writer maps: sections, findings, categories, critical results.</summary>
internal static class SampleDrafts
{
    public static readonly DateTimeOffset CreatedAt = new(2026, 3, 14, 9, 30, 0, TimeSpan.Zero);

    public static ReportingContext Context(string? patientId = "FAKE-MRN-0042")
    {
        var studyEvent = new StudyEvent
        {
            EventId = "evt-1",
            Source = "test",
            StudyInstanceUid = "1.2.826.0.1.3680043.8.498.1",
            AccessionNumber = "ACC-0001",
            PatientId = patientId,
            Modality = "CT",
            ProcedureDescription = "CT chest without contrast",
            StudyDate = new DateOnly(2026, 3, 14),
            Radiologist = new RadiologistProfile("rad-007"),
        };

        return new ReportingContext(studyEvent, "corr-1");
    }

    public static DraftReport Draft(int measurementCount = 2, bool withCritical = true)
    {
        List<Finding> findings = [];
        for (var index = 0; index < measurementCount; index++)
        {
            findings.Add(new Finding
            {
                Type = "nodule",
                Site = index % 2 == 0 ? "right upper lobe" : "lower lobe",
                Laterality = index % 2 == 0 ? Laterality.Right : Laterality.Left,
                Code = new CodedConcept("27925004", "SCT", "Nodule"),
                Measurements =
                [
                    new Measurement
                    {
                        Text = index % 3 == 0 ? "1.20 x 0.8 cm" : "12.0 mm",
                        ValuesMm = index % 3 == 0 ? [12.00m, 8.0m] : [12.0m + index],
                        Unit = index % 3 == 0 ? "cm" : "mm",
                    },
                ],
                Sentence = "Nodule in the right upper lobe measures 12.0 mm.",
            });
        }

        findings.Add(new Finding
        {
            Type = "lymph node",
            Site = "right hilum",
            Laterality = Laterality.Right,
            Measurements = [new Measurement { Text = "8 to 10 mm", ValuesMm = [8m, 10m], IsRange = true }],
        });
        findings.Add(new Finding
        {
            Type = "nodule",
            Site = "right lower lobe",
            Measurements = [new Measurement { Text = "previously 8 mm", ValuesMm = [8m], IsPrior = true }],
        });
        findings.Add(new Finding { Type = "pneumothorax", Negated = true });

        List<CriticalResult> critical = withCritical
            ? [new CriticalResult { Term = "pulmonary embolism", Urgency = CriticalUrgency.Emergent, Sentence = "Filling defect in the right lower lobe pulmonary artery." }]
            : [];

        return new DraftReport
        {
            CorrelationId = "corr-1",
            DraftId = "draft-1",
            StudyInstanceUid = "1.2.826.0.1.3680043.8.498.1",
            AccessionNumber = "ACC-0001",
            Generator = new GeneratorInfo("radassist-deterministic", "0.1.0")
            {
                ModelId = "example-model",
                ModelVersion = "2026-01",
                PromptVersion = "p3",
            },
            CreatedAt = CreatedAt,
            Sections =
            [
                Section(DraftSectionKind.Indication, "INDICATION", "Cough."),
                Section(DraftSectionKind.Comparison, "COMPARISON", "CT chest of 2025-03-01."),
                Section(DraftSectionKind.Findings, "FINDINGS", "Nodule in the right upper lobe measures 12.0 mm.", "No pneumothorax."),
                Section(DraftSectionKind.Impression, "IMPRESSION", "Right upper lobe nodule, 12.0 mm."),
                Section(DraftSectionKind.Recommendations, "RECOMMENDATIONS", "Follow-up CT in 3 months."),
            ],
            Findings = findings,
            Categories =
            [
                new CategoryAssessment
                {
                    System = "Lung-RADS v2022",
                    Category = "4A",
                    Description = "Suspicious",
                    Management = "3-month LDCT",
                    Basis = "solid nodule 8 to 15 mm",
                },
            ],
            CriticalResults = critical,
            RequiresMandatoryReview = withCritical,
        };
    }

    private static DraftSection Section(DraftSectionKind kind, string title, params string[] sentences) =>
        new(kind, title, [.. sentences.Select(s => new DraftSentence(s, [new SourceReference { Kind = SourceKind.PriorReport, SourceId = "prior-1" }]))]);
}
