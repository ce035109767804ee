namespace RadAssist;

/// <summary>Major features of an untreated liver observation on multiphase CT or MRI (LI-RADS v2018).</summary>
public sealed record LiverObservation
{
    /// <summary>Largest outer-edge-to-outer-edge diameter in millimetres.</summary>
    public required decimal SizeMm { get; init; }

    /// <summary>Nonrim arterial phase hyperenhancement (APHE).</summary>
    public bool NonrimArterialPhaseHyperenhancement { get; init; }

    /// <summary>Nonperipheral "washout".</summary>
    public bool NonperipheralWashout { get; init; }

    /// <summary>Enhancing "capsule".</summary>
    public bool EnhancingCapsule { get; init; }

    /// <summary>Threshold growth: a size increase of at least 50% in 6 months or less (see <see cref="LiRads.IsThresholdGrowth"/>).</summary>
    public bool ThresholdGrowth { get; init; }
}

/// <summary>
/// Assigns LI-RADS v2018 CT/MRI diagnostic categories LR-3, LR-4 and LR-5 from the major features of an observation
/// (ACR LI-RADS v2018 CT/MRI Core, diagnostic table), for patients at high risk of hepatocellular carcinoma.
/// </summary>
/// <remarks>
/// LR-1, LR-2, LR-M, LR-TIV, LR-NC and the ancillary-feature adjustments need the reader's judgement and are not
/// assigned here. <see cref="Describe"/> gives their meaning when a report states them.
/// </remarks>
public static class LiRads
{
    /// <summary>Name and version of the system, as written in <see cref="CategoryAssessment.System"/>.</summary>
    public const string SystemName = "LI-RADS v2018 CT/MRI";

    private static readonly Dictionary<string, (string Description, string Management)> Categories = new(StringComparer.OrdinalIgnoreCase)
    {
        ["LR-NC"] = ("Not categorizable", "Repeat or alternative diagnostic imaging in 3 months or less."),
        ["LR-1"] = ("Definitely benign", "Return to surveillance in 6 months."),
        ["LR-2"] = ("Probably benign", "Return to surveillance in 6 months; consider repeat diagnostic imaging in 6 months or less."),
        ["LR-3"] = ("Intermediate probability of malignancy", "Repeat or alternative diagnostic imaging in 3 to 6 months."),
        ["LR-4"] = ("Probably HCC", "Multidisciplinary discussion for tailored workup; may include biopsy or repeat or alternative imaging in 3 months or less."),
        ["LR-5"] = ("Definitely HCC", "Multidisciplinary discussion for consensus management; no biopsy is needed to confirm HCC."),
        ["LR-M"] = ("Probably or definitely malignant, not HCC specific", "Multidisciplinary discussion for tailored workup, which may include biopsy."),
        ["LR-TIV"] = ("Tumor in vein", "Multidisciplinary discussion for tailored workup, which may include biopsy."),
    };

    /// <summary>Returns whether a size change is threshold growth: an increase of at least 50% within 6 months.</summary>
    /// <param name="priorSizeMm">Size at the prior exam in millimetres.</param>
    /// <param name="currentSizeMm">Current size in millimetres.</param>
    /// <param name="priorDate">Date of the prior exam.</param>
    /// <param name="currentDate">Date of the current exam.</param>
    /// <exception cref="ArgumentOutOfRangeException">The prior size is not positive, or the current date precedes the prior date.</exception>
    public static bool IsThresholdGrowth(decimal priorSizeMm, decimal currentSizeMm, DateOnly priorDate, DateOnly currentDate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(priorSizeMm);
        ArgumentOutOfRangeException.ThrowIfLessThan(currentDate, priorDate);

        return currentDate <= priorDate.AddMonths(6) && (currentSizeMm - priorSizeMm) * 2m >= priorSizeMm;
    }

    /// <summary>Assigns LR-3, LR-4 or LR-5 from the diagnostic table.</summary>
    /// <param name="observation">The observation.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive.</exception>
    public static CategoryAssessment Categorize(LiverObservation observation)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(observation.SizeMm);

        var size = observation.SizeMm;
        var features = (observation.NonperipheralWashout ? 1 : 0) + (observation.EnhancingCapsule ? 1 : 0)
            + (observation.ThresholdGrowth ? 1 : 0);

        string category;
        if (!observation.NonrimArterialPhaseHyperenhancement)
        {
            category = size < 20m
                ? features >= 2 ? "LR-4" : "LR-3"
                : features >= 1 ? "LR-4" : "LR-3";
        }
        else if (size < 10m)
        {
            category = features >= 1 ? "LR-4" : "LR-3";
        }
        else if (size < 20m)
        {
            // With exactly one additional feature, capsule alone gives LR-4, and washout or threshold growth gives LR-5.
            category = features switch
            {
                0 => "LR-3",
                1 when observation.EnhancingCapsule => "LR-4",
                _ => "LR-5",
            };
        }
        else
        {
            category = features >= 1 ? "LR-5" : "LR-4";
        }

        var assessment = Describe(category);
        return assessment with
        {
            Basis = $"{(observation.NonrimArterialPhaseHyperenhancement ? "nonrim APHE" : "no APHE")}, "
                + $"{size.Normalize().ToString(System.Globalization.CultureInfo.InvariantCulture)} mm, "
                + $"{features} additional major feature(s)"
                + (observation.NonperipheralWashout ? ", washout" : string.Empty)
                + (observation.EnhancingCapsule ? ", capsule" : string.Empty)
                + (observation.ThresholdGrowth ? ", threshold growth" : string.Empty),
        };
    }

    /// <summary>Describes a LI-RADS CT/MRI category with its management.</summary>
    /// <param name="category">Category such as <c>LR-4</c>, <c>LR-M</c> or <c>4</c> (case-insensitive).</param>
    /// <exception cref="ArgumentException"><paramref name="category"/> is not a LI-RADS CT/MRI category.</exception>
    public static CategoryAssessment Describe(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var key = category.Trim();
        if (!key.StartsWith("LR-", StringComparison.OrdinalIgnoreCase))
        {
            key = "LR-" + key;
        }

        if (!Categories.TryGetValue(key, out var entry))
        {
            throw new ArgumentException(
                $"LI-RADS category '{category}' is invalid; expected LR-NC, LR-1 to LR-5, LR-M or LR-TIV.",
                nameof(category));
        }

        return new CategoryAssessment
        {
            System = SystemName,
            Category = key.ToUpperInvariant(),
            Description = entry.Description,
            Management = entry.Management,
        };
    }
}
