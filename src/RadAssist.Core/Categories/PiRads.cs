using System.Globalization;

namespace RadAssist;

/// <summary>Zone of the prostate that decides which sequence dominates PI-RADS scoring.</summary>
public enum ProstateZone
{
    /// <summary>Peripheral zone: diffusion-weighted imaging dominates.</summary>
    Peripheral,

    /// <summary>Transition zone: T2-weighted imaging dominates.</summary>
    Transition,
}

/// <summary>
/// Derives the PI-RADS v2.1 assessment category of a prostate lesion from its sequence scores (ACR PI-RADS v2.1,
/// Turkbey et al., Eur Urol 2019;76:340-351, assessment tables for the peripheral and transition zones).
/// </summary>
public static class PiRads
{
    /// <summary>Name and version of the system, as written in <see cref="CategoryAssessment.System"/>.</summary>
    public const string SystemName = "PI-RADS v2.1";

    /// <summary>Size in millimetres from which a markedly abnormal focal lesion scores 5 instead of 4 (1.5 cm).</summary>
    public const decimal Score5SizeMm = 15m;

    private static readonly string[] Descriptions =
    [
        string.Empty,
        "Very low: clinically significant cancer is highly unlikely to be present",
        "Low: clinically significant cancer is unlikely to be present",
        "Intermediate: the presence of clinically significant cancer is equivocal",
        "High: clinically significant cancer is likely to be present",
        "Very high: clinically significant cancer is highly likely to be present",
    ];

    /// <summary>
    /// Returns the DWI score (peripheral zone) or T2W score (transition zone) of a markedly abnormal focal lesion: 5 from
    /// 15 mm or with extraprostatic extension or invasive behavior, else 4.
    /// </summary>
    /// <param name="sizeMm">Greatest dimension in millimetres.</param>
    /// <param name="extraprostaticExtension">Whether the lesion shows definite extraprostatic extension or invasive behavior.</param>
    public static int MarkedLesionScore(decimal sizeMm, bool extraprostaticExtension = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizeMm);
        return sizeMm >= Score5SizeMm || extraprostaticExtension ? 5 : 4;
    }

    /// <summary>Derives the assessment category.</summary>
    /// <param name="zone">Zone of the lesion.</param>
    /// <param name="t2wScore">T2-weighted score, 1 to 5.</param>
    /// <param name="dwiScore">Diffusion-weighted score, 1 to 5.</param>
    /// <param name="dcePositive">
    /// Dynamic contrast-enhanced result: <see langword="true"/> for positive, <see langword="false"/> for negative,
    /// <see langword="null"/> when not performed or inadequate (the peripheral zone is then scored by DWI alone).
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A score is outside 1 to 5.</exception>
    public static CategoryAssessment Score(ProstateZone zone, int t2wScore, int dwiScore, bool? dcePositive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t2wScore, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(t2wScore, 5);
        ArgumentOutOfRangeException.ThrowIfLessThan(dwiScore, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dwiScore, 5);

        int category;
        string rule;
        if (zone == ProstateZone.Peripheral)
        {
            // DWI dominates, and a positive DCE upgrades DWI 3 to category 4.
            category = dwiScore == 3 && dcePositive == true ? 4 : dwiScore;
            rule = category != dwiScore ? "peripheral zone, DWI 3 upgraded by positive DCE" : $"peripheral zone, DWI {dwiScore}";
        }
        else
        {
            // T2W dominates, and DWI upgrades T2W 2 (DWI 4 or 5) to 3 and T2W 3 (DWI 5) to 4.
            category = t2wScore switch
            {
                2 when dwiScore >= 4 => 3,
                3 when dwiScore == 5 => 4,
                _ => t2wScore,
            };
            rule = category != t2wScore
                ? string.Create(CultureInfo.InvariantCulture, $"transition zone, T2W {t2wScore} upgraded by DWI {dwiScore}")
                : string.Create(CultureInfo.InvariantCulture, $"transition zone, T2W {t2wScore}");
        }

        return new CategoryAssessment
        {
            System = SystemName,
            Category = category.ToString(CultureInfo.InvariantCulture),
            Description = Descriptions[category],
            Basis = rule + string.Create(CultureInfo.InvariantCulture, $" (T2W {t2wScore}, DWI {dwiScore}, DCE {DceText(dcePositive)})"),
        };
    }

    /// <summary>Describes a category stated in a report.</summary>
    /// <param name="category">Category 1 to 5.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="category"/> is outside 1 to 5.</exception>
    public static CategoryAssessment Describe(int category)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(category, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(category, 5);
        return new CategoryAssessment
        {
            System = SystemName,
            Category = category.ToString(CultureInfo.InvariantCulture),
            Description = Descriptions[category],
        };
    }

    private static string DceText(bool? dcePositive) => dcePositive switch
    {
        true => "positive",
        false => "negative",
        null => "not available",
    };
}
