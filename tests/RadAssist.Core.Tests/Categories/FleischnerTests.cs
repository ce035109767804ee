namespace RadAssist.Core.Tests.Categories;

/// <summary>Fleischner 2017 rows at their size boundaries, after rounding to the nearest millimetre.</summary>
public sealed class FleischnerTests
{
    [TestCase(5.4, false, FleischnerRisk.Low, "solid, single, <6 mm", "No routine follow-up.")]
    [TestCase(5.5, false, FleischnerRisk.Low, "solid, single, 6-8 mm", "CT at 6-12 months, then consider CT at 18-24 months.")]
    [TestCase(5.4, false, FleischnerRisk.High, "solid, single, <6 mm", "Optional CT at 12 months.")]
    [TestCase(6.0, false, FleischnerRisk.High, "solid, single, 6-8 mm", "CT at 6-12 months, then CT at 18-24 months.")]
    [TestCase(8.4, false, FleischnerRisk.Low, "solid, single, 6-8 mm", "CT at 6-12 months, then consider CT at 18-24 months.")]
    [TestCase(8.5, false, FleischnerRisk.Low, "solid, single, >8 mm", "Consider CT at 3 months, PET/CT, or tissue sampling.")]
    [TestCase(8.5, false, FleischnerRisk.High, "solid, single, >8 mm", "Consider CT at 3 months, PET/CT, or tissue sampling.")]
    [TestCase(5.4, true, FleischnerRisk.Low, "solid, multiple, <6 mm", "No routine follow-up.")]
    [TestCase(5.4, true, FleischnerRisk.High, "solid, multiple, <6 mm", "Optional CT at 12 months.")]
    [TestCase(6.0, true, FleischnerRisk.Low, "solid, multiple, 6-8 mm", "CT at 3-6 months, then consider CT at 18-24 months.")]
    [TestCase(8.0, true, FleischnerRisk.High, "solid, multiple, 6-8 mm", "CT at 3-6 months, then CT at 18-24 months.")]
    [TestCase(9.0, true, FleischnerRisk.Low, "solid, multiple, >8 mm", "CT at 3-6 months, then consider CT at 18-24 months.")]
    [TestCase(9.0, true, FleischnerRisk.High, "solid, multiple, >8 mm", "CT at 3-6 months, then CT at 18-24 months.")]
    public void Solid_nodule_rows(decimal sizeMm, bool multiple, FleischnerRisk risk, string category, string management)
    {
        var assessment = Fleischner.Assess(NoduleComposition.Solid, sizeMm, multiple, risk);

        Assert.That(assessment.Category, Is.EqualTo(category));
        Assert.That(assessment.Management, Is.EqualTo(management));
    }

    [TestCase(NoduleComposition.GroundGlass, 5.4, false, "<6 mm", "No routine follow-up.")]
    [TestCase(NoduleComposition.GroundGlass, 5.5, false, ">=6 mm", "CT at 6-12 months to confirm persistence, then CT every 2 years until 5 years.")]
    [TestCase(NoduleComposition.PartSolid, 5.4, false, "<6 mm", "No routine follow-up.")]
    [TestCase(NoduleComposition.PartSolid, 6.0, false, ">=6 mm", "CT at 3-6 months to confirm persistence. If unchanged and solid component remains <6 mm, annual CT should be performed for 5 years.")]
    [TestCase(NoduleComposition.GroundGlass, 5.4, true, "<6 mm", "CT at 3-6 months. If stable, consider CT at 2 and 4 years.")]
    [TestCase(NoduleComposition.PartSolid, 6.0, true, ">=6 mm", "CT at 3-6 months. Subsequent management based on the most suspicious nodule(s).")]
    public void Subsolid_nodule_rows(
        NoduleComposition composition,
        decimal sizeMm,
        bool multiple,
        string sizeClass,
        string management)
    {
        var assessment = Fleischner.Assess(composition, sizeMm, multiple);

        Assert.That(assessment.Category, Does.EndWith(sizeClass));
        Assert.That(assessment.Management, Is.EqualTo(management));
    }

    [Test]
    public void Unknown_risk_states_both_groups()
    {
        var assessment = Fleischner.Assess(NoduleComposition.Solid, 7m, multiple: false);

        Assert.That(assessment.Management, Does.Contain("Low risk: CT at 6-12 months, then consider CT at 18-24 months."));
        Assert.That(assessment.Management, Does.Contain("High risk: CT at 6-12 months, then CT at 18-24 months."));
        Assert.That(assessment.Basis, Does.Contain("risk not stated"));
    }

    [TestCase(8.0, 5.0, 7.0)]
    [TestCase(8.0, 4.0, 6.0)]
    [TestCase(9.0, 8.0, 9.0)]
    public void Average_diameter_rounds_half_up(decimal longAxis, decimal shortAxis, decimal expected)
    {
        Assert.That(Fleischner.AverageDiameter(longAxis, shortAxis), Is.EqualTo(expected));
    }

    [Test]
    public void Zero_size_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fleischner.Assess(NoduleComposition.Solid, 0m, multiple: false));
    }
}
