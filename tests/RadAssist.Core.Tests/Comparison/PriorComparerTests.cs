namespace RadAssist.Core.Tests.Comparison;

public sealed class PriorComparerTests
{
    private static readonly ReportAnalyzer Analyzer = new();

    [Test]
    public void Matches_lesions_by_site_and_type()
    {
        var prior = Analyzer.Analyze(new PriorReport
        {
            ReportId = "prior-1",
            Text = "FINDINGS: 8 mm right lower lobe nodule. 6 mm left upper lobe nodule. No pleural effusion.",
        });
        var current = Analyzer.Analyze("FINDINGS: Left upper lobe nodule measures 6 mm. Right lower lobe nodule measures 12 mm.");

        var comparison = PriorComparer.Compare(current, prior);

        Assert.That(comparison.Statements, Has.Count.EqualTo(2));
        var left = comparison.Statements[0];
        var right = comparison.Statements[1];
        Assert.That(left.Site, Is.EqualTo("left upper lobe"));
        Assert.That(left.Change, Is.EqualTo(TemporalChange.Unchanged));
        Assert.That(right.Site, Is.EqualTo("right lower lobe"));
        Assert.That(right.ChangeMm, Is.EqualTo(4m));
        Assert.That(right.ChangePercent, Is.EqualTo(50.0m));
        Assert.That(right.PriorSource?.SourceId, Is.EqualTo("prior-1"));
        Assert.That(right.PriorSource?.SentenceIndex, Is.EqualTo(0));
        Assert.That(right.PriorSentence, Is.EqualTo("8 mm right lower lobe nodule."));
        Assert.That(comparison.Recist, Is.Null);
    }

    [Test]
    public void Contradicting_laterality_never_matches()
    {
        var prior = Analyzer.Analyze("8 mm right lower lobe nodule.");
        var current = Analyzer.Analyze("9 mm left lower lobe nodule.");

        Assert.That(PriorComparer.Compare(current, prior).Statements, Is.Empty);
    }

    [Test]
    public void Negated_findings_are_not_compared()
    {
        var prior = Analyzer.Analyze("No nodule larger than 4 mm.");
        var current = Analyzer.Analyze("5 mm nodule.");

        Assert.That(PriorComparer.Compare(current, prior).Statements, Is.Empty);
    }

    [Test]
    public void Statement_sentence_states_numbers()
    {
        var statement = Analyzer.Analyze("Left upper lobe mass now 9 mm (previously 1.1 cm).").Comparisons.Single();

        Assert.That(statement.ToSentence(), Is.EqualTo("Left upper lobe mass measures 9 mm, previously 11 mm: decreased by 2 mm (-18.2%)."));
    }

    [Test]
    public void Target_lesions_get_recist_response()
    {
        var prior = Analyzer.Analyze("Target lesion 1: right lower lobe mass 30 mm. Target lesion 2: liver lesion 20 mm.");
        var current = Analyzer.Analyze("Target lesion 1: right lower lobe mass 20 mm. Target lesion 2: liver lesion 14 mm.");

        var recist = PriorComparer.Compare(current, prior).Recist;

        Assert.That(recist, Is.Not.Null);
        Assert.That(recist!.BaselineSumMm, Is.EqualTo(50m));
        Assert.That(recist.CurrentSumMm, Is.EqualTo(34m));
        Assert.That(recist.Response, Is.EqualTo(RecistResponse.PartialResponse));
    }

    [Test]
    public void Null_analysis_is_rejected()
    {
        var analysis = Analyzer.Analyze("No nodules.");

        Assert.Throws<ArgumentNullException>(() => PriorComparer.Compare(analysis, null!));
    }
}
