using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RadAssist.Governance;
using RadAssist.Pipeline;
using RadAssist.Validation;

namespace RadAssist;

/// <summary>
/// Runs the main job for one study event: context, de-identification, generation, checks, rendering, delivery,
/// with one audit event per step.
/// </summary>
/// <remarks>
/// The pipeline is thread-safe; one instance serves every event of a host. Every run, whatever its outcome, ends
/// with an audit event of type <c>completed</c>, <c>rejected</c>, <c>skipped</c> or <c>failed</c>.
/// </remarks>
public sealed class DraftPipeline
{
    private static readonly StudyEventValidator Validator = new();

    private readonly IReadOnlyList<IContextSource> _contextSources;
    private readonly IDeidentifier? _deidentifier;
    private readonly IDraftGenerator _generator;
    private readonly IReadOnlyList<IDraftCheck> _checks;
    private readonly IReadOnlyDictionary<string, IDraftWriter> _writers;
    private readonly IReadOnlyList<IDraftDelivery> _deliveries;
    private readonly IAuditSink _audit;
    private readonly RadAssistOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RolloutPolicy? _rollout;
    private readonly TransientStudyStore? _transient;
    private readonly IReadOnlyList<ICriticalResultHandler> _criticalHandlers;

    /// <summary>Creates a pipeline from its parts; hosts normally let <c>AddRadAssist</c> do this.</summary>
    /// <param name="generator">The draft generator.</param>
    /// <param name="audit">The audit sink.</param>
    /// <param name="contextSources">Context sources, run in order.</param>
    /// <param name="writers">Writers, one per format.</param>
    /// <param name="deliveries">Deliveries, each sent the rendering in its format.</param>
    /// <param name="checks">Checks applied to each draft in order.</param>
    /// <param name="options">Pipeline options.</param>
    /// <param name="deidentifier">De-identifier, required when the generator sends data off the host.</param>
    /// <param name="timeProvider">Clock for audit timestamps; the system clock when <see langword="null"/>.</param>
    /// <param name="logger">Logger; none when <see langword="null"/>.</param>
    /// <param name="rolloutPolicy">Rollout policy deciding per exam whether to draft and deliver; every exam is drafted and delivered when <see langword="null"/>.</param>
    /// <param name="transientStore">Store of transient study data, emptied for each run at its end; none when <see langword="null"/>.</param>
    /// <param name="criticalResultHandlers">Handlers told of every draft with critical results; none when <see langword="null"/>.</param>
    public DraftPipeline(
        IDraftGenerator generator,
        IAuditSink audit,
        IEnumerable<IContextSource> contextSources,
        IEnumerable<IDraftWriter> writers,
        IEnumerable<IDraftDelivery> deliveries,
        IEnumerable<IDraftCheck> checks,
        IOptions<RadAssistOptions> options,
        IDeidentifier? deidentifier = null,
        TimeProvider? timeProvider = null,
        ILogger<DraftPipeline>? logger = null,
        RolloutPolicy? rolloutPolicy = null,
        TransientStudyStore? transientStore = null,
        IEnumerable<ICriticalResultHandler>? criticalResultHandlers = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(contextSources);
        ArgumentNullException.ThrowIfNull(writers);
        ArgumentNullException.ThrowIfNull(deliveries);
        ArgumentNullException.ThrowIfNull(checks);
        ArgumentNullException.ThrowIfNull(options);

        _generator = generator;
        _audit = audit;
        _contextSources = [.. contextSources];
        _checks = [.. checks];
        _deliveries = [.. deliveries];
        _deidentifier = deidentifier;
        _options = options.Value;
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _rollout = rolloutPolicy;
        _transient = transientStore;
        _criticalHandlers = [.. criticalResultHandlers ?? []];

        // The last registration of a format wins, as with other DI-composed services.
        var byFormat = new Dictionary<string, IDraftWriter>(StringComparer.OrdinalIgnoreCase);
        foreach (var writer in writers)
        {
            byFormat[writer.Format] = writer;
        }

        _writers = byFormat;
    }

    /// <summary>Formats a writer is registered for.</summary>
    public IReadOnlyCollection<string> AvailableFormats => [.. _writers.Keys];

    /// <summary>Runs the main job for one event.</summary>
    /// <param name="studyEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the run; the cancellation is audited.</param>
    /// <returns>The outcome; a rejected or failed run is reported here, not thrown.</returns>
    public async Task<DraftRunResult> RunAsync(StudyEvent studyEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(studyEvent);

        var correlationId = Guid.NewGuid().ToString("N");
        using var activity = RadAssistTelemetry.ActivitySource.StartActivity("radassist.draft");
        activity?.SetTag("radassist.correlation_id", correlationId);
        activity?.SetTag("radassist.event.source", studyEvent.Source);
        var started = _time.GetTimestamp();
        Log.RunStarted(_logger, correlationId, studyEvent.EventId, studyEvent.Source);

        var result = await RunCoreAsync(studyEvent, correlationId, cancellationToken).ConfigureAwait(false);

        // Failed and skipped runs keep no transient study data either; after a delivered run this finds nothing left.
        await DeleteTransientAsync(correlationId).ConfigureAwait(false);

        var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
        RadAssistTelemetry.Runs.Add(1, new KeyValuePair<string, object?>("status", result.Status.ToString()));
        RadAssistTelemetry.RunDuration.Record(elapsed, new KeyValuePair<string, object?>("status", result.Status.ToString()));
        activity?.SetTag("radassist.status", result.Status.ToString());
        if (!result.Succeeded && result.Status != DraftRunStatus.Skipped)
        {
            activity?.SetStatus(ActivityStatusCode.Error, result.Error);
        }

        Log.RunEnded(_logger, correlationId, result.Status, elapsed);
        return result;
    }

    /// <summary>
    /// Reads events from a source and runs each, acknowledging the sender only after its run has been audited.
    /// </summary>
    /// <param name="source">The event source.</param>
    /// <param name="cancellationToken">Stops reading; runs in progress finish or are cancelled with it.</param>
    /// <remarks>
    /// A rejected event is acknowledged negatively with the reason. Any other outcome, failures included, is
    /// acknowledged positively because the event was taken over and its failure is in the audit. Up to
    /// <see cref="RadAssistOptions.MaxConcurrentRuns"/> events run at once.
    /// </remarks>
    public async Task RunSourceAsync(IStudyEventSource source, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);

        using var slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrentRuns));
        var running = new List<Task>();
        try
        {
            await foreach (var received in source.ReadEventsAsync(cancellationToken).ConfigureAwait(false))
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunAndSettleAsync(received, slots, cancellationToken));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal way out of a source that never ends.
        }
        catch (Exception ex)
        {
            Log.SourceFailed(_logger, source.Name, ex);
            throw;
        }
        finally
        {
            await Task.WhenAll(running).ConfigureAwait(false);
        }
    }

    /// <summary>Writes one <c>rejected</c> audit event for input that could not become a study event.</summary>
    /// <param name="source">Name of the channel the input came from, such as <c>webhook</c>.</param>
    /// <param name="reason">Why the input was rejected, naming the field and value.</param>
    /// <param name="inputSha256">SHA-256 of the raw input, when available.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>The correlation id of the rejection.</returns>
    public async Task<string> RejectInputAsync(
        string source,
        string reason,
        string? inputSha256,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        ArgumentException.ThrowIfNullOrEmpty(reason);

        var correlationId = Guid.NewGuid().ToString("N");
        Log.InputRejected(_logger, source, correlationId);
        await AppendAsync(
            new AuditEvent
            {
                CorrelationId = correlationId,
                EventType = AuditEventTypes.Rejected,
                Timestamp = _time.GetUtcNow(),
                Actor = _options.ActorName,
                Outcome = AuditOutcomes.Rejected,
                InputSha256 = inputSha256,
                Output = reason,
                Data = new Dictionary<string, string> { ["source"] = source },
            },
            cancellationToken).ConfigureAwait(false);
        return correlationId;
    }

    private async Task RunAndSettleAsync(ReceivedStudyEvent received, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        try
        {
            var result = await RunAsync(received.Event, cancellationToken).ConfigureAwait(false);
            if (result.Status == DraftRunStatus.Rejected)
            {
                await received.RejectAsync(result.Error ?? "invalid event", cancellationToken).ConfigureAwait(false);
            }
            else if (!(result.Status == DraftRunStatus.Failed && cancellationToken.IsCancellationRequested))
            {
                await received.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not acknowledged: the sender resends after the host restarts.
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task<DraftRunResult> RunCoreAsync(StudyEvent studyEvent, string correlationId, CancellationToken cancellationToken)
    {
        var studyUid = studyEvent.StudyInstanceUid;
        var eventHash = Sha256Hex(JsonSerializer.SerializeToUtf8Bytes(studyEvent, PipelineJsonContext.Default.StudyEvent));

        var validation = Validator.Validate(studyEvent);
        if (!validation.IsValid)
        {
            var reason = string.Join(
                " ",
                validation.Errors.Select(e => $"Field '{e.PropertyName}': {e.ErrorMessage}"));
            Log.EventRejected(
                _logger,
                correlationId,
                string.Join(", ", validation.Errors.Select(e => e.PropertyName).Distinct(StringComparer.Ordinal)));
            await AppendAsync(Event(correlationId, AuditEventTypes.Rejected, studyUid, AuditOutcomes.Rejected) with
            {
                InputSha256 = eventHash,
                Output = reason,
                Data = new Dictionary<string, string> { ["source"] = studyEvent.Source, ["event_id"] = studyEvent.EventId },
            }, CancellationToken.None).ConfigureAwait(false);
            return new DraftRunResult(correlationId, DraftRunStatus.Rejected, null, [], [], reason);
        }

        try
        {
            var rollout = _rollout?.Decide(studyEvent.Modality, studyEvent.BodyPart);
            var receivedData = new Dictionary<string, string>
            {
                ["source"] = studyEvent.Source,
                ["event_id"] = studyEvent.EventId,
                ["kind"] = studyEvent.Kind.ToString(),
            };
            AddGovernanceData(receivedData, studyEvent, rollout);
            await AppendAsync(Event(correlationId, AuditEventTypes.Received, studyUid) with
            {
                InputSha256 = eventHash,
                Data = receivedData,
            }, cancellationToken).ConfigureAwait(false);

            if (studyEvent.Kind is StudyEventKind.OrderCancelled or StudyEventKind.ReportSigned)
            {
                var why = $"event kind {studyEvent.Kind} asks for no draft";
                await AppendAsync(Event(correlationId, AuditEventTypes.Completed, studyUid, AuditOutcomes.Skipped) with
                {
                    Output = why,
                }, CancellationToken.None).ConfigureAwait(false);
                return new DraftRunResult(correlationId, DraftRunStatus.Skipped, null, [], [], why);
            }

            if (rollout is { GeneratesDraft: false })
            {
                var skipReason = $"rollout: {rollout.Reason}";
                Log.RolloutDecided(_logger, correlationId, RolloutPolicy.ModeName(rollout.Mode), rollout.Reason);
                await AppendAsync(Event(correlationId, AuditEventTypes.Completed, studyUid, AuditOutcomes.Skipped) with
                {
                    Output = skipReason,
                    Data = new Dictionary<string, string> { [GovernanceDataKeys.RolloutMode] = RolloutPolicy.ModeName(rollout.Mode) },
                }, CancellationToken.None).ConfigureAwait(false);
                return new DraftRunResult(correlationId, DraftRunStatus.Skipped, null, [], [], skipReason);
            }

            var context = await BuildContextAsync(studyEvent, correlationId, cancellationToken).ConfigureAwait(false);
            studyUid = context.Study.StudyInstanceUid ?? studyUid;

            var draft = await GenerateAsync(context, studyUid, cancellationToken).ConfigureAwait(false);
            draft = await CheckAsync(draft, context, studyUid, cancellationToken).ConfigureAwait(false);
            if (rollout is not null)
            {
                Log.RolloutDecided(_logger, correlationId, RolloutPolicy.ModeName(rollout.Mode), rollout.Reason);
                draft = RolloutPolicy.Apply(rollout, draft);
            }

            await RaiseCriticalResultsAsync(draft, studyUid, notify: rollout is not { DeliversDraft: false }, cancellationToken)
                .ConfigureAwait(false);
            var renderings = await RenderAsync(draft, context, studyUid, cancellationToken).ConfigureAwait(false);
            var (deliveries, deliveryError) = rollout is { DeliversDraft: false }
                ? (await SkipDeliveriesAsync(draft, rollout, studyUid, cancellationToken).ConfigureAwait(false), null)
                : await DeliverAsync(draft, renderings, studyUid, cancellationToken).ConfigureAwait(false);
            var transientFilesDeleted = await DeleteTransientAsync(correlationId).ConfigureAwait(false);

            var status = deliveryError is null ? DraftRunStatus.Completed : DraftRunStatus.DeliveryFailed;
            await AppendAsync(Event(correlationId, AuditEventTypes.Completed, studyUid,
                deliveryError is null ? AuditOutcomes.Success : AuditOutcomes.Failure) with
            {
                Output = deliveryError,
                Data = new Dictionary<string, string>
                {
                    ["draft_id"] = draft.DraftId,
                    ["mandatory_review"] = draft.RequiresMandatoryReview ? "true" : "false",
                    ["transient_files_deleted"] = Count(transientFilesDeleted),
                    [GovernanceDataKeys.RolloutMode] = rollout is null ? "none" : RolloutPolicy.ModeName(rollout.Mode),
                },
            }, CancellationToken.None).ConfigureAwait(false);
            return new DraftRunResult(correlationId, status, draft, renderings, deliveries, deliveryError);
        }
        catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
        {
            Log.RunCancelled(_logger, correlationId);
            await TryAppendFailureAsync(correlationId, studyUid, "cancelled", ex).ConfigureAwait(false);
            return new DraftRunResult(correlationId, DraftRunStatus.Failed, null, [], [], "The run was cancelled.");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.RunFailed(_logger, correlationId, ex);
            await TryAppendFailureAsync(correlationId, studyUid, ex.Message, ex).ConfigureAwait(false);
            return new DraftRunResult(correlationId, DraftRunStatus.Failed, null, [], [], ex.Message);
        }
    }

    private async Task<ReportingContext> BuildContextAsync(
        StudyEvent studyEvent,
        string correlationId,
        CancellationToken cancellationToken)
    {
        var context = new ReportingContext(studyEvent, correlationId);
        foreach (var source in _contextSources)
        {
            try
            {
                await source.ContributeAsync(context, cancellationToken).ConfigureAwait(false);
                await AppendAsync(Event(correlationId, AuditEventTypes.Context, context.Study.StudyInstanceUid) with
                {
                    Data = new Dictionary<string, string>
                    {
                        ["source"] = source.Name,
                        ["prior_reports"] = Count(context.PriorReports.Count),
                        ["history_items"] = Count(context.History.Count),
                        ["image_findings"] = Count(context.ImageFindings.Count),
                    },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.ContextSourceFailed(_logger, correlationId, source.Name, ex);
                await AppendAsync(Event(correlationId, AuditEventTypes.Context, context.Study.StudyInstanceUid,
                    AuditOutcomes.Failure) with
                {
                    Output = ex.Message,
                    Data = new Dictionary<string, string> { ["source"] = source.Name },
                }, cancellationToken).ConfigureAwait(false);
                if (!_options.ContinueOnContextFailure)
                {
                    throw new InvalidOperationException($"Context source '{source.Name}' failed: {ex.Message}", ex);
                }

                context.Warnings.Add($"Context source '{source.Name}' failed: {ex.Message}");
            }
        }

        // Newest prior first; priors without a date go last in their original order.
        var ordered = context.PriorReports
            .Select((report, index) => (report, index))
            .OrderByDescending(p => p.report.ExamDate ?? DateOnly.MinValue)
            .ThenBy(p => p.index)
            .Select(p => p.report)
            .ToList();
        context.PriorReports.Clear();
        context.PriorReports.AddRange(ordered);
        return context;
    }

    private async Task<DraftReport> GenerateAsync(ReportingContext context, string? studyUid, CancellationToken cancellationToken)
    {
        var info = _generator.Info;
        var generatorContext = context;
        DeidentifiedContext? deidentified = null;
        if (_deidentifier is not null)
        {
            deidentified = await _deidentifier.DeidentifyAsync(context, cancellationToken).ConfigureAwait(false);
            generatorContext = deidentified.Context;
            await AppendAsync(Event(context.CorrelationId, AuditEventTypes.Deidentify, studyUid) with
            {
                Data = new Dictionary<string, string> { ["replacements"] = Count(deidentified.ReplacementCount) },
            }, cancellationToken).ConfigureAwait(false);
        }
        else if (info.SendsDataOffHost && !_options.PhiAwareDeployment)
        {
            throw new InvalidOperationException(
                $"Generator '{info.Id}' sends data off the host but no IDeidentifier is registered; register one or " +
                "set RadAssistOptions.PhiAwareDeployment for an approved environment.");
        }
        else
        {
            await AppendAsync(Event(context.CorrelationId, AuditEventTypes.Deidentify, studyUid, AuditOutcomes.Skipped) with
            {
                Output = info.SendsDataOffHost
                    ? "PHI-aware deployment: identifying data is sent as configured"
                    : "the generator runs in process; no data leaves the host",
            }, cancellationToken).ConfigureAwait(false);
        }

        var inputHash = Sha256Hex(ContextFingerprint(generatorContext));
        var draft = await _generator.GenerateAsync(generatorContext, cancellationToken).ConfigureAwait(false);
        if (deidentified is not null)
        {
            draft = Reidentify(draft, deidentified);
        }

        await AppendAsync(Event(context.CorrelationId, AuditEventTypes.Generate, studyUid) with
        {
            Actor = draft.Generator.ModelId ?? draft.Generator.Id,
            InputSha256 = inputHash,
            ModelId = draft.Generator.ModelId,
            ModelVersion = draft.Generator.ModelVersion,
            PromptVersion = draft.Generator.PromptVersion,
            Output = TextDraftWriter.Render(draft),
            Data = new Dictionary<string, string>
            {
                ["generator_id"] = draft.Generator.Id,
                ["generator_version"] = draft.Generator.Version,
                ["draft_id"] = draft.DraftId,
                [SentenceCountsKey] = SentenceCounts(draft),
            },
        }, cancellationToken).ConfigureAwait(false);
        return draft;
    }

    private async Task<DraftReport> CheckAsync(
        DraftReport draft,
        ReportingContext context,
        string? studyUid,
        CancellationToken cancellationToken)
    {
        foreach (var check in _checks)
        {
            var result = await check.CheckAsync(draft, context, cancellationToken).ConfigureAwait(false);
            draft = result.Draft;
            Log.CheckCompleted(_logger, context.CorrelationId, check.Name, result.Issues.Count);
            await AppendAsync(Event(context.CorrelationId, AuditEventTypes.Check, studyUid) with
            {
                Output = result.Issues.Count == 0
                    ? null
                    : string.Join("\n", result.Issues.Select(i => $"{i.Code}: {i.Message}")),
                Data = new Dictionary<string, string>
                {
                    ["check"] = check.Name,
                    ["issues"] = Count(result.Issues.Count),
                    [SentenceCountsKey] = SentenceCounts(draft),
                },
            }, cancellationToken).ConfigureAwait(false);
        }

        // Critical results always force review, whatever the generator or the checks decided.
        if (draft.CriticalResults.Count > 0 && !draft.RequiresMandatoryReview)
        {
            draft = draft with { RequiresMandatoryReview = true };
        }

        return draft;
    }

    /// <summary>
    /// Data key of generate and check events: the number of sentences in each section of the draft, such as
    /// "findings:5,impression:3".
    /// </summary>
    internal const string SentenceCountsKey = "sentence_counts";

    // Records the sentences of each section, so feedback on one sentence can be checked against the draft later.
    private static string SentenceCounts(DraftReport draft) =>
        string.Join(',', draft.Sections.Select(s => string.Create(
            CultureInfo.InvariantCulture,
            $"{s.Kind.ToString().ToLowerInvariant()}:{s.Sentences.Count}")));

    private async Task<List<RenderedDraft>> RenderAsync(
        DraftReport draft,
        ReportingContext context,
        string? studyUid,
        CancellationToken cancellationToken)
    {
        var formats = new List<string>();
        foreach (var format in _options.OutputFormats.Concat(_deliveries.Select(d => d.Format)))
        {
            if (!formats.Contains(format, StringComparer.OrdinalIgnoreCase))
            {
                formats.Add(format);
            }
        }

        var renderings = new List<RenderedDraft>(formats.Count);
        foreach (var format in formats)
        {
            if (!_writers.TryGetValue(format, out var writer))
            {
                throw new InvalidOperationException(
                    $"No draft writer is registered for format '{format}'; registered formats: " +
                    $"{string.Join(", ", _writers.Keys.Order(StringComparer.Ordinal))}.");
            }

            var rendered = await writer.WriteAsync(draft, context, cancellationToken).ConfigureAwait(false);
            renderings.Add(rendered);
            await AppendAsync(Event(context.CorrelationId, AuditEventTypes.Write, studyUid) with
            {
                InputSha256 = Sha256Hex(rendered.Content.Span),
                Data = new Dictionary<string, string>
                {
                    ["format"] = rendered.Format,
                    ["media_type"] = rendered.MediaType,
                    ["bytes"] = Count(rendered.Content.Length),
                },
            }, cancellationToken).ConfigureAwait(false);
        }

        return renderings;
    }

    private async Task<(List<DeliveryResult> Results, string? Error)> DeliverAsync(
        DraftReport draft,
        List<RenderedDraft> renderings,
        string? studyUid,
        CancellationToken cancellationToken)
    {
        var results = new List<DeliveryResult>();
        string? firstError = null;
        foreach (var delivery in _deliveries)
        {
            var rendered = renderings.First(r => string.Equals(r.Format, delivery.Format, StringComparison.OrdinalIgnoreCase));
            try
            {
                var result = await delivery.DeliverAsync(rendered, draft, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                await AppendAsync(Event(draft.CorrelationId, AuditEventTypes.Deliver, studyUid) with
                {
                    Output = result.Location,
                    Data = new Dictionary<string, string> { ["target"] = delivery.Name, ["format"] = delivery.Format },
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.DeliveryFailed(_logger, draft.CorrelationId, delivery.Name, ex);
                firstError ??= $"Delivery to '{delivery.Name}' failed: {ex.Message}";
                await AppendAsync(Event(draft.CorrelationId, AuditEventTypes.Deliver, studyUid, AuditOutcomes.Failure) with
                {
                    Output = ex.Message,
                    Data = new Dictionary<string, string> { ["target"] = delivery.Name, ["format"] = delivery.Format },
                }, cancellationToken).ConfigureAwait(false);
            }
        }

        return (results, firstError);
    }

    /// <summary>Audits each delivery target as skipped because the rollout mode delivers nothing.</summary>
    private async Task<List<DeliveryResult>> SkipDeliveriesAsync(
        DraftReport draft,
        RolloutDecision rollout,
        string? studyUid,
        CancellationToken cancellationToken)
    {
        foreach (var delivery in _deliveries)
        {
            await AppendAsync(Event(draft.CorrelationId, AuditEventTypes.Deliver, studyUid, AuditOutcomes.Skipped) with
            {
                Output = $"rollout mode {RolloutPolicy.ModeName(rollout.Mode)}: nothing delivered ({rollout.Reason})",
                Data = new Dictionary<string, string> { ["target"] = delivery.Name, ["format"] = delivery.Format },
            }, cancellationToken).ConfigureAwait(false);
        }

        return [];
    }

    /// <summary>Deletes the run's transient study data. A failure is logged, and the files stay until a sweep of the store.</summary>
    private async Task<int> DeleteTransientAsync(string correlationId)
    {
        if (_transient is null)
        {
            return 0;
        }

        try
        {
            var deleted = await _transient.DeleteAsync(correlationId, CancellationToken.None).ConfigureAwait(false);
            Log.TransientDeleted(_logger, correlationId, deleted);
            return deleted;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.TransientDeleteFailed(_logger, correlationId, ex);
            return 0;
        }
    }

    private static void AddGovernanceData(Dictionary<string, string> data, StudyEvent studyEvent, RolloutDecision? rollout)
    {
        if (!string.IsNullOrWhiteSpace(studyEvent.Modality))
        {
            data[GovernanceDataKeys.Modality] = studyEvent.Modality;
        }

        if (!string.IsNullOrWhiteSpace(studyEvent.BodyPart))
        {
            data[GovernanceDataKeys.BodyPart] = studyEvent.BodyPart;
        }

        if (rollout is not null)
        {
            data[GovernanceDataKeys.RolloutMode] = RolloutPolicy.ModeName(rollout.Mode);
        }
    }

    private async Task RaiseCriticalResultsAsync(
        DraftReport draft,
        string? studyUid,
        bool notify,
        CancellationToken cancellationToken)
    {
        if (draft.CriticalResults.Count == 0)
        {
            return;
        }

        var notice = new CriticalResultNotice(
            draft.CorrelationId,
            draft.DraftId,
            draft.StudyInstanceUid ?? studyUid,
            draft.AccessionNumber,
            draft.CriticalResults);
        var data = new Dictionary<string, string>
        {
            ["terms"] = string.Join(", ", draft.CriticalResults.Select(r => r.Term).Distinct(StringComparer.Ordinal)),
            ["urgency"] = notice.HighestUrgency.ToString(),
        };
        if (!notify || _criticalHandlers.Count == 0)
        {
            await AppendAsync(Event(draft.CorrelationId, AuditEventTypes.Critical, studyUid, notify ? AuditOutcomes.Success : AuditOutcomes.Skipped) with
            {
                Output = notify ? "no critical-result handler is registered" : "the rollout policy delivers nothing",
                Data = data,
            }, cancellationToken).ConfigureAwait(false);
            return;
        }

        foreach (var handler in _criticalHandlers)
        {
            var handlerData = new Dictionary<string, string>(data) { ["handler"] = handler.GetType().Name };
            try
            {
                await handler.HandleAsync(notice, cancellationToken).ConfigureAwait(false);
                await AppendAsync(Event(draft.CorrelationId, AuditEventTypes.Critical, studyUid) with { Data = handlerData }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.CriticalHandlerFailed(_logger, draft.CorrelationId, handler.GetType().Name, ex);
                await AppendAsync(Event(draft.CorrelationId, AuditEventTypes.Critical, studyUid, AuditOutcomes.Failure) with
                {
                    Output = ex.Message,
                    Data = handlerData,
                }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task TryAppendFailureAsync(string correlationId, string? studyUid, string message, Exception exception)
    {
        try
        {
            await AppendAsync(Event(correlationId, AuditEventTypes.Failed, studyUid, AuditOutcomes.Failure) with
            {
                Output = message,
                Data = new Dictionary<string, string> { ["exception"] = exception.GetType().FullName ?? "Exception" },
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception auditException) when (auditException is not OutOfMemoryException)
        {
            // The audit store itself failed; the run's own failure is already logged.
            Log.RunFailed(_logger, correlationId, auditException);
        }
    }

    private AuditEvent Event(string correlationId, string type, string? studyUid, string outcome = AuditOutcomes.Success) =>
        new()
        {
            CorrelationId = correlationId,
            EventType = type,
            Timestamp = _time.GetUtcNow(),
            Actor = _options.ActorName,
            Outcome = outcome,
            StudyInstanceUid = studyUid,
        };

    private ValueTask<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken) =>
        _audit.AppendAsync(auditEvent, cancellationToken);

    // Every text field a generator may have filled from the de-identified context gets the original values back.
    private static DraftReport Reidentify(DraftReport draft, DeidentifiedContext map)
    {
        string? Restore(string? text) => text is null ? null : map.Reidentify(text);

        SourceReference? RestoreSource(SourceReference? source) =>
            source is null ? null : source with { SourceId = Restore(source.SourceId), Text = Restore(source.Text) };

        return draft with
        {
            StudyInstanceUid = Restore(draft.StudyInstanceUid),
            AccessionNumber = Restore(draft.AccessionNumber),
            Sections =
            [
                .. draft.Sections.Select(section => section with
                {
                    Title = map.Reidentify(section.Title),
                    Sentences =
                    [
                        .. section.Sentences.Select(s => s with
                        {
                            Text = map.Reidentify(s.Text),
                            Flag = Restore(s.Flag),
                            Provenance = [.. s.Provenance.Select(p => RestoreSource(p)!)],
                        }),
                    ],
                }),
            ],
            Findings =
            [
                .. draft.Findings.Select(f => f with
                {
                    Sentence = Restore(f.Sentence),
                    Site = Restore(f.Site),
                    Source = RestoreSource(f.Source),
                }),
            ],
            Categories =
            [
                .. draft.Categories.Select(c => c with { Basis = Restore(c.Basis), Source = RestoreSource(c.Source) }),
            ],
            CriticalResults =
            [
                .. draft.CriticalResults.Select(c => c with { Sentence = map.Reidentify(c.Sentence), Source = RestoreSource(c.Source) }),
            ],
            Warnings = [.. draft.Warnings.Select(map.Reidentify)],
        };
    }

    private static byte[] ContextFingerprint(ReportingContext context)
    {
        var builder = new StringBuilder();
        builder.Append(context.Study.StudyInstanceUid).Append('\n')
            .Append(context.Study.Modality).Append('\n')
            .Append(context.Study.BodyPart).Append('\n')
            .Append(context.Study.ReasonForStudy).Append('\n');
        foreach (var prior in context.PriorReports)
        {
            builder.Append(prior.ReportId).Append('\n').Append(prior.Text).Append('\n');
        }

        foreach (var item in context.History)
        {
            builder.Append(item.Text).Append('\n');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    private static string Count(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    internal static string Sha256Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}
