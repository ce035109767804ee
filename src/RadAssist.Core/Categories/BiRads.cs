using System.Globalization;

namespace RadAssist;

/// <summary>
/// Describes BI-RADS assessment categories and their management (ACR BI-RADS Atlas, 5th edition, 2013, mammography
/// assessment categories).
/// </summary>
public static class BiRads
{
    /// <summary>Name and edition of the system, as written in <see cref="CategoryAssessment.System"/>.</summary>
    public const string SystemName = "ACR BI-RADS Atlas 5th edition";

    private static readonly Dictionary<string, (string Description, string Management, string Likelihood)> Categories =
        new(StringComparer.OrdinalIgnoreCase)
        {
            ["0"] = ("Incomplete: need additional imaging evaluation and/or prior mammograms for comparison", "Recall for additional imaging and/or comparison with prior examination(s).", "not applicable"),
            ["1"] = ("Negative", "Routine mammography screening.", "essentially 0%"),
            ["2"] = ("Benign", "Routine mammography screening.", "essentially 0%"),
            ["3"] = ("Probably benign", "Short-interval (6-month) follow-up or continued surveillance mammography.", "more than 0% and at most 2%"),
            ["4"] = ("Suspicious", "Tissue diagnosis.", "more than 2% and below 95%"),
            ["4A"] = ("Low suspicion for malignancy", "Tissue diagnosis.", "more than 2% and at most 10%"),
            ["4B"] = ("Moderate suspicion for malignancy", "Tissue diagnosis.", "more than 10% and at most 50%"),
            ["4C"] = ("High suspicion for malignancy", "Tissue diagnosis.", "more than 50% and below 95%"),
            ["5"] = ("Highly suggestive of malignancy", "Tissue diagnosis.", "95% or more"),
            ["6"] = ("Known biopsy-proven malignancy", "Surgical excision when clinically appropriate.", "not applicable"),
        };

    /// <summary>Describes a category with its management and likelihood of malignancy.</summary>
    /// <param name="category">Category: <c>0</c> to <c>6</c>, or <c>4A</c>, <c>4B</c>, <c>4C</c> (case-insensitive).</param>
    /// <exception cref="ArgumentException"><paramref name="category"/> is not a BI-RADS category.</exception>
    public static CategoryAssessment Describe(string category)
    {
        ArgumentNullException.ThrowIfNull(category);
        var key = category.Trim();
        if (!Categories.TryGetValue(key, out var entry))
        {
            throw new ArgumentException(
                $"BI-RADS category '{category}' is invalid; expected 0 to 6, 4A, 4B or 4C.",
                nameof(category));
        }

        return new CategoryAssessment
        {
            System = SystemName,
            Category = key.ToUpperInvariant(),
            Description = entry.Description,
            Management = entry.Management,
            Basis = "likelihood of malignancy " + entry.Likelihood,
        };
    }

    /// <summary>Returns the category whose likelihood-of-malignancy band contains a percentage.</summary>
    /// <param name="likelihoodPercent">Likelihood of malignancy in percent, 0 to 100.</param>
    /// <returns>
    /// <c>2</c> for 0%, because a finding with essentially no likelihood is benign (category 1, an exam without
    /// findings, is the reader's call). <c>3</c> up to 2%, <c>4A</c> up to 10%, <c>4B</c> up to 50%, <c>4C</c> below
    /// 95%, <c>5</c> from 95%.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="likelihoodPercent"/> is below 0 or above 100.</exception>
    public static string CategoryForLikelihood(decimal likelihoodPercent)
    {
        if (likelihoodPercent is < 0m or > 100m)
        {
            throw new ArgumentOutOfRangeException(
                nameof(likelihoodPercent),
                likelihoodPercent,
                string.Create(CultureInfo.InvariantCulture, $"Likelihood of malignancy {likelihoodPercent}% is invalid; expected 0 to 100."));
        }

        return likelihoodPercent switch
        {
            0m => "2",
            <= 2m => "3",
            <= 10m => "4A",
            <= 50m => "4B",
            < 95m => "4C",
            _ => "5",
        };
    }
}
