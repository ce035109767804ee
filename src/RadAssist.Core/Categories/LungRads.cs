using System.Globalization;

namespace RadAssist;

/// <summary>
/// Assigns Lung-RADS v2022 categories to pulmonary nodules found on lung cancer screening CT (American College of
/// Radiology, Lung-RADS v2022 assessment categories, released November 2022).
/// </summary>
/// <remarks>
/// Sizes are mean diameters rounded to one decimal place, as v2022 specifies. Growth is an increase in mean diameter of
/// more than 1.5 mm within 12 months. Airway nodules, atypical pulmonary cysts and category 0 (incomplete exam) depend
/// on findings the caller judges. <see cref="Incomplete"/> builds category 0 directly.
/// </remarks>
public static class LungRads
{
    /// <summary>Name and version of the system, as written in <see cref="CategoryAssessment.System"/>.</summary>
    public const string SystemName = "Lung-RADS v2022";

    /// <summary>Growth threshold in millimetres of mean diameter within 12 months, which growth must exceed.</summary>
    public const decimal GrowthThresholdMm = 1.5m;

    private static readonly Dictionary<string, (string Description, string Management)> Categories = new(StringComparer.Ordinal)
    {
        ["0"] = ("Incomplete", "Additional screening CT images and/or comparison with prior chest CT are needed; 1 to 3 month LDCT for findings suggestive of an inflammatory or infectious process."),
        ["1"] = ("Negative", "Continue annual screening with LDCT in 12 months."),
        ["2"] = ("Benign appearance or behavior", "Continue annual screening with LDCT in 12 months."),
        ["3"] = ("Probably benign", "6-month LDCT."),
        ["4A"] = ("Suspicious", "3-month LDCT; PET/CT may be considered if there is a solid nodule or solid component of 8 mm or more."),
        ["4B"] = ("Very suspicious", "Diagnostic chest CT with or without contrast; PET/CT may be considered if there is a solid nodule or solid component of 8 mm or more; tissue sampling; and/or referral for further clinical evaluation."),
        ["4X"] = ("Very suspicious, with additional features", "Diagnostic chest CT with or without contrast; PET/CT may be considered if there is a solid nodule or solid component of 8 mm or more; tissue sampling; and/or referral for further clinical evaluation."),
    };

    /// <summary>Returns the mean diameter of a nodule rounded to one decimal place.</summary>
    /// <param name="longAxisMm">Long axis in millimetres.</param>
    /// <param name="shortAxisMm">Short axis, perpendicular to the long axis, in millimetres.</param>
    public static decimal MeanDiameter(decimal longAxisMm, decimal shortAxisMm) =>
        Math.Round((longAxisMm + shortAxisMm) / 2m, 1, MidpointRounding.AwayFromZero);

    /// <summary>Returns whether a change of mean diameter within 12 months is growth (more than 1.5 mm).</summary>
    /// <param name="priorMeanDiameterMm">Mean diameter at the prior exam in millimetres.</param>
    /// <param name="currentMeanDiameterMm">Mean diameter now in millimetres.</param>
    public static bool IsGrowth(decimal priorMeanDiameterMm, decimal currentMeanDiameterMm) =>
        currentMeanDiameterMm - priorMeanDiameterMm > GrowthThresholdMm;

    /// <summary>Builds category 0 for an incomplete exam.</summary>
    /// <param name="reason">Why the exam is incomplete, such as "prior CT being located for comparison".</param>
    public static CategoryAssessment Incomplete(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return Build("0", reason);
    }

    /// <summary>Describes a category a report states, with its description and management.</summary>
    /// <param name="category">The category: 0, 1, 2, 3, 4A, 4B or 4X, in any letter case.</param>
    /// <exception cref="ArgumentException">The category is not one of Lung-RADS v2022.</exception>
    public static CategoryAssessment Describe(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var normalized = category.Trim().ToUpperInvariant();
        if (!Categories.ContainsKey(normalized))
        {
            throw new ArgumentException($"'{category}' is not a Lung-RADS v2022 category (0, 1, 2, 3, 4A, 4B or 4X).", nameof(category));
        }

        return Build(normalized, "stated in the report");
    }

    /// <summary>Builds category 1 for a screening exam without lung nodules.</summary>
    public static CategoryAssessment Negative() => Build("1", "no lung nodules");

    /// <summary>Assigns the category of one nodule.</summary>
    /// <param name="nodule">The nodule.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// The mean diameter is not positive, or a solid component is negative or larger than the nodule.
    /// </exception>
    public static CategoryAssessment Assess(LungNodule nodule)
    {
        ArgumentNullException.ThrowIfNull(nodule);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nodule.MeanDiameterMm);
        if (nodule.SolidComponentMm is { } solid)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(solid, nameof(nodule.SolidComponentMm));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(solid, nodule.MeanDiameterMm, nameof(nodule.SolidComponentMm));
        }

        var size = Math.Round(nodule.MeanDiameterMm, 1, MidpointRounding.AwayFromZero);
        var (category, rule) = nodule.Composition switch
        {
            _ when nodule.BenignFeatures => ("1", "benign calcification or fat"),
            NoduleComposition.Solid => Solid(nodule, size),
            NoduleComposition.PartSolid => PartSolid(nodule, size),
            _ => GroundGlass(nodule, size),
        };

        // Stepped management: a 4A nodule stable at its 3-month follow-up becomes 3, a 3 stable at 6 months becomes 2.
        if (nodule.Status == NoduleStatus.Stable && category is "3" or "4A")
        {
            category = category == "4A" ? "3" : "2";
            rule += ", stable at follow-up";
        }

        if (nodule.AdditionalSuspiciousFeatures && category is "3" or "4A" or "4B")
        {
            category = "4X";
            rule += ", with additional suspicious features";
        }

        return Build(category, rule);
    }

    private static (string, string) Solid(LungNodule nodule, decimal size)
    {
        var text = Mm(size);
        if (nodule.PerifissuralMorphology && size < 10m && nodule.Status is NoduleStatus.Baseline or NoduleStatus.New)
        {
            return ("2", $"perifissural or juxtapleural solid nodule {text}, below 10 mm");
        }

        return nodule.Status switch
        {
            NoduleStatus.New when size < 4m => ("2", $"new solid nodule {text}, below 4 mm"),
            NoduleStatus.New when size < 6m => ("3", $"new solid nodule {text}, 4 mm to below 6 mm"),
            NoduleStatus.New when size < 8m => ("4A", $"new solid nodule {text}, 6 mm to below 8 mm"),
            NoduleStatus.New => ("4B", $"new solid nodule {text}, 8 mm or more"),
            NoduleStatus.Growing when size < 8m => ("4A", $"growing solid nodule {text}, below 8 mm"),
            NoduleStatus.Growing => ("4B", $"growing solid nodule {text}, 8 mm or more"),
            _ when size < 6m => ("2", $"solid nodule {text}, below 6 mm"),
            _ when size < 8m => ("3", $"solid nodule {text}, 6 mm to below 8 mm"),
            _ when size < 15m => ("4A", $"solid nodule {text}, 8 mm to below 15 mm"),
            _ => ("4B", $"solid nodule {text}, 15 mm or more"),
        };
    }

    private static (string, string) PartSolid(LungNodule nodule, decimal size)
    {
        var solid = Math.Round(nodule.SolidComponentMm ?? 0m, 1, MidpointRounding.AwayFromZero);
        var text = $"part-solid nodule {Mm(size)} with solid component {Mm(solid)}";

        if (nodule.Status is NoduleStatus.New or NoduleStatus.Growing)
        {
            var state = nodule.Status == NoduleStatus.New ? "new" : "growing";
            if (solid >= 4m)
            {
                return ("4B", $"{state} {text}, solid component 4 mm or more");
            }

            if (nodule.Status == NoduleStatus.New && size < 6m)
            {
                return ("3", $"{state} {text}, below 6 mm in total");
            }

            return ("4A", $"{state} {text}, solid component below 4 mm");
        }

        if (size < 6m)
        {
            return ("2", $"{text}, below 6 mm in total");
        }

        return solid switch
        {
            < 6m => ("3", $"{text}, 6 mm or more in total, solid component below 6 mm"),
            < 8m => ("4A", $"{text}, solid component 6 mm to below 8 mm"),
            _ => ("4B", $"{text}, solid component 8 mm or more"),
        };
    }

    private static (string, string) GroundGlass(LungNodule nodule, decimal size)
    {
        var text = $"ground-glass nodule {Mm(size)}";
        if (size < 30m)
        {
            return ("2", $"{text}, below 30 mm");
        }

        // NOTE: v2022 puts a ground-glass nodule of 30 mm or more that is stable or slowly growing in category 2. How
        // slow is slow is the reader's call, so a growing one stays in category 3 here.
        return nodule.Status == NoduleStatus.Stable
            ? ("2", $"{text}, 30 mm or more and stable")
            : ("3", $"{text}, 30 mm or more");
    }

    private static CategoryAssessment Build(string category, string basis)
    {
        var (description, management) = Categories[category];
        return new CategoryAssessment
        {
            System = SystemName,
            Category = category,
            Description = description,
            Management = management,
            Basis = basis,
        };
    }

    private static string Mm(decimal value) => value.Normalize().ToString(CultureInfo.InvariantCulture) + " mm";
}
