using System.Text;
using BenchmarkDotNet.Attributes;
using RadAssist;

namespace RadAssist.Benchmarks.Language;

/// <summary>
/// Analyzes a CT chest report of about 2 KB (sections, measurements, negations, a stated prior size, a critical
/// finding) and a single sentence, as the grounding check calls the analyzer.
/// </summary>
[MemoryDiagnoser]
public class ReportAnalyzerBenchmarks
{
    private const string Report = """
        EXAMINATION: CT chest without contrast.
        CLINICAL HISTORY: 64-year-old former smoker with cough. Follow-up of pulmonary nodules.
        TECHNIQUE: Axial images were obtained from the thoracic inlet to the upper abdomen with 1.25 mm slice thickness.
        COMPARISON: CT chest dated 2025-06-01.
        FINDINGS:
        Lungs: Right lower lobe solid nodule now measures 12 x 9 mm, previously 8 mm. A 4 mm calcified granuloma in
        the right middle lobe is unchanged. No new nodules. Left upper lobe ground-glass nodule measures 7 mm
        (previously 7 mm). Mild centrilobular emphysema. No consolidation, pleural effusion, or focal airspace disease.
        Small right apical pneumothorax measuring up to 5 mm, new since the prior exam.
        Mediastinum: No mediastinal or hilar lymphadenopathy. Right paratracheal lymph node measures 8 to 10 mm.
        Heart: Normal heart size. No pericardial effusion. Coronary artery calcifications. The thoracic aorta is
        normal in caliber, measuring 3.4 cm at the level of the pulmonary artery, without aortic dissection.
        Pleura: Trace left pleural thickening. No pleural effusion on either side.
        Airways: The central airways are patent. Mild bronchial wall thickening in both lower lobes, which may reflect
        bronchitis. No endobronchial lesion.
        Upper abdomen: A 1.2 x 0.8 x 0.5 cm hypodense lesion in the left hepatic lobe, too small to characterize.
        The adrenal glands are normal. No free air. Two simple renal cysts measuring 3 and 4 mm in the left kidney.
        Bones: Degenerative changes of the thoracic spine. No acute fracture.
        IMPRESSION:
        1. Growing right lower lobe solid nodule, now 12 mm, previously 8 mm.
        2. New small right apical pneumothorax. Findings were discussed with Dr. Smith at 10:30.
        3. Stable 7 mm left upper lobe ground-glass nodule.
        4. No pleural effusion or consolidation.
        RECOMMENDATIONS: Short-interval follow-up CT in 3 months or PET/CT as clinically appropriate.
        """;

    private const string Sentence = "Right lower lobe nodule now measures 12 mm, previously 8 mm.";

    private readonly ReportAnalyzer _analyzer = new();

    [GlobalSetup]
    public void CheckSize()
    {
        var bytes = Encoding.UTF8.GetByteCount(Report);
        if (bytes is < 1800 or > 2400)
        {
            throw new InvalidOperationException($"The benchmark report is {bytes} bytes; it should be about 2 KB.");
        }
    }

    [Benchmark(Description = "Analyze 2 KB report")]
    public ReportAnalysis AnalyzeReport() => _analyzer.Analyze(Report);

    [Benchmark(Description = "Analyze one sentence")]
    public ReportAnalysis AnalyzeSentence() => _analyzer.Analyze(Sentence);
}
