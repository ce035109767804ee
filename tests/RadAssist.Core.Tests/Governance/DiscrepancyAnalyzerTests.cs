using System.Text.Json;
using RadAssist.Governance;
using RadAssist.Testing;

namespace RadAssist.Core.Tests.Governance;

public sealed class DiscrepancyAnalyzerTests
{
    private static readonly DiscrepancyAnalyzer Analyzer = new();

    public static IEnumerable<TestCaseData> Pairs()
    {
        using var document = JsonDocument.Parse(TestData.Text("governance/discrepancy-pairs.json"));
        foreach (var pair in document.RootElement.GetProperty("pairs").EnumerateArray())
        {
            var expected = pair.GetProperty("expected").EnumerateArray()
                .Select(e => $"{e.GetProperty("kind").GetString()}:{e.GetProperty("severity").GetString()}")
                .Order(StringComparer.Ordinal)
                .ToArray();
            var edits = pair.GetProperty("edits").EnumerateArray()
                .Select(e => (e.GetProperty("find").GetString()!, e.GetProperty("replace").GetString()!))
                .ToArray();
            yield return new TestCaseData(
                    pair.GetProperty("file").GetString(),
                    pair.GetProperty("id").GetString(),
                    edits,
                    expected,
                    pair.GetProperty("severity").GetString())
                .SetName("Pair: " + pair.GetProperty("name").GetString());
        }
    }

    [TestCaseSource(nameof(Pairs))]
    public void Real_report_pair_gets_expected_classes(
        string file,
        string id,
        (string Find, string Replace)[] edits,
        string[] expected,
        string severity)
    {
        var signed = RealReports.Text(file, id);
        var draft = signed;
        foreach (var (find, replace) in edits)
        {
            Assert.That(CountOccurrences(signed, find), Is.EqualTo(1), $"edit text must occur once in report {id}: {find}");
            draft = draft.Replace(find, replace, StringComparison.Ordinal);
        }

        var report = Analyzer.Analyze(draft, signed);
        var actual = report.Discrepancies.Select(d => $"{d.Kind}:{d.Severity}").Order(StringComparer.Ordinal).ToArray();

        Assert.That(actual, Is.EqualTo(expected), string.Join("\n", report.Discrepancies.Select(d => $"{d.Kind} {d.Severity}: {d.Description} [{d.DraftSentence}] -> [{d.SignedSentence}]")));
        Assert.That(report.Severity.ToString(), Is.EqualTo(severity));
        Assert.That(report.SignedUnchanged, Is.EqualTo(edits.Length == 0));
        Assert.That(report.WordEditDistance == 0, Is.EqualTo(edits.Length == 0));
    }

    [Test]
    public void Alignment_pairs_edited_and_marks_added()
    {
        var report = Analyzer.Analyze(
            "FINDINGS: Heart size is normal. A 6 mm nodule in the right upper lobe.",
            "FINDINGS: Heart size is normal. A 7 mm nodule in the right upper lobe. No pneumothorax.");

        Assert.That(report.Alignments.Select(a => a.Change), Is.EqualTo(new[] { SentenceChange.Unchanged, SentenceChange.Edited, SentenceChange.Added }));
        Assert.That(report.Alignments[1].DraftSentence, Is.EqualTo("A 6 mm nodule in the right upper lobe."));
        Assert.That(report.Alignments[1].SignedSentence, Is.EqualTo("A 7 mm nodule in the right upper lobe."));
        Assert.That(report.Alignments[2].DraftSentence, Is.Null);
    }

    [Test]
    public void Measurement_in_centimetres_compares_in_millimetres()
    {
        var report = Analyzer.Analyze("A 1.2 cm nodule in the left lower lobe.", "A 12 mm nodule in the left lower lobe.");

        Assert.That(report.Discrepancies.Where(d => d.Kind == DiscrepancyKind.MeasurementChanged), Is.Empty);
        Assert.That(report.Severity, Is.EqualTo(DiscrepancySeverity.Minor), "the unit change is wording only");
    }

    [Test]
    public void Negated_list_item_with_size_is_a_finding()
    {
        var report = Analyzer.Analyze(
            "Lungs: no consolidation, no effusion.",
            "Lungs: no consolidation, 4 mm calcified granuloma in the right middle lobe, no effusion.");

        Assert.That(report.Discrepancies.Select(d => d.Kind), Does.Contain(DiscrepancyKind.FindingAdded));
        Assert.That(report.Discrepancies.Single(d => d.Kind == DiscrepancyKind.FindingAdded).Description, Does.Contain("granuloma"));
    }

    [Test]
    public void No_change_in_does_not_negate()
    {
        var report = Analyzer.Analyze("No pneumothorax.", "No change in 5 mm right upper lobe nodule. No pneumothorax.");

        Assert.That(report.Discrepancies.Select(d => d.Kind), Does.Contain(DiscrepancyKind.FindingAdded));
    }

    [Test]
    public void Negated_critical_finding_is_not_missed()
    {
        var report = Analyzer.Analyze("Lungs are clear.", "Lungs are clear. No pneumothorax or pleural effusion.");

        Assert.That(report.Discrepancies.Select(d => d.Kind), Is.EqualTo(new[] { DiscrepancyKind.SentenceAdded }));
    }

    [Test]
    public void Draft_report_sections_are_read_in_order()
    {
        var draft = new DraftReport
        {
            CorrelationId = "run-1",
            DraftId = "draft-1",
            Generator = new GeneratorInfo("radassist-deterministic", "1.0"),
            Sections =
            [
                new DraftSection(DraftSectionKind.Findings, "Findings", [new DraftSentence("Heart size is normal", [])]),
                new DraftSection(DraftSectionKind.Impression, "Impression", [new DraftSentence("No acute disease.", [])]),
            ],
        };

        var report = Analyzer.Analyze(draft, "FINDINGS: Heart size is normal.\nIMPRESSION: No acute disease.");

        Assert.That(report.Discrepancies, Is.Empty);
        Assert.That(report.WordEditDistance, Is.Zero);
        Assert.That(report.SignedUnchanged, Is.True, "the texts differ only in white space");
    }

    [Test]
    public void Empty_texts_have_no_discrepancy()
    {
        var report = Analyzer.Analyze(string.Empty, "  ");

        Assert.That(report.Discrepancies, Is.Empty);
        Assert.That(report.NormalizedEditDistance, Is.Zero);
    }

    [Test]
    public void Options_out_of_range_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiscrepancyAnalyzer(new DiscrepancyOptions { MinSentenceSimilarity = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiscrepancyAnalyzer(new DiscrepancyOptions { MinorMeasurementToleranceMm = -1 }));
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
