namespace RadAssist.Core.Tests.Language;

/// <summary>
/// Report-text failures known from other clinical NLP engines: pseudo-negation, negation scope in lists and clauses,
/// ranges, coordinated values and prior versus current sizes. The sources are listed in tests/data/gold/SOURCES.md.
/// </summary>
public sealed class ReportTextCaseTests
{
    private static readonly ReportAnalyzer Analyzer = new();

    // Expected finding: sentence, type, negated, laterality, temporal change, site (null = not checked), values in mm.
    private static readonly object?[][] FindingCases =
    [
        ["No change in 5 mm right upper lobe nodule. No pneumothorax.", "nodule", false, Laterality.Right, TemporalChange.Unchanged, "right upper lobe", new[] { 5m }],
        ["No change in 5 mm right upper lobe nodule. No pneumothorax.", "pneumothorax", true, Laterality.None, TemporalChange.None, null, null],
        ["No significant change in the size of the 8 mm left lower lobe nodule, no new nodules.", "nodule", false, Laterality.Left, TemporalChange.Unchanged, "left lower lobe", new[] { 8m }],
        ["No interval change in the small left pleural effusion.", "pleural effusion", false, Laterality.Left, TemporalChange.Unchanged, null, null],
        ["No pneumothorax, pleural effusion, or focal consolidation.", "pneumothorax", true, Laterality.None, TemporalChange.None, null, null],
        ["No pneumothorax, pleural effusion, or focal consolidation.", "pleural effusion", true, Laterality.None, TemporalChange.None, null, null],
        ["No pneumothorax, pleural effusion, or focal consolidation.", "consolidation", true, Laterality.None, TemporalChange.None, null, null],
        ["Lungs: no consolidation, 4 mm calcified granuloma in the right middle lobe, no effusion.", "consolidation", true, Laterality.None, TemporalChange.None, null, null],
        ["Lungs: no consolidation, 4 mm calcified granuloma in the right middle lobe, no effusion.", "granuloma", false, Laterality.Right, TemporalChange.None, "right middle lobe", new[] { 4m }],
        ["Lungs: no consolidation, 4 mm calcified granuloma in the right middle lobe, no effusion.", "effusion", true, Laterality.None, TemporalChange.None, null, null],
        ["No pneumothorax but a small left pleural effusion.", "pneumothorax", true, Laterality.None, TemporalChange.None, null, null],
        ["No pneumothorax but a small left pleural effusion.", "pleural effusion", false, Laterality.Left, TemporalChange.None, null, null],
        ["1.No pneumothorax.", "pneumothorax", true, Laterality.None, TemporalChange.None, null, null],
        ["IMPRESSION:No acute pulmonary embolism.", "pulmonary embolism", true, Laterality.None, TemporalChange.None, null, null],
    ];

    // Expected measurements: sentence, then per measurement the values in mm, whether it is a range and whether it is prior.
    private static readonly object[][] MeasurementCases =
    [
        ["Right hilar lymph node measuring 8 to 10 mm.", new[] { new[] { 8m, 10m } }, new[] { true }, new[] { false }],
        ["Left thyroid nodule 0.8-1.0 cm.", new[] { new[] { 8m, 10m } }, new[] { true }, new[] { false }],
        ["Two subcentimeter nodules measuring 3 and 4 mm.", new[] { new[] { 3m }, new[] { 4m } }, new[] { false, false }, new[] { false, false }],
        ["Right lower lobe nodule now measures 12 mm, previously 8 mm.", new[] { new[] { 12m }, new[] { 8m } }, new[] { false, false }, new[] { false, true }],
        ["Left upper lobe mass now 9 mm (previously 1.1 cm).", new[] { new[] { 9m }, new[] { 11m } }, new[] { false, false }, new[] { false, true }],
    ];

    public static IEnumerable<TestCaseData> Findings() =>
        FindingCases.Select(row => new TestCaseData(row).SetArgDisplayNames($"{row[1]} in \"{row[0]}\""));

    public static IEnumerable<TestCaseData> Measurements() =>
        MeasurementCases.Select(row => new TestCaseData(row).SetArgDisplayNames((string)row[0]));

    [TestCaseSource(nameof(Findings))]
    public void Finding_polarity_site_and_size(
        string text,
        string type,
        bool negated,
        Laterality laterality,
        TemporalChange temporal,
        string? site,
        decimal[]? valuesMm)
    {
        var analysis = Analyzer.Analyze(text);
        var finding = analysis.Findings.FirstOrDefault(f => f.Type == type);

        Assert.That(finding, Is.Not.Null, $"no {type} finding; found {string.Join(", ", analysis.Findings.Select(f => f.Type))}");
        Assert.That(finding!.Negated, Is.EqualTo(negated), "negated");
        Assert.That(finding.Laterality, Is.EqualTo(laterality), "laterality");
        Assert.That(finding.Temporal, Is.EqualTo(temporal), "temporal");
        if (site is not null)
        {
            Assert.That(finding.Site, Is.EqualTo(site), "site");
        }

        if (valuesMm is not null)
        {
            Assert.That(finding.Measurements.Select(m => m.ValuesMm.ToArray()), Is.EqualTo(new[] { valuesMm }), "values_mm");
        }
    }

    [TestCase("No change in 5 mm right upper lobe nodule. No pneumothorax.")]
    [TestCase("No pneumothorax, pleural effusion, or focal consolidation.")]
    [TestCase("1.No pneumothorax.")]
    [TestCase("IMPRESSION:No acute pulmonary embolism.")]
    public void Negated_critical_terms_raise_nothing(string text)
    {
        Assert.That(Analyzer.Analyze(text).CriticalResults, Is.Empty);
    }

    [Test]
    public void Glued_list_number_and_heading_split()
    {
        var listed = Analyzer.Analyze("1.No pneumothorax. 2.Small left pleural effusion.");
        var headed = Analyzer.Analyze("IMPRESSION:No acute pulmonary embolism.");

        Assert.That(listed.Sentences.Select(s => s.Text), Is.EqualTo(new[] { "1.No pneumothorax.", "2.Small left pleural effusion." }));
        Assert.That(headed.Sections, Has.Count.EqualTo(1));
        Assert.That(headed.Sections[0].Kind, Is.EqualTo(ReportSectionKind.Impression));
        Assert.That(headed.Sentences.Select(s => s.Text), Is.EqualTo(new[] { "No acute pulmonary embolism." }));
    }

    [TestCaseSource(nameof(Measurements))]
    public void Measurement_values_ranges_and_priors(string text, decimal[][] values, bool[] ranges, bool[] priors)
    {
        var measurements = Analyzer.Analyze(text).Measurements.Select(m => m.Measurement).ToList();

        Assert.That(measurements.Select(m => m.ValuesMm.ToArray()), Is.EqualTo(values), "values_mm");
        Assert.That(measurements.Select(m => m.IsRange), Is.EqualTo(ranges), "ranges");
        Assert.That(measurements.Select(m => m.IsPrior), Is.EqualTo(priors), "priors");
    }

    [TestCase("Right lower lobe nodule now measures 12 mm, previously 8 mm.", 12, 8, 4, 50.0, TemporalChange.Increased)]
    [TestCase("Left upper lobe mass now 9 mm (previously 1.1 cm).", 9, 11, -2, -18.2, TemporalChange.Decreased)]
    [TestCase("Right lower lobe nodule measuring 6 mm (previously 6 mm).", 6, 6, 0, 0.0, TemporalChange.Unchanged)]
    public void Stated_prior_size_gives_change(
        string text,
        decimal current,
        decimal prior,
        decimal changeMm,
        decimal changePercent,
        TemporalChange direction)
    {
        var comparisons = Analyzer.Analyze(text).Comparisons;

        Assert.That(comparisons, Has.Count.EqualTo(1));
        Assert.That(comparisons[0].CurrentMm, Is.EqualTo(current));
        Assert.That(comparisons[0].PriorMm, Is.EqualTo(prior));
        Assert.That(comparisons[0].ChangeMm, Is.EqualTo(changeMm));
        Assert.That(comparisons[0].ChangePercent, Is.EqualTo(changePercent));
        Assert.That(comparisons[0].Change, Is.EqualTo(direction));
    }
}
