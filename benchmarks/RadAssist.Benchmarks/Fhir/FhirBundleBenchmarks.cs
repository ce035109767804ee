using System.Globalization;
using BenchmarkDotNet.Attributes;
using Hl7.Fhir.Model;
using RadAssist.Fhir;
using RadAssist.Fhir.Writing;

namespace RadAssist.Benchmarks.Fhir;

/// <summary>
/// Building and serializing the FHIR R4 transaction Bundle of a draft with 20 measurements: 20 measurement
/// Observations, 4 narrative Observations, one category Observation, the DiagnosticReport, the Device, the
/// Provenance, and a Task and Communication for one critical result (30 entries).
/// </summary>
[MemoryDiagnoser]
public class FhirBundleBenchmarks
{
    private readonly DraftBundleBuilder _builder = new(new FhirOptions { PatientIdentifierSystem = "urn:oid:2.999.1" });
    private DraftReport _draft = null!;
    private ReportingContext _context = null!;
    private Bundle _bundle = null!;

    [GlobalSetup]
    public void Setup()
    {
        _context = new ReportingContext(
            new StudyEvent
            {
                EventId = "bench-1",
                Source = "benchmark",
                StudyInstanceUid = "1.2.826.0.1.3680043.8.498.1",
                AccessionNumber = "ACC-0001",
                PatientId = "FAKE-MRN-0001",
                ProcedureDescription = "CT chest without contrast",
                StudyDate = new DateOnly(2026, 3, 14),
                Radiologist = new RadiologistProfile("rad-1"),
            },
            "bench-1");
        _draft = CreateDraft(measurementCount: 20);
        _bundle = _builder.Build(_draft, _context);
    }

    /// <summary>Builds the Bundle's object model from the draft.</summary>
    [Benchmark]
    public int Build() => _builder.Build(_draft, _context).Entry.Count;

    /// <summary>Serializes an already built Bundle to UTF-8 JSON.</summary>
    [Benchmark]
    public int Serialize() => FhirJson.SerializeToUtf8Bytes(_bundle).Length;

    /// <summary>Builds and serializes, as the <c>fhir</c> writer does for each draft.</summary>
    [Benchmark(Baseline = true)]
    public int BuildAndSerialize() => FhirJson.SerializeToUtf8Bytes(_builder.Build(_draft, _context)).Length;

    private static DraftReport CreateDraft(int measurementCount)
    {
        var findings = Enumerable.Range(0, measurementCount).Select(index => new Finding
        {
            Type = "nodule",
            Site = index % 2 == 0 ? "right upper lobe" : "left lower lobe",
            Laterality = index % 2 == 0 ? Laterality.Right : Laterality.Left,
            Code = new CodedConcept("27925004", "SCT", "Nodule"),
            Measurements =
            [
                new Measurement
                {
                    Text = string.Create(CultureInfo.InvariantCulture, $"{4 + index}.0 mm"),
                    ValuesMm = [4.0m + index],
                },
            ],
        }).ToList();

        static DraftSection Section(DraftSectionKind kind, string title, string text) =>
            new(kind, title, [new DraftSentence(text, [new SourceReference { Kind = SourceKind.PriorReport, SourceId = "prior-1" }])]);

        return new DraftReport
        {
            CorrelationId = "bench-1",
            DraftId = "bench-draft-1",
            StudyInstanceUid = "1.2.826.0.1.3680043.8.498.1",
            AccessionNumber = "ACC-0001",
            Generator = new GeneratorInfo("radassist-deterministic", "0.1.0"),
            CreatedAt = new DateTimeOffset(2026, 3, 14, 9, 30, 0, TimeSpan.Zero),
            Sections =
            [
                Section(DraftSectionKind.Comparison, "COMPARISON", "CT chest of 2025-03-01."),
                Section(DraftSectionKind.Findings, "FINDINGS", "Multiple pulmonary nodules, the largest 23.0 mm."),
                Section(DraftSectionKind.Impression, "IMPRESSION", "Multiple pulmonary nodules."),
                Section(DraftSectionKind.Recommendations, "RECOMMENDATIONS", "Follow-up CT in 3 months."),
            ],
            Findings = findings,
            Categories = [new CategoryAssessment { System = "Lung-RADS v2022", Category = "4B", Management = "PET/CT" }],
            CriticalResults = [new CriticalResult { Term = "pneumothorax", Urgency = CriticalUrgency.Urgent, Sentence = "Small right pneumothorax." }],
        };
    }
}
