namespace RadAssist.Core.Tests.Categories;

/// <summary>BI-RADS likelihood bands, the LI-RADS v2018 diagnostic table and PI-RADS v2.1 scoring at their boundaries.</summary>
public sealed class BiRadsLiRadsPiRadsTests
{
    [TestCase(0.0, "2")]
    [TestCase(0.01, "3")]
    [TestCase(2.0, "3")]
    [TestCase(2.01, "4A")]
    [TestCase(10.0, "4A")]
    [TestCase(10.01, "4B")]
    [TestCase(50.0, "4B")]
    [TestCase(50.01, "4C")]
    [TestCase(94.99, "4C")]
    [TestCase(95.0, "5")]
    [TestCase(100.0, "5")]
    public void BiRads_likelihood_bands(decimal percent, string expected)
    {
        Assert.That(BiRads.CategoryForLikelihood(percent), Is.EqualTo(expected));
    }

    [TestCase(-0.01)]
    [TestCase(100.01)]
    public void BiRads_likelihood_out_of_range(decimal percent)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BiRads.CategoryForLikelihood(percent));
    }

    [TestCase("0", "Recall for additional imaging and/or comparison with prior examination(s).")]
    [TestCase("1", "Routine mammography screening.")]
    [TestCase("2", "Routine mammography screening.")]
    [TestCase("3", "Short-interval (6-month) follow-up or continued surveillance mammography.")]
    [TestCase("4a", "Tissue diagnosis.")]
    [TestCase("4B", "Tissue diagnosis.")]
    [TestCase("4C", "Tissue diagnosis.")]
    [TestCase("5", "Tissue diagnosis.")]
    [TestCase("6", "Surgical excision when clinically appropriate.")]
    public void BiRads_management(string category, string management)
    {
        var assessment = BiRads.Describe(category);

        Assert.That(assessment.Category, Is.EqualTo(category.ToUpperInvariant()));
        Assert.That(assessment.Management, Is.EqualTo(management));
    }

    [TestCase("7")]
    [TestCase("4D")]
    [TestCase("")]
    public void BiRads_unknown_category_names_value(string category)
    {
        var error = Assert.Throws<ArgumentException>(() => BiRads.Describe(category));
        Assert.That(error!.Message, Does.Contain($"'{category}'"));
    }

    // Diagnostic table: APHE, size, washout, capsule, threshold growth, expected category.
    [TestCase(false, 19.9, false, false, false, "LR-3")]
    [TestCase(false, 19.9, true, false, false, "LR-3")]
    [TestCase(false, 19.9, true, true, false, "LR-4")]
    [TestCase(false, 20.0, false, false, false, "LR-3")]
    [TestCase(false, 20.0, false, true, false, "LR-4")]
    [TestCase(false, 20.0, true, true, true, "LR-4")]
    [TestCase(true, 9.9, false, false, false, "LR-3")]
    [TestCase(true, 9.9, true, false, false, "LR-4")]
    [TestCase(true, 9.9, true, true, false, "LR-4")]
    [TestCase(true, 10.0, false, false, false, "LR-3")]
    [TestCase(true, 10.0, false, true, false, "LR-4")]
    [TestCase(true, 10.0, true, false, false, "LR-5")]
    [TestCase(true, 10.0, false, false, true, "LR-5")]
    [TestCase(true, 19.9, true, true, false, "LR-5")]
    [TestCase(true, 20.0, false, false, false, "LR-4")]
    [TestCase(true, 20.0, false, true, false, "LR-5")]
    [TestCase(true, 20.0, true, true, true, "LR-5")]
    public void LiRads_diagnostic_table(
        bool aphe,
        decimal sizeMm,
        bool washout,
        bool capsule,
        bool growth,
        string expected)
    {
        var observation = new LiverObservation
        {
            SizeMm = sizeMm,
            NonrimArterialPhaseHyperenhancement = aphe,
            NonperipheralWashout = washout,
            EnhancingCapsule = capsule,
            ThresholdGrowth = growth,
        };

        Assert.That(LiRads.Categorize(observation).Category, Is.EqualTo(expected));
    }

    [TestCase(10.0, 14.9, 0, false)]
    [TestCase(10.0, 15.0, 0, true)]
    [TestCase(10.0, 15.0, 6, true)]
    public void LiRads_threshold_growth_at_50_percent(decimal priorMm, decimal currentMm, int extraDays, bool expected)
    {
        var prior = new DateOnly(2026, 1, 15);
        var current = prior.AddMonths(6).AddDays(-extraDays);

        Assert.That(LiRads.IsThresholdGrowth(priorMm, currentMm, prior, current), Is.EqualTo(expected));
    }

    [Test]
    public void LiRads_threshold_growth_interval()
    {
        var prior = new DateOnly(2026, 1, 15);

        Assert.That(LiRads.IsThresholdGrowth(10m, 20m, prior, prior.AddMonths(6)), Is.True);
        Assert.That(LiRads.IsThresholdGrowth(10m, 20m, prior, prior.AddMonths(6).AddDays(1)), Is.False);
    }

    [TestCase("LR-M", "LR-M")]
    [TestCase("4", "LR-4")]
    [TestCase("lr-tiv", "LR-TIV")]
    public void LiRads_describe_stated_category(string stated, string expected)
    {
        Assert.That(LiRads.Describe(stated).Category, Is.EqualTo(expected));
    }

    [TestCase(ProstateZone.Peripheral, 5, 1, false, "1")]
    [TestCase(ProstateZone.Peripheral, 1, 2, true, "2")]
    [TestCase(ProstateZone.Peripheral, 3, 3, false, "3")]
    [TestCase(ProstateZone.Peripheral, 3, 3, null, "3")]
    [TestCase(ProstateZone.Peripheral, 3, 3, true, "4")]
    [TestCase(ProstateZone.Peripheral, 1, 4, false, "4")]
    [TestCase(ProstateZone.Peripheral, 1, 5, false, "5")]
    [TestCase(ProstateZone.Transition, 1, 5, true, "1")]
    [TestCase(ProstateZone.Transition, 2, 3, true, "2")]
    [TestCase(ProstateZone.Transition, 2, 4, false, "3")]
    [TestCase(ProstateZone.Transition, 3, 4, true, "3")]
    [TestCase(ProstateZone.Transition, 3, 5, false, "4")]
    [TestCase(ProstateZone.Transition, 4, 1, false, "4")]
    [TestCase(ProstateZone.Transition, 5, 1, false, "5")]
    public void PiRads_zone_scoring(ProstateZone zone, int t2w, int dwi, bool? dce, string expected)
    {
        Assert.That(PiRads.Score(zone, t2w, dwi, dce).Category, Is.EqualTo(expected));
    }

    [TestCase(14.9, false, 4)]
    [TestCase(15.0, false, 5)]
    [TestCase(10.0, true, 5)]
    public void PiRads_marked_lesion_15_mm_boundary(decimal sizeMm, bool extraprostaticExtension, int expected)
    {
        Assert.That(PiRads.MarkedLesionScore(sizeMm, extraprostaticExtension), Is.EqualTo(expected));
    }

    [TestCase(0, 3)]
    [TestCase(6, 3)]
    [TestCase(3, 0)]
    [TestCase(3, 6)]
    public void PiRads_score_out_of_range(int t2w, int dwi)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PiRads.Score(ProstateZone.Peripheral, t2w, dwi, dcePositive: null));
    }
}
