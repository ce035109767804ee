using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>
/// Delivers the SR rendering of a draft to the PACS through STOW-RS (DICOM PS3.18 10.5) and confirms that the PACS
/// stored it under the reported study.
/// </summary>
/// <remarks>
/// Before sending, the study's instances are added as Current Requested Procedure Evidence (0040,A375) when the SR
/// has none and <see cref="DicomWebOptions.AddStudyEvidence"/> is set. After sending, the delivery fails unless the
/// STOW-RS response lists the SR as stored and, with <see cref="DicomWebOptions.ConfirmStorage"/>, a QIDO-RS search of
/// the study finds it. The upload is not retried; <see cref="DeliveryException.IsTransient"/> tells the host whether
/// sending it again may succeed.
/// </remarks>
public sealed class StowRsDraftDelivery : IDraftDelivery
{
    private const string SrSopClassPrefix = "1.2.840.10008.5.1.4.1.1.88.";

    private readonly DicomWebClient _client;
    private readonly DicomWebOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="client">The DICOMweb client.</param>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or null for none.</param>
    public StowRsDraftDelivery(DicomWebClient client, IOptions<DicomWebOptions> options, ILogger<StowRsDraftDelivery>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);

        _client = client;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc/>
    public string Name => "stow-rs";

    /// <inheritdoc/>
    public string Format => "sr";

    /// <inheritdoc/>
    /// <returns>The target (the DICOMweb root) and the SR's Retrieve URL.</returns>
    /// <exception cref="ArgumentException">The rendering is not a DICOM Part 10 SR with a Study Instance UID.</exception>
    /// <exception cref="DeliveryException">The PACS did not store the SR, or could not be reached.</exception>
    public async ValueTask<DeliveryResult> DeliverAsync(RenderedDraft rendered, DraftReport draft, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(draft);

        var dataset = ReadSr(rendered);
        var studyUid = dataset.GetString(DicomTags.StudyInstanceUid);
        var seriesUid = dataset.GetString(DicomTags.SeriesInstanceUid);
        var sopUid = dataset.GetString(DicomTags.SopInstanceUid);
        if (!DicomUid.IsValid(studyUid) || !DicomUid.IsValid(seriesUid) || !DicomUid.IsValid(sopUid))
        {
            throw new ArgumentException(
                $"The SR rendering of draft {draft.DraftId} lacks a valid Study, Series or SOP Instance UID.", nameof(rendered));
        }

        try
        {
            var content = rendered.Content;
            if (_options.AddStudyEvidence && !dataset.Contains(DicomTags.CurrentRequestedProcedureEvidenceSequence))
            {
                content = await AddEvidenceAsync(dataset, studyUid!, cancellationToken).ConfigureAwait(false) ?? content;
            }

            var result = await _client.StoreAsync([content], studyUid, cancellationToken).ConfigureAwait(false);
            var stored = result.Referenced.FirstOrDefault(r => r.SopInstanceUid == sopUid);
            if (stored is null)
            {
                var reason = result.Failed.Count > 0 ? StowRsResponse.Describe(result.Failed) : "the response does not list it as stored";
                throw new DeliveryException(
                    $"STOW-RS to {_client.BaseAddress} did not store SR {sopUid} (HTTP {(int)result.StatusCode}): {reason}.");
            }

            if (_options.ConfirmStorage)
            {
                await ConfirmAsync(studyUid!, sopUid!, cancellationToken).ConfigureAwait(false);
            }

            var location = stored.RetrieveUrl
                ?? new Uri(_client.BaseAddress, $"studies/{studyUid}/series/{seriesUid}/instances/{sopUid}").AbsoluteUri;
            Log.DraftStored(_logger, draft.CorrelationId, location);
            return new DeliveryResult($"STOW-RS {_client.BaseAddress}", location);
        }
        catch (DicomWebException exception)
        {
            throw new DeliveryException($"The SR draft could not be stored: {exception.Message}", exception)
            {
                IsTransient = exception.IsTransient,
            };
        }
    }

    private static DicomDataset ReadSr(RenderedDraft rendered)
    {
        if (!string.Equals(rendered.Format, "sr", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Rendering format '{rendered.Format}' is not 'sr'; STOW-RS delivers SR drafts only.", nameof(rendered));
        }

        DicomDataset dataset;
        try
        {
            dataset = DicomFile.Read(rendered.Content).Dataset;
        }
        catch (DicomFormatException exception)
        {
            throw new ArgumentException($"The SR rendering is not a readable DICOM Part 10 file: {exception.Message}", nameof(rendered), exception);
        }

        var sopClass = dataset.GetString(DicomTags.SopClassUid);
        if (sopClass is null || !sopClass.StartsWith(SrSopClassPrefix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"SOP Class UID '{sopClass}' of the rendering is not a Structured Report class.", nameof(rendered));
        }

        return dataset;
    }

    /// <summary>Adds the study's non-SR instances as evidence (PS3.3 C.17.2.3) and returns the new file bytes.</summary>
    private async Task<ReadOnlyMemory<byte>?> AddEvidenceAsync(DicomDataset dataset, string studyUid, CancellationToken cancellationToken)
    {
        var query = new DicomQuery().Include("SeriesInstanceUID").Include("SOPClassUID");
        var instances = await _client.SearchInstancesAsync(studyUid, null, query, cancellationToken).ConfigureAwait(false);
        var series = instances
            .Select(i => (
                Series: i.GetString(DicomTags.SeriesInstanceUid),
                SopClass: i.GetString(DicomTags.SopClassUid),
                Sop: i.GetString(DicomTags.SopInstanceUid)))
            .Where(i => DicomUid.IsValid(i.Series) && DicomUid.IsValid(i.SopClass) && DicomUid.IsValid(i.Sop)
                && !i.SopClass!.StartsWith(SrSopClassPrefix, StringComparison.Ordinal))
            .GroupBy(i => i.Series!, StringComparer.Ordinal)
            .Select(group => new DicomDataset()
                .Set(DicomTags.SeriesInstanceUid, DicomVR.UI, group.Key)
                .Set(DicomTags.ReferencedSopSequence, group
                    .Select(i => new DicomDataset()
                        .Set(DicomTags.ReferencedSopClassUid, DicomVR.UI, i.SopClass!)
                        .Set(DicomTags.ReferencedSopInstanceUid, DicomVR.UI, i.Sop!))
                    .ToArray()))
            .ToArray();
        if (series.Length == 0)
        {
            return null;
        }

        var study = new DicomDataset()
            .Set(DicomTags.StudyInstanceUid, DicomVR.UI, studyUid)
            .Set(DicomTags.ReferencedSeriesSequence, series);
        dataset.Set(DicomTags.CurrentRequestedProcedureEvidenceSequence, study);
        return DicomFile.Create(dataset).ToArray();
    }

    private async Task ConfirmAsync(string studyUid, string sopUid, CancellationToken cancellationToken)
    {
        var query = new DicomQuery().Match("SOPInstanceUID", sopUid);
        var found = await _client.SearchInstancesAsync(studyUid, null, query, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            throw new DeliveryException(
                $"STOW-RS to {_client.BaseAddress} reported SR {sopUid} as stored, but QIDO-RS does not find it in study {studyUid}.")
            {
                IsTransient = true,
            };
        }
    }
}
