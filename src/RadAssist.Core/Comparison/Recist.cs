namespace RadAssist;

/// <summary>Overall response of target lesions under RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009, section 4.3.1).</summary>
public enum RecistResponse
{
    /// <summary>CR: every target lesion has disappeared and every target lymph node has a short axis below 10 mm.</summary>
    CompleteResponse,

    /// <summary>PR: the sum of diameters fell by at least 30% from baseline.</summary>
    PartialResponse,

    /// <summary>SD: neither enough shrinkage for PR nor enough growth for PD.</summary>
    StableDisease,

    /// <summary>PD: the sum rose by at least 20% over the smallest sum on study and by at least 5 mm, or a new lesion appeared.</summary>
    ProgressiveDisease,
}

/// <summary>RECIST 1.1 assessment of target lesions: sums of diameters, their change and the response category.</summary>
/// <param name="BaselineSumMm">Sum of diameters at baseline, in millimetres.</param>
/// <param name="NadirSumMm">Smallest sum on study (the baseline when no smaller sum was recorded), in millimetres.</param>
/// <param name="CurrentSumMm">Current sum of diameters, in millimetres.</param>
/// <param name="Response">The response category.</param>
public sealed record RecistAssessment(decimal BaselineSumMm, decimal NadirSumMm, decimal CurrentSumMm, RecistResponse Response)
{
    /// <summary>Change of the sum from baseline in percent, rounded to one decimal place, or <see langword="null"/> when the baseline is zero.</summary>
    public decimal? ChangeFromBaselinePercent => BaselineSumMm == 0m
        ? null
        : Math.Round((CurrentSumMm - BaselineSumMm) * 100m / BaselineSumMm, 1, MidpointRounding.AwayFromZero);
}

/// <summary>Evaluates target-lesion response under RECIST 1.1.</summary>
/// <remarks>
/// Diameters are the longest diameter of non-nodal lesions and the short axis of lymph nodes. At most five target
/// lesions, two per organ, are selected at baseline. That choice is the radiologist's, so this class takes the sums.
/// Non-target lesions and the overall response that combines them are out of scope.
/// </remarks>
public static class Recist
{
    /// <summary>Short axis in millimetres below which a target lymph node counts as normal (RECIST 1.1 section 4.3.1).</summary>
    public const decimal NormalNodeShortAxisMm = 10m;

    /// <summary>Assesses the response of target lesions.</summary>
    /// <param name="baselineSumMm">Sum of diameters at baseline, in millimetres.</param>
    /// <param name="nadirSumMm">Smallest sum recorded on study, in millimetres, or the baseline when none was smaller.</param>
    /// <param name="currentSumMm">Current sum of diameters, in millimetres.</param>
    /// <param name="newLesions">Whether a new lesion appeared, which is progression whatever the sums.</param>
    /// <param name="allTargetsResolved">
    /// Whether every non-nodal target lesion has disappeared and every nodal target has a short axis below 10 mm.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A sum is negative, or the nadir exceeds the baseline.</exception>
    public static RecistAssessment Assess(
        decimal baselineSumMm,
        decimal nadirSumMm,
        decimal currentSumMm,
        bool newLesions = false,
        bool allTargetsResolved = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(baselineSumMm);
        ArgumentOutOfRangeException.ThrowIfNegative(nadirSumMm);
        ArgumentOutOfRangeException.ThrowIfNegative(currentSumMm);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nadirSumMm, baselineSumMm);

        var response = Classify(baselineSumMm, nadirSumMm, currentSumMm, newLesions, allTargetsResolved);
        return new RecistAssessment(baselineSumMm, nadirSumMm, currentSumMm, response);
    }

    private static RecistResponse Classify(
        decimal baseline,
        decimal nadir,
        decimal current,
        bool newLesions,
        bool allTargetsResolved)
    {
        var increaseOverNadir = current - nadir;
        var progressed = nadir == 0m
            ? increaseOverNadir >= 5m
            : increaseOverNadir * 100m >= 20m * nadir && increaseOverNadir >= 5m;
        if (newLesions || progressed)
        {
            return RecistResponse.ProgressiveDisease;
        }

        if (allTargetsResolved)
        {
            return RecistResponse.CompleteResponse;
        }

        if (baseline > 0m && (baseline - current) * 100m >= 30m * baseline)
        {
            return RecistResponse.PartialResponse;
        }

        return RecistResponse.StableDisease;
    }
}
