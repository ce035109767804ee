using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RadAssist.Dicom.StructuredReport;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>
/// Adds what the PACS stores about a study to the reporting context, over QIDO-RS and WADO-RS (DICOM PS3.18).
/// </summary>
/// <remarks>
/// <para>
/// Fills the study's modality, body part, description and reason for study where the event left them empty, and
/// always its series. Finds the patient's earlier studies (QIDO-RS by Patient ID and a study date range ending at the
/// current study), reads the report SRs stored in them as <see cref="PriorReport"/>s, and reads imaging measurement
/// reports (TID 1500) of the current study as image findings. SR drafts written by RadAssist are not read back.
/// </para>
/// <para>
/// When the event has no Study Instance UID the study is resolved by accession number, or by patient id, modality and
/// date; no match or several raise <see cref="DicomWebStudyResolutionException"/> instead of a guess.
/// </para>
/// </remarks>
public sealed class DicomWebStudyContextSource : IContextSource
{
    private static DateOnly? BirthDateOf(DicomDataset study) =>
        DateOnly.TryParseExact(
            study.GetString(DicomTags.PatientBirthDate)?.Trim(),
            "yyyyMMdd",
            System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None,
            out var date)
            ? date
            : null;

    private static readonly DicomTag ModalitiesInStudy = new(0x0008, 0x0061);
    private static readonly DicomTag BodyPartExamined = new(0x0018, 0x0015);
    private static readonly DicomTag ReasonForStudy = new(0x0032, 0x1030);
    private static readonly DicomTag ReasonForRequestedProcedure = new(0x0040, 0x1002);
    private static readonly DicomTag RequestAttributesSequence = new(0x0040, 0x0275);
    private static readonly DicomTag NumberOfSeriesRelatedInstances = new(0x0020, 0x1209);
    private static readonly string[] NonImageModalities = ["SR", "KO", "PR", "DOC"];

    private readonly DicomWebClient _client;
    private readonly DicomWebOptions _options;
    private readonly ILogger _logger;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="client">The DICOMweb client.</param>
    /// <param name="options">The options; <see cref="DicomWebOptions.MaxPriorStudies"/> limits the priors read.</param>
    /// <param name="logger">The logger, or null for none.</param>
    public DicomWebStudyContextSource(
        DicomWebClient client,
        IOptions<DicomWebOptions> options,
        ILogger<DicomWebStudyContextSource>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);

        _client = client;
        _options = options.Value;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <inheritdoc/>
    public string Name => "dicomweb";

    /// <inheritdoc/>
    /// <exception cref="DicomWebStudyResolutionException">The study is not in the PACS, or the order matches several.</exception>
    /// <exception cref="DicomWebException">A request for the current study failed.</exception>
    public async ValueTask ContributeAsync(ReportingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var (studyUid, criteria) = await StudyResolver.ResolveAsync(_client, context.Event, cancellationToken).ConfigureAwait(false);
        Log.StudyResolved(_logger, context.Event.EventId, criteria);

        var study = await ReadStudyAsync(studyUid, cancellationToken).ConfigureAwait(false);
        var series = await ReadSeriesAsync(studyUid, cancellationToken).ConfigureAwait(false);
        var request = await ReadFirstImageAsync(studyUid, series, context, cancellationToken).ConfigureAwait(false);

        var current = context.Study;
        context.Study = current with
        {
            StudyInstanceUid = studyUid,
            AccessionNumber = current.AccessionNumber ?? NonEmpty(study.GetString(DicomTags.AccessionNumber)),
            Modality = current.Modality ?? ModalityOf(study, series),
            BodyPart = current.BodyPart ?? NonEmpty(request?.GetString(BodyPartExamined))
                ?? series.Select(s => NonEmpty(s.BodyPart)).FirstOrDefault(b => b is not null),
            Description = current.Description ?? NonEmpty(study.GetString(DicomTags.StudyDescription)),
            StudyDate = current.StudyDate ?? DateOf(study),
            ReasonForStudy = current.ReasonForStudy ?? (request is null ? null : ReasonOf(request)),
            Series = series.Select(s => s.Info).ToList(),
        };
        // QIDO-RS returns the patient attributes with every study (PS3.18 table 10.6.3-3). The draft SR is stored in
        // this study, so it takes the study's demographics, or the PACS would file it under a different patient.
        var patient = context.Patient;
        context.Patient = patient with
        {
            PatientId = patient.PatientId ?? NonEmpty(study.GetString(DicomTags.PatientId)),
            Name = patient.Name ?? NonEmpty(study.GetString(DicomTags.PatientName)),
            BirthDate = patient.BirthDate ?? BirthDateOf(study),
            Sex = patient.Sex ?? NonEmpty(study.GetString(DicomTags.PatientSex)),
        };

        await AddImageFindingsAsync(context, studyUid, series, cancellationToken).ConfigureAwait(false);
        await AddPriorsAsync(context, studyUid, cancellationToken).ConfigureAwait(false);
        Log.ContextRead(_logger, context.CorrelationId, series.Count, context.PriorStudies.Count, context.PriorReports.Count, context.ImageFindings.Count);
    }

    private async Task<DicomDataset> ReadStudyAsync(string studyUid, CancellationToken cancellationToken)
    {
        var query = new DicomQuery()
            .Match("StudyInstanceUID", studyUid)
            .Include("StudyDescription")
            .Include("ModalitiesInStudy");
        var studies = await _client.SearchStudiesAsync(query, cancellationToken).ConfigureAwait(false);
        return studies.Count switch
        {
            1 => studies[0],
            0 => throw new DicomWebStudyResolutionException(
                $"Study {studyUid} is not in the PACS at {_client.BaseAddress}; check the UID or wait until the images are stored.",
                "StudyInstanceUID",
                []),
            _ => throw new DicomWebException(
                $"QIDO-RS for Study Instance UID {studyUid} at {_client.BaseAddress} returned {studies.Count} studies instead of one."),
        };
    }

    private async Task<List<SeriesRecord>> ReadSeriesAsync(string studyUid, CancellationToken cancellationToken)
    {
        var query = new DicomQuery().Include("BodyPartExamined").Include("SeriesDescription").Include("Manufacturer");
        var datasets = await _client.SearchSeriesAsync(studyUid, query, cancellationToken).ConfigureAwait(false);
        var series = new List<SeriesRecord>();
        foreach (var dataset in datasets)
        {
            if (NonEmpty(dataset.GetString(DicomTags.SeriesInstanceUid)) is not { } uid)
            {
                continue;
            }

            var count = int.TryParse(dataset.GetString(NumberOfSeriesRelatedInstances), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : (int?)null;
            var info = new SeriesInfo(uid, NonEmpty(dataset.GetString(DicomTags.Modality)), NonEmpty(dataset.GetString(DicomTags.SeriesDescription)), count);
            series.Add(new SeriesRecord(info, NonEmpty(dataset.GetString(BodyPartExamined)), IsOwnSeries(dataset)));
        }

        return series;
    }

    /// <summary>Reads the metadata of one image of the study, which carries the body part and the reason for the request.</summary>
    private async Task<DicomDataset?> ReadFirstImageAsync(
        string studyUid,
        List<SeriesRecord> series,
        ReportingContext context,
        CancellationToken cancellationToken)
    {
        var imageSeries = series.FirstOrDefault(s => !IsNonImage(s.Info.Modality));
        if (imageSeries is null)
        {
            return null;
        }

        try
        {
            var instances = await _client.SearchInstancesAsync(studyUid, imageSeries.Info.SeriesInstanceUid, new DicomQuery { Limit = 1 }, cancellationToken)
                .ConfigureAwait(false);
            if (instances.Count == 0 || NonEmpty(instances[0].GetString(DicomTags.SopInstanceUid)) is not { } sopUid)
            {
                return null;
            }

            var metadata = await _client.RetrieveMetadataAsync(studyUid, imageSeries.Info.SeriesInstanceUid, sopUid, cancellationToken)
                .ConfigureAwait(false);
            return metadata.Count > 0 ? metadata[0] : null;
        }
        catch (DicomWebException exception) when (!exception.IsTransient)
        {
            Log.ContextPartSkipped(_logger, "the image metadata", context.CorrelationId, exception);
            context.Warnings.Add($"The image metadata of study {studyUid} could not be read: {exception.Message}");
            return null;
        }
    }

    private async Task AddImageFindingsAsync(
        ReportingContext context,
        string studyUid,
        List<SeriesRecord> series,
        CancellationToken cancellationToken)
    {
        foreach (var srSeries in series.Where(s => s.Info.Modality == "SR" && !s.IsOwn))
        {
            await foreach (var (document, sopUid) in ReadSrAsync(context, studyUid, srSeries.Info.SeriesInstanceUid, cancellationToken).ConfigureAwait(false))
            {
                if (SrContentText.IsMeasurementReport(document))
                {
                    context.ImageFindings.AddRange(SrContentText.FindingsOf(document, sopUid));
                }
            }
        }
    }

    private async Task AddPriorsAsync(ReportingContext context, string studyUid, CancellationToken cancellationToken)
    {
        if (context.Patient.PatientId is not { } patientId || _options.MaxPriorStudies <= 0)
        {
            return;
        }

        var query = new DicomQuery().Match("PatientID", patientId).Include("StudyDescription").Include("ModalitiesInStudy");
        if (context.Study.StudyDate is { } date)
        {
            query.Match("StudyDate", "-" + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }

        IReadOnlyList<DicomDataset> studies;
        try
        {
            studies = await _client.SearchStudiesAsync(query, cancellationToken).ConfigureAwait(false);
        }
        catch (DicomWebException exception)
        {
            Log.ContextPartSkipped(_logger, "the prior studies", context.CorrelationId, exception);
            context.Warnings.Add($"The prior studies could not be searched: {exception.Message}");
            return;
        }

        var priors = studies
            .Where(s => s.GetString(DicomTags.StudyInstanceUid) is { } uid && uid != studyUid)
            .OrderByDescending(s => DateOf(s) ?? DateOnly.MinValue)
            .Take(_options.MaxPriorStudies)
            .ToList();
        foreach (var prior in priors)
        {
            var info = new StudyInfo
            {
                StudyInstanceUid = prior.GetString(DicomTags.StudyInstanceUid),
                AccessionNumber = NonEmpty(prior.GetString(DicomTags.AccessionNumber)),
                Modality = ModalityOf(prior, []),
                Description = NonEmpty(prior.GetString(DicomTags.StudyDescription)),
                StudyDate = DateOf(prior),
            };
            context.PriorStudies.Add(info);
            await AddPriorReportsAsync(context, info, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AddPriorReportsAsync(ReportingContext context, StudyInfo prior, CancellationToken cancellationToken)
    {
        IReadOnlyList<DicomDataset> srSeries;
        try
        {
            var query = new DicomQuery().Match("Modality", "SR").Include("Manufacturer");
            srSeries = await _client.SearchSeriesAsync(prior.StudyInstanceUid, query, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (DicomWebException exception)
        {
            Log.ContextPartSkipped(_logger, "the series of a prior study", context.CorrelationId, exception);
            context.Warnings.Add($"The series of prior study {prior.StudyInstanceUid} could not be searched: {exception.Message}");
            return;
        }

        var seriesUids = srSeries
            .Where(s => !IsOwnSeries(s))
            .Select(s => NonEmpty(s.GetString(DicomTags.SeriesInstanceUid)))
            .OfType<string>();
        foreach (var seriesUid in seriesUids)
        {
            await foreach (var (document, sopUid) in ReadSrAsync(context, prior.StudyInstanceUid!, seriesUid, cancellationToken).ConfigureAwait(false))
            {
                if (SrContentText.IsMeasurementReport(document) || SrContentText.TextOf(document) is not { Length: > 0 } text)
                {
                    continue;
                }

                context.PriorReports.Add(new PriorReport
                {
                    ReportId = sopUid,
                    Text = text,
                    ExamDescription = prior.Description,
                    Modality = prior.Modality,
                    ExamDate = prior.StudyDate,
                    StudyInstanceUid = prior.StudyInstanceUid,
                    Source = "dicomweb",
                });
            }
        }
    }

    /// <summary>Retrieves the SR documents of a series, skipping drafts written by RadAssist and unreadable files.</summary>
    private async IAsyncEnumerable<(SrDocument Document, string SopInstanceUid)> ReadSrAsync(
        ReportingContext context,
        string studyUid,
        string seriesUid,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var documents = new List<(SrDocument, string)>();
        try
        {
            await foreach (var file in _client.RetrieveInstancesAsync(studyUid, seriesUid, null, cancellationToken).ConfigureAwait(false))
            {
                var dataset = file.Dataset;
                var sopClass = dataset.GetString(DicomTags.SopClassUid) ?? string.Empty;
                if (!sopClass.StartsWith("1.2.840.10008.5.1.4.1.1.88.", StringComparison.Ordinal) || IsOwnDraft(dataset))
                {
                    continue;
                }

                try
                {
                    documents.Add((SrDocument.Read(dataset), dataset.GetString(DicomTags.SopInstanceUid) ?? string.Empty));
                }
                catch (DicomFormatException exception)
                {
                    Log.ContextPartSkipped(_logger, "an SR document", context.CorrelationId, exception);
                    context.Warnings.Add($"An SR in series {seriesUid} could not be read: {exception.Message}");
                }
            }
        }
        catch (DicomWebException exception)
        {
            Log.ContextPartSkipped(_logger, "an SR series", context.CorrelationId, exception);
            context.Warnings.Add($"SR series {seriesUid} could not be retrieved: {exception.Message}");
        }

        foreach (var document in documents)
        {
            yield return document;
        }
    }

    /// <summary>Whether the SR is an unverified draft this SDK wrote, which must not feed later drafts.</summary>
    private static bool IsOwnDraft(DicomDataset dataset) =>
        dataset.GetString(DicomTags.Manufacturer) == "RadAssist"
        && dataset.GetString(DicomTags.VerificationFlag) == "UNVERIFIED";

    /// <summary>
    /// Whether a series was written by RadAssist, so its drafts need not be downloaded; servers that do not return
    /// Manufacturer at series level leave the check to <see cref="IsOwnDraft"/>.
    /// </summary>
    private static bool IsOwnSeries(DicomDataset series) => series.GetString(DicomTags.Manufacturer) == "RadAssist";

    private static string? ModalityOf(DicomDataset study, List<SeriesRecord> series)
    {
        var modalities = study.Get(ModalitiesInStudy)?.GetStrings() ?? [];
        return modalities.FirstOrDefault(m => !IsNonImage(m))
            ?? series.Select(s => s.Info.Modality).FirstOrDefault(m => m is not null && !IsNonImage(m))
            ?? NonEmpty(modalities.FirstOrDefault());
    }

    private static string? ReasonOf(DicomDataset dataset) =>
        NonEmpty(dataset.GetString(ReasonForRequestedProcedure))
        ?? NonEmpty(dataset.GetString(ReasonForStudy))
        ?? dataset.GetItems(RequestAttributesSequence).Select(i => NonEmpty(i.GetString(ReasonForRequestedProcedure))).FirstOrDefault(r => r is not null);

    private static DateOnly? DateOf(DicomDataset dataset) =>
        DateOnly.TryParseExact(dataset.GetString(DicomTags.StudyDate)?.Trim(), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    private static bool IsNonImage(string? modality) => modality is not null && NonImageModalities.Contains(modality);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private sealed record SeriesRecord(SeriesInfo Info, string? BodyPart, bool IsOwn);
}
