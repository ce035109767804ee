namespace RadAssist.Core.Tests.Comparison;

/// <summary>RECIST 1.1 target-lesion response at its thresholds: -30% from baseline, +20% and +5 mm over the nadir.</summary>
public sealed class RecistTests
{
    [TestCase(100, 100, 70, RecistResponse.PartialResponse)]
    [TestCase(100, 100, 71, RecistResponse.StableDisease)]
    [TestCase(100, 100, 119, RecistResponse.StableDisease)]
    [TestCase(100, 100, 120, RecistResponse.ProgressiveDisease)]
    [TestCase(100, 60, 71, RecistResponse.StableDisease)]
    [TestCase(100, 60, 72, RecistResponse.ProgressiveDisease)]
    [TestCase(20, 20, 24, RecistResponse.StableDisease)]
    [TestCase(20, 20, 25, RecistResponse.ProgressiveDisease)]
    [TestCase(10, 10, 14, RecistResponse.StableDisease)]
    public void Response_at_thresholds(decimal baseline, decimal nadir, decimal current, RecistResponse expected)
    {
        Assert.That(Recist.Assess(baseline, nadir, current).Response, Is.EqualTo(expected));
    }

    [Test]
    public void New_lesion_is_progression()
    {
        Assert.That(Recist.Assess(100m, 100m, 50m, newLesions: true).Response, Is.EqualTo(RecistResponse.ProgressiveDisease));
    }

    [Test]
    public void Resolved_targets_are_complete_response()
    {
        var assessment = Recist.Assess(100m, 100m, 0m, allTargetsResolved: true);

        Assert.That(assessment.Response, Is.EqualTo(RecistResponse.CompleteResponse));
        Assert.That(assessment.ChangeFromBaselinePercent, Is.EqualTo(-100.0m));
    }

    [Test]
    public void Nadir_above_baseline_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Recist.Assess(50m, 60m, 40m));
    }
}
