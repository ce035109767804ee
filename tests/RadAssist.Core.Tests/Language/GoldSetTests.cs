using System.Globalization;
using System.Text.Json;
using RadAssist.Testing;

namespace RadAssist.Core.Tests.Language;

/// <summary>
/// Measures the analyzer against the hand-annotated gold set in tests/data/gold/report-sentences.json and keeps the
/// floors: measurement F1 at least 0.97, negation accuracy at least 0.95, critical-result recall 1.0. The held-out set
/// (report-sentences-heldout.json, never used to change the engine) has lower floors, except critical-result recall.
/// </summary>
/// <remarks>
/// Each gold sentence is analyzed on its own. A measurement matches when its values in millimetres are equal. A gold
/// finding matches the first unused analyzer finding of the same type; negation, uncertainty and laterality are
/// scored over gold findings, and a finding the analyzer missed counts as wrong. A critical result matches when the
/// analyzer reports the same term at urgent or emergent level for the sentence.
/// </remarks>
public sealed class GoldSetTests
{
    private const string GoldFile = "gold/report-sentences.json";
    private const string HeldOutFile = "gold/report-sentences-heldout.json";

    private static readonly Lazy<GoldScores> Scores = new(() => Score(LoadGold(GoldFile)));
    private static readonly Lazy<GoldScores> HeldOutScores = new(() => Score(LoadGold(HeldOutFile)));

    [Test]
    public void Gold_set_is_large_and_covers_areas()
    {
        var gold = LoadGold(GoldFile);

        Assert.That(gold, Has.Count.GreaterThanOrEqualTo(200));
        Assert.That(gold.Sum(s => s.Measurements.Count), Is.GreaterThanOrEqualTo(50), "measurements");
        Assert.That(gold.Sum(s => s.Findings.Count(f => f.Negated)), Is.GreaterThanOrEqualTo(50), "negated findings");
        Assert.That(gold.Sum(s => s.Findings.Count(f => f.Laterality != Laterality.None)), Is.GreaterThanOrEqualTo(50), "lateralized findings");
        Assert.That(gold.Sum(s => s.Critical.Count), Is.GreaterThanOrEqualTo(10), "critical results");
    }

    [TestCase(GoldFile)]
    [TestCase(HeldOutFile)]
    public void Gold_sentences_are_verbatim_in_their_reports(string file)
    {
        var sources = new Dictionary<string, string>();
        foreach (var sentence in LoadGold(file))
        {
            if (!sources.TryGetValue(sentence.SourceFile, out var text))
            {
                text = Collapse(TestData.Text(sentence.SourceFile));
                sources[sentence.SourceFile] = text;
            }

            Assert.That(text, Does.Contain(Collapse(sentence.Text)), $"{sentence.Id} not found in {sentence.SourceFile}");
        }
    }

    [Test]
    public void Measurement_extraction_f1_at_least_0_97()
    {
        var scores = Scores.Value;
        TestContext.Out.WriteLine(scores.Describe());

        Assert.That(scores.MeasurementF1, Is.GreaterThanOrEqualTo(0.97), scores.MeasurementErrors());
    }

    [Test]
    public void Negation_accuracy_at_least_0_95()
    {
        var scores = Scores.Value;
        TestContext.Out.WriteLine(scores.Describe());

        Assert.That(scores.NegationAccuracy, Is.GreaterThanOrEqualTo(0.95), scores.FindingErrors());
    }

    [Test]
    public void Critical_result_recall_is_1()
    {
        var scores = Scores.Value;

        Assert.That(scores.CriticalRecall, Is.EqualTo(1.0), string.Join("\n", scores.CriticalMisses));
    }

    [Test]
    public void Laterality_accuracy_at_least_0_90()
    {
        var scores = Scores.Value;

        Assert.That(scores.LateralityAccuracy, Is.GreaterThanOrEqualTo(0.90), scores.FindingErrors());
    }

    [Test]
    public void Held_out_measurement_f1_at_least_0_90()
    {
        var scores = HeldOutScores.Value;
        TestContext.Out.WriteLine(scores.Describe());

        Assert.That(scores.MeasurementF1, Is.GreaterThanOrEqualTo(0.90), scores.MeasurementErrors());
    }

    [Test]
    public void Held_out_negation_accuracy_at_least_0_90()
    {
        var scores = HeldOutScores.Value;
        TestContext.Out.WriteLine(scores.Describe());

        Assert.That(scores.NegationAccuracy, Is.GreaterThanOrEqualTo(0.90), scores.FindingErrors());
    }

    [Test]
    public void Held_out_critical_recall_is_1()
    {
        var scores = HeldOutScores.Value;

        Assert.That(scores.CriticalRecall, Is.EqualTo(1.0), string.Join("\n", scores.CriticalMisses));
    }

    private static GoldScores Score(List<GoldSentence> gold)
    {
        var analyzer = new ReportAnalyzer();
        var scores = new GoldScores();

        foreach (var sentence in gold)
        {
            var analysis = analyzer.Analyze(sentence.Text);
            ScoreMeasurements(sentence, analysis, scores);
            ScoreFindings(sentence, analysis, scores);
            ScoreCritical(sentence, analysis, scores);
        }

        return scores;
    }

    private static void ScoreMeasurements(GoldSentence sentence, ReportAnalysis analysis, GoldScores scores)
    {
        var found = analysis.Measurements.Select(m => m.Measurement.ValuesMm.ToArray()).ToList();
        foreach (var expected in sentence.Measurements)
        {
            var index = found.FindIndex(values => values.SequenceEqual(expected));
            if (index >= 0)
            {
                scores.MeasurementTruePositives++;
                found.RemoveAt(index);
            }
            else
            {
                scores.MeasurementFalseNegatives++;
                scores.MeasurementMisses.Add($"missed [{Join(expected)}] in {sentence.Id}: {sentence.Text}");
            }
        }

        scores.MeasurementFalsePositives += found.Count;
        foreach (var extra in found)
        {
            scores.MeasurementMisses.Add($"extra [{Join(extra)}] in {sentence.Id}: {sentence.Text}");
        }
    }

    private static void ScoreFindings(GoldSentence sentence, ReportAnalysis analysis, GoldScores scores)
    {
        var unused = analysis.Findings.ToList();
        foreach (var expected in sentence.Findings)
        {
            scores.FindingCount++;
            var index = unused.FindIndex(f => f.Type == expected.Type);
            if (index < 0)
            {
                scores.FindingErrorList.Add($"missed {expected.Type} in {sentence.Id}: {sentence.Text}");
                continue;
            }

            var actual = unused[index];
            unused.RemoveAt(index);
            scores.FindingsFound++;

            Count(actual.Negated == expected.Negated, () => scores.NegationCorrect++, scores, $"negated={actual.Negated}", expected, sentence);
            Count(actual.Uncertain == expected.Uncertain, () => scores.UncertaintyCorrect++, scores, $"uncertain={actual.Uncertain}", expected, sentence);
            Count(actual.Laterality == expected.Laterality, () => scores.LateralityCorrect++, scores, $"laterality={actual.Laterality}", expected, sentence);
        }
    }

    private static void Count(bool correct, Action increment, GoldScores scores, string actual, GoldFinding expected, GoldSentence sentence)
    {
        if (correct)
        {
            increment();
        }
        else
        {
            scores.FindingErrorList.Add($"{expected.Type}: {actual} in {sentence.Id}: {sentence.Text}");
        }
    }

    private static void ScoreCritical(GoldSentence sentence, ReportAnalysis analysis, GoldScores scores)
    {
        var reported = analysis.CriticalResults
            .Where(c => c.Urgency >= CriticalUrgency.Urgent)
            .Select(c => c.Term)
            .ToList();
        foreach (var term in sentence.Critical)
        {
            scores.CriticalExpected++;
            if (reported.Remove(term))
            {
                scores.CriticalFound++;
            }
            else
            {
                scores.CriticalMisses.Add($"missed critical {term} in {sentence.Id}: {sentence.Text}");
            }
        }

        scores.CriticalFalsePositives += reported.Count;
    }

    private static List<GoldSentence> LoadGold(string file)
    {
        using var document = JsonDocument.Parse(TestData.Text(file));
        var sentences = new List<GoldSentence>();
        foreach (var item in document.RootElement.GetProperty("sentences").EnumerateArray())
        {
            sentences.Add(new GoldSentence(
                item.GetProperty("id").GetString()!,
                item.GetProperty("source_file").GetString()!,
                item.GetProperty("sentence").GetString()!,
                item.GetProperty("measurements").EnumerateArray()
                    .Select(m => m.GetProperty("values_mm").EnumerateArray().Select(v => v.GetDecimal()).ToArray())
                    .ToList(),
                item.GetProperty("findings").EnumerateArray()
                    .Select(f => new GoldFinding(
                        f.GetProperty("type").GetString()!,
                        f.GetProperty("negated").GetBoolean(),
                        f.GetProperty("uncertain").GetBoolean(),
                        ParseLaterality(f.GetProperty("laterality").GetString()!)))
                    .ToList(),
                item.GetProperty("critical").EnumerateArray().Select(c => c.GetString()!).ToList()));
        }

        return sentences;
    }

    private static Laterality ParseLaterality(string value) => value switch
    {
        "right" => Laterality.Right,
        "left" => Laterality.Left,
        "bilateral" => Laterality.Bilateral,
        _ => Laterality.None,
    };

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Join(decimal[] values) => string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private sealed record GoldSentence(
        string Id,
        string SourceFile,
        string Text,
        List<decimal[]> Measurements,
        List<GoldFinding> Findings,
        List<string> Critical);

    private sealed record GoldFinding(string Type, bool Negated, bool Uncertain, Laterality Laterality);

    private sealed class GoldScores
    {
        public int MeasurementTruePositives { get; set; }

        public int MeasurementFalsePositives { get; set; }

        public int MeasurementFalseNegatives { get; set; }

        public List<string> MeasurementMisses { get; } = [];

        public int FindingCount { get; set; }

        public int FindingsFound { get; set; }

        public int NegationCorrect { get; set; }

        public int UncertaintyCorrect { get; set; }

        public int LateralityCorrect { get; set; }

        public List<string> FindingErrorList { get; } = [];

        public int CriticalExpected { get; set; }

        public int CriticalFound { get; set; }

        public int CriticalFalsePositives { get; set; }

        public List<string> CriticalMisses { get; } = [];

        public double MeasurementPrecision => Ratio(MeasurementTruePositives, MeasurementTruePositives + MeasurementFalsePositives);

        public double MeasurementRecall => Ratio(MeasurementTruePositives, MeasurementTruePositives + MeasurementFalseNegatives);

        public double MeasurementF1 => MeasurementPrecision + MeasurementRecall == 0
            ? 0
            : 2 * MeasurementPrecision * MeasurementRecall / (MeasurementPrecision + MeasurementRecall);

        public double NegationAccuracy => Ratio(NegationCorrect, FindingCount);

        public double UncertaintyAccuracy => Ratio(UncertaintyCorrect, FindingCount);

        public double LateralityAccuracy => Ratio(LateralityCorrect, FindingCount);

        public double FindingRecall => Ratio(FindingsFound, FindingCount);

        public double CriticalRecall => Ratio(CriticalFound, CriticalExpected);

        public double CriticalPrecision => Ratio(CriticalFound, CriticalFound + CriticalFalsePositives);

        public string Describe() => string.Create(
            CultureInfo.InvariantCulture,
            $"measurements: precision {MeasurementPrecision:F3}, recall {MeasurementRecall:F3}, F1 {MeasurementF1:F3} "
            + $"(TP {MeasurementTruePositives}, FP {MeasurementFalsePositives}, FN {MeasurementFalseNegatives}); "
            + $"findings: {FindingsFound}/{FindingCount} found ({FindingRecall:F3}), negation accuracy {NegationAccuracy:F3}, "
            + $"uncertainty accuracy {UncertaintyAccuracy:F3}, laterality accuracy {LateralityAccuracy:F3}; "
            + $"critical: recall {CriticalRecall:F3} ({CriticalFound}/{CriticalExpected}), precision {CriticalPrecision:F3}");

        public string MeasurementErrors() => Describe() + "\n" + string.Join("\n", MeasurementMisses);

        public string FindingErrors() => Describe() + "\n" + string.Join("\n", FindingErrorList);

        private static double Ratio(int numerator, int denominator) =>
            denominator == 0 ? 1.0 : (double)numerator / denominator;
    }
}
