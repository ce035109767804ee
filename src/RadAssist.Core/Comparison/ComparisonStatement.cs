using System.Globalization;

namespace RadAssist;

/// <summary>A finding measured now and before, with the change between the two sizes.</summary>
/// <remarks>
/// Sizes are the longest diameter of each measurement in millimetres (for lymph nodes in a RECIST assessment, the
/// short axis). <see cref="ChangePercent"/> is relative to the prior size and rounded to one decimal place.
/// </remarks>
public sealed record ComparisonStatement
{
    /// <summary>Type of the finding, such as <c>nodule</c>.</summary>
    public required string FindingType { get; init; }

    /// <summary>Site of the finding, when stated.</summary>
    public string? Site { get; init; }

    /// <summary>Laterality of the finding.</summary>
    public Laterality Laterality { get; init; }

    /// <summary>Current size in millimetres.</summary>
    public required decimal CurrentMm { get; init; }

    /// <summary>Prior size in millimetres.</summary>
    public required decimal PriorMm { get; init; }

    /// <summary>Current minus prior size, in millimetres.</summary>
    public decimal ChangeMm => CurrentMm - PriorMm;

    /// <summary>Change relative to the prior size, in percent, or <see langword="null"/> when the prior size is zero.</summary>
    public decimal? ChangePercent => PriorMm == 0m
        ? null
        : Math.Round((CurrentMm - PriorMm) * 100m / PriorMm, 1, MidpointRounding.AwayFromZero);

    /// <summary>Direction of the change: increased, decreased or unchanged (equal sizes).</summary>
    public TemporalChange Change => ChangeMm switch
    {
        > 0m => TemporalChange.Increased,
        < 0m => TemporalChange.Decreased,
        _ => TemporalChange.Unchanged,
    };

    /// <summary>The sentence that states the current size.</summary>
    public string? CurrentSentence { get; init; }

    /// <summary>The sentence that states the prior size, which is <see cref="CurrentSentence"/> for "now 12 mm, previously 8 mm".</summary>
    public string? PriorSentence { get; init; }

    /// <summary>Where the prior size was read, for provenance.</summary>
    public SourceReference? PriorSource { get; init; }

    /// <summary>
    /// Writes the comparison as one sentence, such as
    /// "Right lower lobe nodule measures 12 mm, previously 8 mm: increased by 4 mm (+50%)."
    /// </summary>
    public string ToSentence()
    {
        var subject = Site is null ? FindingType : Site + " " + FindingType;
        subject = char.ToUpperInvariant(subject[0]) + subject[1..];
        var current = FormatMm(CurrentMm);
        var prior = FormatMm(PriorMm);

        if (Change == TemporalChange.Unchanged)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{subject} measures {current}, previously {prior}: unchanged.");
        }

        var direction = Change == TemporalChange.Increased ? "increased" : "decreased";
        var percent = ChangePercent is { } value
            ? string.Create(CultureInfo.InvariantCulture, $" ({(value > 0 ? "+" : string.Empty)}{value.Normalize()}%)")
            : string.Empty;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{subject} measures {current}, previously {prior}: {direction} by {FormatMm(Math.Abs(ChangeMm))}{percent}.");
    }

    private static string FormatMm(decimal value) =>
        value.Normalize().ToString(CultureInfo.InvariantCulture) + " mm";
}

internal static class DecimalExtensions
{
    /// <summary>Returns the value without trailing zeros, so 12.00 prints as 12.</summary>
    public static decimal Normalize(this decimal value) => value / 1.000000000000000000000000000000000m;
}
