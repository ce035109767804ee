namespace RadAssist;

/// <summary>Attenuation of a pulmonary nodule on CT.</summary>
public enum NoduleComposition
{
    /// <summary>Solid.</summary>
    Solid,

    /// <summary>Part-solid: ground glass with a solid component.</summary>
    PartSolid,

    /// <summary>Ground-glass (non-solid).</summary>
    GroundGlass,
}

/// <summary>History of a nodule relative to the prior screening exam (Lung-RADS v2022).</summary>
public enum NoduleStatus
{
    /// <summary>Seen on the first screening exam, or no prior exam is available.</summary>
    Baseline,

    /// <summary>Not present on the prior screening exam.</summary>
    New,

    /// <summary>Grown by more than 1.5 mm in mean diameter within 12 months.</summary>
    Growing,

    /// <summary>Unchanged or smaller at the follow-up exam the prior category asked for.</summary>
    Stable,
}

/// <summary>A pulmonary nodule as the Lung-RADS and Fleischner rules describe it.</summary>
public sealed record LungNodule
{
    /// <summary>Attenuation of the nodule.</summary>
    public required NoduleComposition Composition { get; init; }

    /// <summary>Mean of the long and short axis in millimetres (see <see cref="LungRads.MeanDiameter"/>).</summary>
    public required decimal MeanDiameterMm { get; init; }

    /// <summary>Mean diameter of the solid component of a part-solid nodule in millimetres.</summary>
    public decimal? SolidComponentMm { get; init; }

    /// <summary>History of the nodule. Defaults to <see cref="NoduleStatus.Baseline"/>.</summary>
    public NoduleStatus Status { get; init; } = NoduleStatus.Baseline;

    /// <summary>Whether the nodule has a benign calcification pattern (complete, central, popcorn, concentric rings) or contains fat.</summary>
    public bool BenignFeatures { get; init; }

    /// <summary>Whether a solid nodule is perifissural or juxtapleural with smooth margins and an oval, lentiform or triangular shape.</summary>
    public bool PerifissuralMorphology { get; init; }

    /// <summary>Whether additional features raise suspicion (spiculation, lymphadenopathy, a growing solid component), which turns category 3 or 4 into 4X.</summary>
    public bool AdditionalSuspiciousFeatures { get; init; }
}
