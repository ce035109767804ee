using System.Globalization;
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Logging;

namespace RadAssist.Fhir.Sources;

/// <summary>
/// Adds the patient's signed radiology reports from a FHIR R4 server: a DiagnosticReport search by patient
/// identifier, category and date (newest first, result Observations included), read into prior reports.
/// </summary>
internal sealed class FhirPriorReportSource : IContextSource
{
    private readonly FhirServerClient _client;
    private readonly FhirOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public FhirPriorReportSource(FhirServerClient client, FhirOptions options, TimeProvider timeProvider, ILogger<FhirPriorReportSource> logger)
    {
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string Name => "fhir-priors";

    public async ValueTask ContributeAsync(ReportingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var patientId = context.Patient.PatientId ?? context.Event.PatientId;
        if (string.IsNullOrWhiteSpace(patientId))
        {
            context.Warnings.Add("FHIR prior reports were not searched: the event has no patient id.");
            return;
        }

        var from = DateOnly.FromDateTime(_timeProvider.GetUtcNow().UtcDateTime - _options.PriorReportLookback);
        var parameters = new SearchParams()
            .Add("patient.identifier", PatientToken(_options, patientId))
            .Add("category", _options.PriorReportCategory)
            .Add("status", "final,amended,corrected,appended")
            .Add("date", "ge" + from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Include("DiagnosticReport:result")
            .OrderBy("date", SortOrder.Descending);

        var result = await _client.SearchAsync("DiagnosticReport", parameters, _options.MaxPriorReports, cancellationToken)
            .ConfigureAwait(false);
        if (result.NotFoundStatus is { } status)
        {
            context.Warnings.Add($"FHIR prior-report search at {_client.BaseUrl} returned HTTP {status}; no prior reports were added.");
            return;
        }

        var known = context.PriorReports.Select(p => p.ReportId).ToHashSet(StringComparer.Ordinal);
        foreach (var report in result.Matches.OfType<DiagnosticReport>())
        {
            if (report.Status is not { } reportStatus || !PriorReportMapper.SignedStatuses.Contains(reportStatus))
            {
                Log.ResourceSkipped(_logger, "DiagnosticReport", report.Id, $"status {report.Status} is not a signed status");
                continue;
            }

            var prior = PriorReportMapper.Map(report, result.Included, out var reason);
            if (prior is null)
            {
                Log.ResourceSkipped(_logger, "DiagnosticReport", report.Id, reason!);
                context.Warnings.Add($"FHIR DiagnosticReport/{report.Id} was not used as a prior report: {reason}.");
                continue;
            }

            if (known.Add(prior.ReportId))
            {
                context.PriorReports.Add(prior);
            }
        }
    }

    /// <summary>Formats the patient identifier as a token search value (FHIR R4 search section 3.1.1.5.2).</summary>
    internal static string PatientToken(FhirOptions options, string patientId)
    {
        // Commas separate alternatives and '|' separates system and code in token values; both are escaped with '\'.
        var value = patientId.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal)
            .Replace("|", "\\|", StringComparison.Ordinal)
            .Replace("$", "\\$", StringComparison.Ordinal);
        return options.PatientIdentifierSystem is null ? value : options.PatientIdentifierSystem + "|" + value;
    }
}
