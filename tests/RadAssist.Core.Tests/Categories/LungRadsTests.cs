namespace RadAssist.Core.Tests.Categories;

/// <summary>Lung-RADS v2022 size and status rules at each boundary: just below, at and just above the threshold.</summary>
public sealed class LungRadsTests
{
    [TestCase(NoduleStatus.Baseline, 5.9, "2")]
    [TestCase(NoduleStatus.Baseline, 6.0, "3")]
    [TestCase(NoduleStatus.Baseline, 7.9, "3")]
    [TestCase(NoduleStatus.Baseline, 8.0, "4A")]
    [TestCase(NoduleStatus.Baseline, 14.9, "4A")]
    [TestCase(NoduleStatus.Baseline, 15.0, "4B")]
    [TestCase(NoduleStatus.New, 3.9, "2")]
    [TestCase(NoduleStatus.New, 4.0, "3")]
    [TestCase(NoduleStatus.New, 5.9, "3")]
    [TestCase(NoduleStatus.New, 6.0, "4A")]
    [TestCase(NoduleStatus.New, 7.9, "4A")]
    [TestCase(NoduleStatus.New, 8.0, "4B")]
    [TestCase(NoduleStatus.Growing, 7.9, "4A")]
    [TestCase(NoduleStatus.Growing, 8.0, "4B")]
    [TestCase(NoduleStatus.Stable, 7.9, "2")]
    [TestCase(NoduleStatus.Stable, 8.0, "3")]
    [TestCase(NoduleStatus.Stable, 15.0, "4B")]
    public void Solid_nodule_category(NoduleStatus status, decimal meanMm, string expected)
    {
        var nodule = new LungNodule { Composition = NoduleComposition.Solid, MeanDiameterMm = meanMm, Status = status };

        Assert.That(LungRads.Assess(nodule).Category, Is.EqualTo(expected));
    }

    [TestCase(NoduleStatus.Baseline, 5.9, 0.0, "2")]
    [TestCase(NoduleStatus.Baseline, 6.0, 5.9, "3")]
    [TestCase(NoduleStatus.Baseline, 10.0, 6.0, "4A")]
    [TestCase(NoduleStatus.Baseline, 10.0, 7.9, "4A")]
    [TestCase(NoduleStatus.Baseline, 10.0, 8.0, "4B")]
    [TestCase(NoduleStatus.New, 5.9, 2.0, "3")]
    [TestCase(NoduleStatus.New, 6.0, 3.9, "4A")]
    [TestCase(NoduleStatus.New, 6.0, 4.0, "4B")]
    [TestCase(NoduleStatus.Growing, 9.0, 3.9, "4A")]
    [TestCase(NoduleStatus.Growing, 9.0, 4.0, "4B")]
    public void Part_solid_nodule_category(NoduleStatus status, decimal meanMm, decimal solidMm, string expected)
    {
        var nodule = new LungNodule
        {
            Composition = NoduleComposition.PartSolid,
            MeanDiameterMm = meanMm,
            SolidComponentMm = solidMm,
            Status = status,
        };

        Assert.That(LungRads.Assess(nodule).Category, Is.EqualTo(expected));
    }

    [TestCase(NoduleStatus.Baseline, 29.9, "2")]
    [TestCase(NoduleStatus.Baseline, 30.0, "3")]
    [TestCase(NoduleStatus.New, 29.9, "2")]
    [TestCase(NoduleStatus.New, 30.0, "3")]
    [TestCase(NoduleStatus.Growing, 29.9, "2")]
    [TestCase(NoduleStatus.Stable, 30.0, "2")]
    public void Ground_glass_nodule_category(NoduleStatus status, decimal meanMm, string expected)
    {
        var nodule = new LungNodule { Composition = NoduleComposition.GroundGlass, MeanDiameterMm = meanMm, Status = status };

        Assert.That(LungRads.Assess(nodule).Category, Is.EqualTo(expected));
    }

    [TestCase(9.9, "2")]
    [TestCase(10.0, "4A")]
    public void Perifissural_nodule_below_10_mm_is_benign(decimal meanMm, string expected)
    {
        var nodule = new LungNodule
        {
            Composition = NoduleComposition.Solid,
            MeanDiameterMm = meanMm,
            PerifissuralMorphology = true,
        };

        Assert.That(LungRads.Assess(nodule).Category, Is.EqualTo(expected));
    }

    [TestCase(5.0, "2")]
    [TestCase(6.0, "4X")]
    [TestCase(8.0, "4X")]
    [TestCase(15.0, "4X")]
    public void Suspicious_features_give_4X(decimal meanMm, string expected)
    {
        var nodule = new LungNodule
        {
            Composition = NoduleComposition.Solid,
            MeanDiameterMm = meanMm,
            AdditionalSuspiciousFeatures = true,
        };

        Assert.That(LungRads.Assess(nodule).Category, Is.EqualTo(expected));
    }

    [Test]
    public void Benign_calcification_is_category_1()
    {
        var nodule = new LungNodule { Composition = NoduleComposition.Solid, MeanDiameterMm = 20m, BenignFeatures = true };

        Assert.That(LungRads.Assess(nodule).Category, Is.EqualTo("1"));
    }

    [Test]
    public void Categories_0_and_1_and_management()
    {
        var incomplete = LungRads.Incomplete("prior CT being located");
        var negative = LungRads.Negative();
        var suspicious = LungRads.Assess(new LungNodule { Composition = NoduleComposition.Solid, MeanDiameterMm = 9m });

        Assert.That(incomplete.Category, Is.EqualTo("0"));
        Assert.That(negative.Category, Is.EqualTo("1"));
        Assert.That(suspicious.System, Is.EqualTo("Lung-RADS v2022"));
        Assert.That(suspicious.Management, Does.StartWith("3-month LDCT"));
        Assert.That(suspicious.Basis, Does.Contain("9 mm"));
    }

    [TestCase(8.0, 9.5, false)]
    [TestCase(8.0, 9.6, true)]
    public void Growth_is_more_than_1_5_mm(decimal priorMm, decimal currentMm, bool expected)
    {
        Assert.That(LungRads.IsGrowth(priorMm, currentMm), Is.EqualTo(expected));
    }

    [TestCase(7.0, 6.0, 6.5)]
    [TestCase(7.0, 6.1, 6.6)]
    [TestCase(7.05, 6.0, 6.5)]
    [TestCase(7.1, 6.0, 6.6)]
    public void Mean_diameter_rounds_to_one_decimal(decimal longAxis, decimal shortAxis, decimal expected)
    {
        Assert.That(LungRads.MeanDiameter(longAxis, shortAxis), Is.EqualTo(expected));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    public void Non_positive_size_is_rejected(decimal meanMm)
    {
        var nodule = new LungNodule { Composition = NoduleComposition.Solid, MeanDiameterMm = meanMm };

        Assert.Throws<ArgumentOutOfRangeException>(() => LungRads.Assess(nodule));
    }

    [Test]
    public void Solid_component_larger_than_nodule_is_rejected()
    {
        var nodule = new LungNodule { Composition = NoduleComposition.PartSolid, MeanDiameterMm = 6m, SolidComponentMm = 7m };

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LungRads.Assess(nodule));
        Assert.That(error!.ParamName, Is.EqualTo("SolidComponentMm"));
    }

    [TestCase("Lung-RADS 4A.", "4A", "Suspicious")]
    [TestCase("Lung-RADS category 2: benign appearance.", "2", "Benign appearance or behavior")]
    public void Stated_category_has_description_and_management(string text, string category, string description)
    {
        var stated = new ReportAnalyzer().Analyze(text).Categories.Single(c => c.System == LungRads.SystemName);

        Assert.That(stated.Category, Is.EqualTo(category));
        Assert.That(stated.Description, Is.EqualTo(description));
        Assert.That(stated.Management, Is.Not.Empty);
        Assert.That(stated.Basis, Is.EqualTo("stated in the report"));
    }

    [Test]
    public void Describe_rejects_unknown_category()
    {
        var error = Assert.Throws<ArgumentException>(() => LungRads.Describe("5"));

        Assert.That(error!.Message, Does.Contain("'5'"));
    }
}
