using System.Globalization;

namespace RadAssist;

/// <summary>Patient risk of lung cancer as the Fleischner guideline uses it.</summary>
public enum FleischnerRisk
{
    /// <summary>Minimal or absent smoking history and no other known risk factors.</summary>
    Low,

    /// <summary>Smoking history or other known risk factors.</summary>
    High,
}

/// <summary>
/// Recommends follow-up of incidental pulmonary nodules on CT after the Fleischner Society 2017 guideline (MacMahon et
/// al., "Guidelines for Management of Incidental Pulmonary Nodules Detected on CT Images", Radiology 2017;284:228-243).
/// </summary>
/// <remarks>
/// The guideline applies to incidental nodules in adults aged 35 or more. It does not apply to lung cancer screening
/// (use <see cref="LungRads"/>), to patients with a known cancer, or to immunocompromised patients. The caller decides
/// that. Sizes are the average of the long and short axes rounded to the nearest millimetre, so 8.4 mm counts as 8 mm
/// (6 to 8 mm) and 8.5 mm as 9 mm (more than 8 mm).
/// </remarks>
public static class Fleischner
{
    /// <summary>Name and version of the guideline, as written in <see cref="CategoryAssessment.System"/>.</summary>
    public const string SystemName = "Fleischner Society 2017";

    /// <summary>Returns the average of the long and short axes rounded to the nearest millimetre.</summary>
    /// <param name="longAxisMm">Long axis in millimetres.</param>
    /// <param name="shortAxisMm">Short axis in millimetres.</param>
    public static decimal AverageDiameter(decimal longAxisMm, decimal shortAxisMm) =>
        Math.Round((longAxisMm + shortAxisMm) / 2m, 0, MidpointRounding.AwayFromZero);

    /// <summary>Recommends follow-up for an incidental nodule.</summary>
    /// <param name="composition">Attenuation of the nodule, or of the most suspicious one when there are several.</param>
    /// <param name="diameterMm">Average diameter in millimetres, rounded here to the nearest millimetre.</param>
    /// <param name="multiple">Whether the patient has more than one nodule.</param>
    /// <param name="risk">
    /// Patient risk, which changes the advice for solid nodules only, or <see langword="null"/> when unknown: the
    /// management then states the advice for both risk groups.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="diameterMm"/> is not positive.</exception>
    public static CategoryAssessment Assess(
        NoduleComposition composition,
        decimal diameterMm,
        bool multiple,
        FleischnerRisk? risk = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(diameterMm);

        var size = Math.Round(diameterMm, 0, MidpointRounding.AwayFromZero);
        var sizeClass = composition == NoduleComposition.Solid
            ? size switch { < 6m => "<6 mm", <= 8m => "6-8 mm", _ => ">8 mm" }
            : size < 6m ? "<6 mm" : ">=6 mm";
        var kind = composition switch
        {
            NoduleComposition.Solid => "solid",
            NoduleComposition.PartSolid => "part-solid",
            _ => "ground-glass",
        };
        var count = multiple ? "multiple" : "single";

        var management = composition == NoduleComposition.Solid
            ? SolidManagement(sizeClass, multiple, risk)
            : SubsolidManagement(composition, sizeClass, multiple);

        return new CategoryAssessment
        {
            System = SystemName,
            Category = $"{kind}, {count}, {sizeClass}",
            Description = $"Incidental {kind} pulmonary nodule, {count}, {sizeClass}",
            Management = management,
            Basis = string.Create(
                CultureInfo.InvariantCulture,
                $"{kind} {count} nodule, average diameter {diameterMm.Normalize()} mm rounded to {size.Normalize()} mm, {RiskText(risk)}"),
        };
    }

    private static string RiskText(FleischnerRisk? risk) => risk switch
    {
        FleischnerRisk.Low => "low risk",
        FleischnerRisk.High => "high risk",
        _ => "risk not stated",
    };

    private static string SolidManagement(string sizeClass, bool multiple, FleischnerRisk? risk)
    {
        (string Low, string High) advice = (sizeClass, multiple) switch
        {
            ("<6 mm", _) => ("No routine follow-up.", "Optional CT at 12 months."),
            ("6-8 mm", false) => (
                "CT at 6-12 months, then consider CT at 18-24 months.",
                "CT at 6-12 months, then CT at 18-24 months."),
            ("6-8 mm", true) => (
                "CT at 3-6 months, then consider CT at 18-24 months.",
                "CT at 3-6 months, then CT at 18-24 months."),
            (_, false) => (
                "Consider CT at 3 months, PET/CT, or tissue sampling.",
                "Consider CT at 3 months, PET/CT, or tissue sampling."),
            _ => ("CT at 3-6 months, then consider CT at 18-24 months.", "CT at 3-6 months, then CT at 18-24 months."),
        };

        return risk switch
        {
            FleischnerRisk.Low => advice.Low,
            FleischnerRisk.High => advice.High,
            _ when advice.Low == advice.High => advice.Low,
            _ => $"Low risk: {advice.Low} High risk: {advice.High}",
        };
    }

    private static string SubsolidManagement(NoduleComposition composition, string sizeClass, bool multiple)
    {
        if (multiple)
        {
            return sizeClass == "<6 mm"
                ? "CT at 3-6 months. If stable, consider CT at 2 and 4 years."
                : "CT at 3-6 months. Subsequent management based on the most suspicious nodule(s).";
        }

        if (sizeClass == "<6 mm")
        {
            return "No routine follow-up.";
        }

        return composition == NoduleComposition.GroundGlass
            ? "CT at 6-12 months to confirm persistence, then CT every 2 years until 5 years."
            : "CT at 3-6 months to confirm persistence. If unchanged and solid component remains <6 mm, annual CT should be performed for 5 years.";
    }
}
