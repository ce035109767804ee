using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;
using RadAssist.Llm;
using RadAssist.Llm.Generation;
using RadAssist.Llm.Output;

namespace RadAssist.Benchmarks.Llm;

/// <summary>
/// Everything the chat draft generator does around the model call, for a 2 KB prior report and a 1 KB answer:
/// de-identify, collect grounding sources, build the prompt, hash it, parse the answer, check grounding and
/// re-identify. The model itself is not called.
/// </summary>
[MemoryDiagnoser]
public class ChatDraftGeneratorBenchmarks
{
    private static readonly string[] PriorSentences =
    [
        "EXAM: CT chest without contrast.",
        "CLINICAL HISTORY: Marisol Quintero, MRN 48213377, follow-up of pulmonary nodules. Contact (312) 555-0188.",
        "TECHNIQUE: Axial images from the thoracic inlet to the adrenal glands, 1.25 mm slices, no contrast.",
        "FINDINGS: There is a 6 mm solid nodule in the right upper lobe.",
        "A 4 mm calcified granuloma is present in the left lower lobe.",
        "A 3 mm ground-glass nodule is seen in the right middle lobe.",
        "Mild centrilobular emphysema is present in both upper lobes.",
        "No pleural effusion.",
        "No pneumothorax.",
        "The heart size is normal.",
        "There is no pericardial effusion.",
        "Mediastinal lymph nodes are not enlarged; the largest right paratracheal node measures 8 mm in short axis.",
        "The thyroid gland is unremarkable.",
        "The visualized upper abdomen shows a 12 mm simple cyst in the left kidney.",
        "Degenerative changes of the thoracic spine.",
        "IMPRESSION: 6 mm right upper lobe nodule.",
        "4 mm calcified granuloma in the left lower lobe.",
        "Mild centrilobular emphysema.",
        "Follow-up CT in 6 months is recommended.",
        "Electronically signed by: Oskar Lindqvist on 09/10/2024.",
    ];

    private ChatDraftGenerator _generator = null!;
    private ReportingContext _context = null!;
    private string _answer = null!;
    private DraftRequest _request = null!;
    private ModelDraft _parsed = null!;

    /// <summary>Size of the prior report in bytes, for the record.</summary>
    public int PriorBytes { get; private set; }

    /// <summary>Size of the answer in bytes, for the record.</summary>
    public int AnswerBytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var prior = new StringBuilder();
        while (prior.Length < 2048)
        {
            prior.AppendJoin('\n', PriorSentences).Append('\n');
        }

        var priorText = prior.ToString(0, 2048);
        PriorBytes = Encoding.UTF8.GetByteCount(priorText);
        var studyEvent = new StudyEvent
        {
            EventId = "evt-bench",
            Source = "benchmark",
            StudyInstanceUid = "2.25.190134733095215460447227541298836012345",
            AccessionNumber = "ACC7654321",
            PatientId = "48213377",
            Modality = "CT",
            BodyPart = "CHEST",
            ProcedureDescription = "CT chest without contrast",
            ClinicalIndication = "Follow-up of right upper lobe nodule in a 92-year-old.",
            StudyDate = new DateOnly(2025, 3, 14),
            InlinePriorReports =
            [
                new PriorReport { ReportId = "prior-1", Text = priorText, ExamDescription = "CT chest", ExamDate = new DateOnly(2024, 9, 10) },
            ],
        };
        _context = new ReportingContext(studyEvent, "run-bench")
        {
            Patient = new PatientInfo { PatientId = "48213377", Name = "QUINTERO^MARISOL" },
        };

        string[] findings =
        [
            "The 6 mm solid nodule in the right upper lobe is unchanged.",
            "A 4 mm calcified granuloma is present in the left lower lobe.",
            "A 3 mm ground-glass nodule is seen in the right middle lobe.",
            "Mild centrilobular emphysema is present in both upper lobes.",
            "No pleural effusion.",
            "No pneumothorax.",
        ];
        _answer = JsonSerializer.Serialize(new
        {
            sections = new object[]
            {
                new { kind = "comparison", sentences = new[] { "CT chest of 2024-08-11." } },
                new { kind = "findings", sentences = findings },
                new { kind = "impression", sentences = new[] { "6 mm right upper lobe nodule.", "Mild centrilobular emphysema." } },
            },
            findings = new object[]
            {
                new { type = "nodule", site = "right upper lobe", laterality = "right", negated = false, uncertain = false, temporal = "unchanged", measurements_mm = new[] { 6 }, sentence = findings[0] },
                new { type = "granuloma", site = "left lower lobe", laterality = "left", negated = false, uncertain = false, temporal = "none", measurements_mm = new[] { 4 }, sentence = findings[1] },
            },
        });
        AnswerBytes = Encoding.UTF8.GetByteCount(_answer);

        _generator = new ChatDraftGenerator(
            new UnusedChatClient(),
            new ChatDraftGeneratorOptions { ModelId = "benchmark-model" },
            new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = 30 }));

        _request = _generator.PrepareAsync(_context, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        _parsed = ModelDraftParser.Parse(_answer).Draft!;
        var check = AroundModelCall().AsTask().GetAwaiter().GetResult();
        if (check.Sections.Sum(s => s.Sentences.Count) < 9 || check.Warnings.Count > 0)
        {
            throw new InvalidOperationException("The benchmark answer must pass the grounding check unchanged.");
        }
    }

    [Benchmark(Description = "prepare + parse + ground + re-identify")]
    public async ValueTask<DraftReport> AroundModelCall()
    {
        var request = await _generator.PrepareAsync(_context, CancellationToken.None);
        var parsed = ModelDraftParser.Parse(_answer);
        return _generator.Assemble(request, parsed.Draft!).Draft;
    }

    [Benchmark(Description = "prepare: de-identify, sources, prompt, hash")]
    public ValueTask<object> Prepare() => PrepareBoxed();

    [Benchmark(Description = "parse answer")]
    public bool Parse() => ModelDraftParser.Parse(_answer).IsValid;

    [Benchmark(Description = "ground + re-identify")]
    public DraftReport GroundAndReidentify() => _generator.Assemble(_request, _parsed).Draft;

    private async ValueTask<object> PrepareBoxed() => await _generator.PrepareAsync(_context, CancellationToken.None);

    /// <summary>A chat client the benchmark never calls; the model call is outside what is measured.</summary>
    private sealed class UnusedChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The benchmark does not call the model.");

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The benchmark does not call the model.");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
