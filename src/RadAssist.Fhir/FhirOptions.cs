namespace RadAssist.Fhir;

/// <summary>Options of the FHIR R4 writer, delivery and context sources.</summary>
public sealed class FhirOptions
{
    /// <summary>
    /// Gets or sets the base URL of the FHIR R4 server that receives drafts and serves prior-report and history
    /// searches.
    /// </summary>
    /// <value>Default <see langword="null"/>: only the <c>fhir</c> writer is registered, nothing is sent or read.</value>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets the timeout of one HTTP request to the server.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets the page size asked for in searches (the <c>_count</c> parameter).</summary>
    /// <value>Default 50 resources per page.</value>
    public int PageSize { get; set; } = 50;

    /// <summary>Gets or sets how many pages of one search are read before the rest is skipped with a warning.</summary>
    /// <value>Default 10 pages.</value>
    public int MaxPages { get; set; } = 10;

    /// <summary>Gets or sets how many prior reports are added to a context, newest first.</summary>
    /// <value>Default 20 reports.</value>
    public int MaxPriorReports { get; set; } = 20;

    /// <summary>Gets or sets how far back prior reports are searched, counted from now.</summary>
    /// <value>Default 1,826 days (five years).</value>
    public TimeSpan PriorReportLookback { get; set; } = TimeSpan.FromDays(1826);

    /// <summary>Gets or sets how far back observations are read into the history, counted from now.</summary>
    /// <value>Default 365 days. Conditions and procedures are read regardless of their date.</value>
    public TimeSpan ObservationLookback { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Gets or sets how many history items of each kind (condition, procedure, observation) are kept.</summary>
    /// <value>Default 50 items per kind.</value>
    public int MaxHistoryItemsPerKind { get; set; } = 50;

    /// <summary>
    /// Gets or sets the identifier system of the patient id (MRN) in study events, used to search by
    /// <c>patient.identifier</c> and to write <c>subject</c> references.
    /// </summary>
    /// <value>Default <see langword="null"/>: the search matches the value in any system.</value>
    public string? PatientIdentifierSystem { get; set; }

    /// <summary>Gets or sets the identifier system of accession numbers, written on the ServiceRequest reference.</summary>
    /// <value>Default <see langword="null"/>: the identifier carries the ACSN type code only.</value>
    public string? AccessionNumberSystem { get; set; }

    /// <summary>Gets or sets the identifier system of radiologist ids, written on the results interpreter.</summary>
    /// <value>Default <see langword="null"/>: the identifier carries the value only.</value>
    public string? RadiologistIdentifierSystem { get; set; }

    /// <summary>
    /// Gets or sets the <c>category</c> search value for prior reports, as FHIR token search syntax
    /// (<c>system|code</c>, values separated by commas).
    /// </summary>
    /// <value>Default: v2-0074 <c>RAD</c> or LOINC <c>LP29684-5</c> (Radiology).</value>
    public string PriorReportCategory { get; set; } =
        "http://terminology.hl7.org/CodeSystem/v2-0074|RAD,http://loinc.org|LP29684-5";

    /// <summary>Gets or sets whether the FHIR prior-report context source is registered when a base URL is set.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool EnablePriorReports { get; set; } = true;

    /// <summary>Gets or sets whether the FHIR history context source is registered when a base URL is set.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool EnableHistory { get; set; } = true;

    /// <summary>Gets or sets whether drafts are posted to the server as a transaction when a base URL is set.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool EnableDelivery { get; set; } = true;

    /// <summary>Checks the options and throws when one is out of range.</summary>
    /// <exception cref="ArgumentException">An option has an invalid value; the message names it.</exception>
    internal void Validate()
    {
        if (BaseUrl is not null && !BaseUrl.IsAbsoluteUri)
        {
            throw new ArgumentException($"FhirOptions.BaseUrl must be an absolute URL, not '{BaseUrl}'.");
        }

        RequirePositive(Timeout > TimeSpan.Zero, nameof(Timeout), Timeout);
        RequirePositive(PageSize > 0, nameof(PageSize), PageSize);
        RequirePositive(MaxPages > 0, nameof(MaxPages), MaxPages);
        RequirePositive(MaxPriorReports > 0, nameof(MaxPriorReports), MaxPriorReports);
        RequirePositive(PriorReportLookback > TimeSpan.Zero, nameof(PriorReportLookback), PriorReportLookback);
        RequirePositive(ObservationLookback > TimeSpan.Zero, nameof(ObservationLookback), ObservationLookback);
        RequirePositive(MaxHistoryItemsPerKind > 0, nameof(MaxHistoryItemsPerKind), MaxHistoryItemsPerKind);
    }

    private static void RequirePositive(bool valid, string name, object value)
    {
        if (!valid)
        {
            throw new ArgumentException($"FhirOptions.{name} must be greater than zero, not '{value}'.");
        }
    }
}
