using System.Text.Json;
using Microsoft.Extensions.Logging;
using RadAssist.Llm.Tests.Server;

namespace RadAssist.Llm.Tests;

/// <summary>
/// A follow-up CT chest with one prior report, seeded with synthetic identifiers, and model answers written in the
/// de-identified terms the model sees (dates 30 days earlier, identifiers as tokens).
/// </summary>
internal static class Scenario
{
    public const int DateShiftDays = 30;

    public const string PatientName = "QUINTERO^MARISOL";
    public const string PatientId = "48213377";
    public const string Accession = "ACC7654321";
    public const string StudyUid = "2.25.190134733095215460447227541298836012345";
    public const string PriorUid = "2.25.310287745599961237788121300234591177321";
    public const string ReferrerPhone = "(312) 555-0188";
    public const string ReferrerName = "Ravensworth";
    public const string SignerName = "Oskar Lindqvist";

    /// <summary>Every identifier seeded into the scenario; none may reach a prompt, a log or an audit record.</summary>
    public static readonly string[] SeededIdentifiers =
    [
        "Quintero", "Marisol", PatientId, Accession, StudyUid, PriorUid, ReferrerPhone, "555-0188", ReferrerName,
        "Lindqvist", "Oskar", "2024-09-10", "09/10/2024", "2025-03-14", "1932-05-02", "92-year-old",
        "marisol.quintero@example.org",
    ];

    public const string PriorText =
        "EXAM: CT chest without contrast.\n" +
        "CLINICAL HISTORY: Marisol Quintero, MRN 48213377, incidental nodule. Contact marisol.quintero@example.org.\n" +
        "FINDINGS: There is a 6 mm solid nodule in the right upper lobe. A 4 mm calcified granuloma is present in " +
        "the left lower lobe. No pleural effusion. No pneumothorax. The heart size is normal.\n" +
        "IMPRESSION: 6 mm right upper lobe nodule. Follow-up CT in 6 months is recommended.\n" +
        "Electronically signed by: Oskar Lindqvist on 09/10/2024.";

    public const string Indication =
        "Follow-up of right upper lobe nodule in a 92-year-old. Call Dr. Ravensworth at (312) 555-0188.";

    public static ReportingContext CreateContext(string priorText = PriorText, string correlationId = "run-0001")
    {
        var studyEvent = new StudyEvent
        {
            EventId = "evt-0001",
            Source = "test",
            StudyInstanceUid = StudyUid,
            AccessionNumber = Accession,
            PatientId = PatientId,
            Modality = "CT",
            BodyPart = "CHEST",
            ProcedureDescription = "CT chest without contrast",
            ClinicalIndication = Indication,
            StudyDate = new DateOnly(2025, 3, 14),
            Radiologist = new RadiologistProfile("rad-77", "thoracic", "concise"),
            InlinePriorReports =
            [
                new PriorReport
                {
                    ReportId = "prior-1",
                    Text = priorText,
                    ExamDescription = "CT chest",
                    Modality = "CT",
                    ExamDate = new DateOnly(2024, 9, 10),
                    StudyInstanceUid = PriorUid,
                },
            ],
        };

        var context = new ReportingContext(studyEvent, correlationId)
        {
            Patient = new PatientInfo { PatientId = PatientId, Name = PatientName, BirthDate = new DateOnly(1932, 5, 2), Sex = "F" },
        };
        return context;
    }

    public static readonly string[] GoodFindings =
    [
        "The 6 mm solid nodule in the right upper lobe is again noted.",
        "A 4 mm calcified granuloma is present in the left lower lobe.",
        "No pleural effusion.",
        "No pneumothorax.",
    ];

    /// <summary>Comparison sentence as the model writes it, with the shifted prior date.</summary>
    public const string ComparisonAsWritten = "CT chest of 2024-08-11.";

    /// <summary>The same sentence after re-identification.</summary>
    public const string ComparisonReidentified = "CT chest of 2024-09-10.";

    public const string GoodImpression = "6 mm right upper lobe nodule.";

    public static string Answer(
        IEnumerable<string>? findings = null,
        IEnumerable<string>? impression = null,
        IEnumerable<object>? structured = null,
        string comparison = ComparisonAsWritten) =>
        JsonSerializer.Serialize(new
        {
            sections = new object[]
            {
                new { kind = "comparison", sentences = new[] { comparison } },
                new { kind = "findings", sentences = (findings ?? GoodFindings).ToArray() },
                new { kind = "impression", sentences = (impression ?? [GoodImpression]).ToArray() },
            },
            findings = (structured ?? GoodStructured()).ToArray(),
        });

    public static object Finding(string type, string site, string laterality, decimal[] mm, string sentence, string temporal = "unchanged") => new
    {
        type,
        site,
        laterality,
        negated = false,
        uncertain = false,
        temporal,
        measurements_mm = mm,
        sentence,
    };

    public static IEnumerable<object> GoodStructured() =>
    [
        Finding("nodule", "right upper lobe", "right", [6m], GoodFindings[0]),
        Finding("granuloma", "left lower lobe", "left", [4m], GoodFindings[1]),
    ];

    public static ChatDraftGenerator CreateGenerator(
        OpenAiLoopbackServer server,
        Action<ChatDraftGeneratorOptions>? configure = null,
        IAuditSink? audit = null,
        ILoggerFactory? loggerFactory = null,
        bool logChatClient = false)
    {
        var options = new ChatDraftGeneratorOptions
        {
            ModelId = "radassist-test-model",
            Timeout = TimeSpan.FromSeconds(10),
            RetryDelay = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        var deidentifier = new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = DateShiftDays });
        return new ChatDraftGenerator(
            server.CreateChatClient(logChatClient ? loggerFactory : null),
            options,
            deidentifier,
            fallback: null,
            auditSink: audit,
            loggerFactory: loggerFactory);
    }

    public static IReadOnlyList<string> Sentences(DraftReport draft, DraftSectionKind kind) =>
        draft.GetSection(kind)?.Sentences.Select(s => s.Text).ToList() ?? [];
}
