namespace RadAssist.Llm;

/// <summary>Options of <see cref="PatternDeidentifier"/>.</summary>
public sealed class PatternDeidentifierOptions
{
    /// <summary>
    /// Largest date shift in days. Every date of one patient moves back by the same number of days, between 1 and
    /// this value, so intervals between exams survive. Default: 365.
    /// </summary>
    public int MaxDateShiftDays { get; set; } = 365;

    /// <summary>
    /// Secret that derives each patient's date shift from the patient identifier with HMAC-SHA256, so the same
    /// patient gets the same shift in every run. Default: <see langword="null"/>, which draws a random secret per
    /// instance, so shifts are stable for the life of the process only.
    /// </summary>
    public byte[]? DateShiftKey { get; set; }

    /// <summary>
    /// Fixed date shift in days, for tests and reproducible runs; overrides <see cref="DateShiftKey"/> when set.
    /// Must be between 1 and <see cref="MaxDateShiftDays"/>. Default: <see langword="null"/>.
    /// </summary>
    public int? FixedDateShiftDays { get; set; }

    /// <summary>
    /// Whether numeric dates with slashes are read day first (<c>04/12/2026</c> is 4 December 2026), as in the UK and
    /// most of Europe. Default: <see langword="false"/>, month first as in the US. A date whose first number is above
    /// 12 (<c>15/01/2024</c>) is read day first either way, and dates with dots (<c>04.12.2026</c>) always are.
    /// </summary>
    public bool DayFirstNumericDates { get; set; }
}
