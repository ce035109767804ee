using System.Globalization;
using Hl7.Fhir.Rest;
using Microsoft.Extensions.Logging;

namespace RadAssist.Fhir.Sources;

/// <summary>
/// Adds the patient's conditions, procedures and recent observations from a FHIR R4 server to the history.
/// </summary>
internal sealed class FhirHistorySource : IContextSource
{
    private readonly FhirServerClient _client;
    private readonly FhirOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;

    public FhirHistorySource(FhirServerClient client, FhirOptions options, TimeProvider timeProvider, ILogger<FhirHistorySource> logger)
    {
        _client = client;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public string Name => "fhir-history";

    public async ValueTask ContributeAsync(ReportingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var patientId = context.Patient.PatientId ?? context.Event.PatientId;
        if (string.IsNullOrWhiteSpace(patientId))
        {
            context.Warnings.Add("FHIR history was not searched: the event has no patient id.");
            return;
        }

        var patient = FhirPriorReportSource.PatientToken(_options, patientId);
        var observationsFrom = DateOnly.FromDateTime(_timeProvider.GetUtcNow().UtcDateTime - _options.ObservationLookback);

        await AddAsync(context, "Condition", new SearchParams().Add("patient.identifier", patient), cancellationToken)
            .ConfigureAwait(false);
        await AddAsync(context, "Procedure", new SearchParams().Add("patient.identifier", patient), cancellationToken)
            .ConfigureAwait(false);
        await AddAsync(
                context,
                "Observation",
                new SearchParams()
                    .Add("patient.identifier", patient)
                    .Add("date", "ge" + observationsFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
                    .OrderBy("date", SortOrder.Descending),
                cancellationToken)
            .ConfigureAwait(false);
    }

    private async Task AddAsync(ReportingContext context, string resourceType, SearchParams parameters, CancellationToken cancellationToken)
    {
        var result = await _client.SearchAsync(resourceType, parameters, _options.MaxHistoryItemsPerKind, cancellationToken)
            .ConfigureAwait(false);
        if (result.NotFoundStatus is { } status)
        {
            context.Warnings.Add($"FHIR {resourceType} search at {_client.BaseUrl} returned HTTP {status}; no {resourceType} history was added.");
            return;
        }

        var known = context.History.Select(h => h.SourceId).ToHashSet(StringComparer.Ordinal);
        foreach (var resource in result.Matches)
        {
            var item = HistoryMapper.Map(resource, out var reason);
            if (item is null)
            {
                Log.ResourceSkipped(_logger, resource.TypeName, resource.Id, reason!);
                continue;
            }

            if (known.Add(item.SourceId))
            {
                context.History.Add(item);
            }
        }
    }
}
