namespace RadAssist.Core.Tests.Critical;

public sealed class CriticalResultDetectorTests
{
    private static readonly ReportAnalyzer Analyzer = new();

    [TestCase("Large right tension pneumothorax with mediastinal shift.", "tension pneumothorax", CriticalUrgency.Emergent)]
    [TestCase("Small left apical pneumothorax.", "pneumothorax", CriticalUrgency.Urgent)]
    [TestCase("Filling defects in the right lower lobe pulmonary arteries consistent with acute pulmonary embolism.", "pulmonary embolism", CriticalUrgency.Emergent)]
    [TestCase("Type A aortic dissection involving the ascending aorta.", "aortic dissection", CriticalUrgency.Emergent)]
    [TestCase("Acute subdural hematoma along the left convexity.", "subdural hematoma", CriticalUrgency.Emergent)]
    [TestCase("Free intraperitoneal air under the diaphragm.", "pneumoperitoneum", CriticalUrgency.Emergent)]
    [TestCase("Dilated loops consistent with small bowel obstruction.", "bowel obstruction", CriticalUrgency.Urgent)]
    [TestCase("Possible small right pneumothorax.", "pneumothorax", CriticalUrgency.Urgent)]
    [TestCase("Acute PE in the right lower lobe.", "pulmonary embolism", CriticalUrgency.Emergent)]
    public void Affirmed_finding_is_critical(string text, string term, CriticalUrgency urgency)
    {
        var results = Analyzer.Analyze(text).CriticalResults;

        Assert.That(results.Select(r => r.Term), Does.Contain(term));
        Assert.That(results.First(r => r.Term == term).Urgency, Is.EqualTo(urgency));
        Assert.That(results.First(r => r.Term == term).Sentence, Is.EqualTo(text));
    }

    [TestCase("History of COPD. New left pneumothorax.", "New left pneumothorax.")]
    [TestCase("INDICATION: Trauma.\nIMPRESSION: Rule out fracture. Small right pneumothorax.", "Small right pneumothorax.")]
    public void Current_finding_beside_history_or_question_is_critical(string text, string sentence)
    {
        var result = Analyzer.Analyze(text).CriticalResults.Single();

        Assert.That(result.Term, Is.EqualTo("pneumothorax"));
        Assert.That(result.Sentence, Is.EqualTo(sentence));
    }

    [TestCase("No pneumothorax.")]
    [TestCase("No evidence of pulmonary embolism.")]
    [TestCase("Pneumothorax is not seen.")]
    [TestCase("The previously seen pneumothorax has resolved.")]
    [TestCase("Interval resolution of the right pneumothorax.")]
    [TestCase("No intracranial hemorrhage, mass effect or midline shift.")]
    [TestCase("Negative for pneumoperitoneum.")]
    [TestCase("History of PE, resolved.")]
    [TestCase("History of pulmonary embolism.")]
    [TestCase("Status post repair of aortic dissection.")]
    [TestCase("Recommend PE protocol CT if symptoms persist.")]
    [TestCase("Rule out pneumothorax.")]
    [TestCase("Evaluate for small bowel obstruction.")]
    [TestCase("INDICATION: Chest pain, pulmonary embolism?\nFINDINGS: The lungs are clear.")]
    [TestCase("COMPARISON: CT for aortic dissection, 2024.\nFINDINGS: Normal aorta.")]
    public void Negated_or_resolved_finding_is_not_critical(string text)
    {
        Assert.That(Analyzer.Analyze(text).CriticalResults, Is.Empty);
    }

    [Test]
    public void Host_lexicon_replaces_default()
    {
        var detector = new CriticalResultDetector(new Dictionary<string, CriticalUrgency> { ["nodule"] = CriticalUrgency.NonUrgent });
        var analyzer = new ReportAnalyzer(detector);

        var results = analyzer.Analyze("Small right pneumothorax. New 9 mm nodule.").CriticalResults;

        Assert.That(results.Select(r => r.Term), Is.EqualTo(new[] { "nodule" }));
    }

    [Test]
    public void Prior_report_source_is_kept()
    {
        var analysis = Analyzer.Analyze(new PriorReport { ReportId = "oru-17", Text = "FINDINGS: Normal heart. Small left pneumothorax." });

        var result = analysis.CriticalResults.Single();
        Assert.That(result.Source?.Kind, Is.EqualTo(SourceKind.PriorReport));
        Assert.That(result.Source?.SourceId, Is.EqualTo("oru-17"));
        Assert.That(result.Source?.SentenceIndex, Is.EqualTo(1));
    }
}
