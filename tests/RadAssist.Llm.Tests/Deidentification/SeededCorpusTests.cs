using System.Text.Json;
using RadAssist.Llm.Deidentification;
using RadAssist.Testing;

namespace RadAssist.Llm.Tests.Deidentification;

/// <summary>
/// De-identification of real report texts (Open-i and MTSamples) with synthetic identifiers seeded into them,
/// from tests/data/deid/seeded_reports.jsonl.
/// </summary>
public sealed class SeededCorpusTests
{
    private static readonly Lazy<IReadOnlyList<CorpusRecord>> Corpus = new(Load);

    [Test]
    public void Corpus_IsLoaded()
    {
        Assert.That(Corpus.Value, Has.Count.EqualTo(80));
        Assert.That(Corpus.Value.Sum(r => r.Seeded.Count), Is.GreaterThan(700));
    }

    [Test]
    public async Task EverySeededIdentifier_IsRemovedWithContext()
    {
        var deidentifier = new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = 45 });
        var missed = new List<string>();
        foreach (var record in Corpus.Value)
        {
            var result = await deidentifier.DeidentifyAsync(record.ToContext());
            var text = result.Context.PriorReports.Single().Text;
            missed.AddRange(record.Seeded.Where(s => Contains(text, s.Phrase)).Select(s => $"{record.ReportId} {s.Kind} '{s.Value}'"));
        }

        Assert.That(missed, Is.Empty, "recall must be 1.0");
    }

    [Test]
    public void EverySeededIdentifier_IsRemovedByPatternsAlone_ExceptContextNames()
    {
        // Without a context only labelled or titled names are recognized; the other identifier kinds need no context.
        var deidentifier = new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = 45 });
        var missed = new List<string>();
        foreach (var record in Corpus.Value)
        {
            var (text, _) = deidentifier.DeidentifyText(record.Text);
            missed.AddRange(record.Seeded
                .Where(s => s.Kind != "name" && Contains(text, s.Phrase))
                .Select(s => $"{record.ReportId} {s.Kind} '{s.Value}'"));
        }

        Assert.That(missed, Is.Empty);
    }

    [Test]
    public async Task EveryReport_IsRestoredExactly()
    {
        var deidentifier = new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = 45 });
        var changed = new List<string>();
        foreach (var record in Corpus.Value)
        {
            var result = await deidentifier.DeidentifyAsync(record.ToContext());
            var restored = result.Reidentify(result.Context.PriorReports.Single().Text);
            if (!string.Equals(restored, record.Text, StringComparison.Ordinal))
            {
                changed.Add(record.ReportId);
            }
        }

        Assert.That(changed, Is.Empty, "re-identification must restore every report exactly");
    }

    [Test]
    public void Precision_IsReported()
    {
        var deidentifier = new PatternDeidentifier(new PatternDeidentifierOptions { FixedDateShiftDays = 45 });
        var truePositives = 0;
        var falsePositives = new List<string>();
        foreach (var record in Corpus.Value)
        {
            var map = deidentifier.CreateMap(record.ToContext());
            map.Scrub(record.Text);
            foreach (var (kind, original) in map.Replacements)
            {
                if (record.Seeded.Any(s => Overlaps(s.Value, original)))
                {
                    truePositives++;
                }
                else
                {
                    falsePositives.Add($"{kind} '{original}'");
                }
            }
        }

        var precision = (double)truePositives / (truePositives + falsePositives.Count);
        TestContext.Out.WriteLine($"replacements: {truePositives + falsePositives.Count}, of seeded identifiers: {truePositives}, precision: {precision:F3}");
        foreach (var group in falsePositives.GroupBy(f => f).OrderByDescending(g => g.Count()))
        {
            TestContext.Out.WriteLine($"  not seeded: {group.Key} x{group.Count()}");
        }

        Assert.That(precision, Is.GreaterThanOrEqualTo(0.9));
    }

    /// <summary>Whether the value occurs as a whole word, so an age of 93 is not found inside a date such as 1993.</summary>
    private static bool Contains(string text, string value) =>
        System.Text.RegularExpressions.Regex.IsMatch(
            text,
            $@"(?<![\p{{L}}\p{{N}}]){System.Text.RegularExpressions.Regex.Escape(value)}(?![\p{{L}}\p{{N}}])",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);

    private static bool Overlaps(string seeded, string replaced) =>
        seeded.Contains(replaced, StringComparison.OrdinalIgnoreCase) || replaced.Contains(seeded, StringComparison.OrdinalIgnoreCase);

    private static List<CorpusRecord> Load()
    {
        var path = TestData.PathOf("deid/seeded_reports.jsonl");
        return [.. File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonSerializer.Deserialize<CorpusRecord>(l, JsonOptions)!)];
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private sealed record SeededValue(string Kind, string Value)
    {
        /// <summary>
        /// The text to look for: an age in digits is seeded as "93-year-old", and a bare 93 elsewhere is report content.
        /// An age in words ("ninety-three") is looked for as written.
        /// </summary>
        public string Phrase => Kind == "age" && Value.All(char.IsAsciiDigit) ? Value + "-year-old" : Value;
    }

    private sealed record CorpusRecord(
        string Source,
        string ReportId,
        string PatientName,
        string PatientId,
        string AccessionNumber,
        string StudyInstanceUid,
        string Text,
        IReadOnlyList<SeededValue> Seeded)
    {
        public ReportingContext ToContext()
        {
            var studyEvent = new StudyEvent
            {
                EventId = "corpus-" + ReportId,
                Source = "corpus",
                PatientId = PatientId,
                AccessionNumber = AccessionNumber,
                StudyInstanceUid = StudyInstanceUid,
                InlinePriorReports = [new PriorReport { ReportId = ReportId, Text = Text }],
            };
            return new ReportingContext(studyEvent, "corpus-" + ReportId)
            {
                Patient = new PatientInfo { PatientId = PatientId, Name = PatientName },
            };
        }
    }
}
