using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RadAssist.Llm.Generation;
using RadAssist.Llm.Grounding;
using RadAssist.Llm.Output;
using RadAssist.Llm.Prompting;

namespace RadAssist.Llm;

/// <summary>
/// Drafts a follow-up report through any Microsoft.Extensions.AI <see cref="IChatClient"/>: de-identifies the
/// context, asks the model for a draft in a JSON schema, checks that every sentence traces to an input, and
/// re-identifies the result.
/// </summary>
/// <remarks>
/// <para>
/// An answer that fails validation gets one repair request. When the model cannot be reached, times out on every
/// attempt or answers invalid JSON twice, the draft comes from the fallback generator (the deterministic generator
/// by default) and says so in its warnings and in the audit event. Cancellation by the caller is never turned into
/// a fallback: it throws <see cref="OperationCanceledException"/>.
/// </para>
/// <para>
/// Every call writes one <c>generate</c> audit event to the optional <see cref="IAuditSink"/> with the model id,
/// the model version the provider reported, the prompt version, token usage and what the grounding check removed.
/// The event carries counts and hashes only, never text. The type is safe for concurrent use.
/// </para>
/// </remarks>
public sealed partial class ChatDraftGenerator : IDraftGenerator
{
    /// <summary>Generator id recorded in drafts and audit events.</summary>
    public const string GeneratorId = "radassist-llm";

    /// <summary>Generator version; changes whenever the handling of model output changes.</summary>
    public const string GeneratorVersion = "0.1.0";

    private readonly IChatClient _chatClient;
    private readonly ChatDraftGeneratorOptions _options;
    private readonly IDeidentifier _deidentifier;
    private readonly IDraftGenerator _fallback;
    private readonly IAuditSink? _audit;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly PromptBuilder _prompts;
    private readonly ChatOptions _chatOptions;
    private readonly ResponseCache _cache;

    /// <summary>Creates the generator.</summary>
    /// <param name="chatClient">The model. It is wrapped with OpenTelemetry tracing under <see cref="LlmTelemetry.SourceName"/>, sensitive data off.</param>
    /// <param name="options">Options; the defaults when <see langword="null"/>.</param>
    /// <param name="deidentifier">De-identifier; a <see cref="PatternDeidentifier"/> when <see langword="null"/>.</param>
    /// <param name="fallback">Generator used when the model fails; a <see cref="DeterministicDraftGenerator"/> when <see langword="null"/>.</param>
    /// <param name="auditSink">Sink for the generator's audit events, or <see langword="null"/> to write none.</param>
    /// <param name="loggerFactory">Logger factory, or <see langword="null"/> for no logging.</param>
    /// <param name="timeProvider">Clock for timestamps, timeouts and retry delays; the system clock when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="chatClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">An option is invalid; the message names it and its value.</exception>
    public ChatDraftGenerator(
        IChatClient chatClient,
        ChatDraftGeneratorOptions? options = null,
        IDeidentifier? deidentifier = null,
        IDraftGenerator? fallback = null,
        IAuditSink? auditSink = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);

        _options = options ?? new ChatDraftGeneratorOptions();
        _options.Validate();

        loggerFactory ??= NullLoggerFactory.Instance;
        _chatClient = new ChatClientBuilder(chatClient)
            .UseOpenTelemetry(loggerFactory, LlmTelemetry.SourceName, client => client.EnableSensitiveData = false)
            .Build();
        _deidentifier = deidentifier ?? new PatternDeidentifier();
        _time = timeProvider ?? TimeProvider.System;
        _fallback = fallback ?? new DeterministicDraftGenerator(_time);
        _audit = auditSink;
        _logger = loggerFactory.CreateLogger<ChatDraftGenerator>();
        var templates = PromptTemplateSet.Load(_options.TemplateSet);
        _prompts = new PromptBuilder(templates);
        _cache = new ResponseCache(_options.MaxCacheEntries);

        var modelId = _options.ModelId ?? chatClient.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
        Info = new GeneratorInfo(GeneratorId, GeneratorVersion)
        {
            ModelId = modelId,
            PromptVersion = templates.Name,
            SendsDataOffHost = true,
        };

        _chatOptions = new ChatOptions
        {
            ModelId = _options.ModelId,
            Temperature = _options.Temperature,
            MaxOutputTokens = _options.MaxOutputTokens,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(
                templates.Schema,
                "radassist_draft",
                "A radiology report draft: sections of sentences and the structured findings they state."),
        };
    }

    /// <inheritdoc />
    public GeneratorInfo Info { get; }

    /// <inheritdoc />
    public async ValueTask<DraftReport> GenerateAsync(ReportingContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        cancellationToken.ThrowIfCancellationRequested();

        using var activity = LlmTelemetry.ActivitySource.StartActivity("radassist.llm.generate");
        activity?.SetTag("radassist.correlation_id", context.CorrelationId);
        activity?.SetTag("gen_ai.request.model", Info.ModelId);
        activity?.SetTag("radassist.prompt_version", Info.PromptVersion);
        var started = _time.GetTimestamp();

        var request = await PrepareAsync(context, cancellationToken).ConfigureAwait(false);
        var run = new RunRecord();
        try
        {
            var answer = await GetValidAnswerAsync(request, run, cancellationToken).ConfigureAwait(false);
            var generator = Info with { ModelVersion = answer.ModelVersion };
            var assembled = DraftAssembler.Assemble(request, answer.Draft, generator, _options.UnsupportedSentences, _time.GetUtcNow());

            activity?.SetTag("radassist.grounding.removed", assembled.RemovedCount);
            activity?.SetTag("radassist.cache_hit", run.CacheHit);
            Log.GenerationCompleted(
                _logger,
                context.CorrelationId,
                Info.ModelId!,
                _time.GetElapsedTime(started).TotalMilliseconds,
                run.InputTokens,
                run.OutputTokens,
                assembled.RemovedCount,
                assembled.FlaggedCount);

            await AuditAsync(request, run, generator, AuditOutcomes.Success, DescribeSuccess(assembled), assembled, cancellationToken)
                .ConfigureAwait(false);
            return assembled.Draft;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.GenerationCancelled(_logger, context.CorrelationId);
            throw;
        }
        catch (Exception exception) when (exception is ModelRequestException or InvalidModelAnswerException)
        {
            activity?.SetTag("radassist.fallback", true);
            var errors = (exception as InvalidModelAnswerException)?.Errors ?? [];
            return await FallbackAsync(request, run, exception.Message, errors, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>De-identifies the context, collects the grounding sources and builds the prompt.</summary>
    /// <remarks>
    /// Each prior report is analyzed once by <see cref="ReportAnalyzer"/>, and that analysis serves both the grounding
    /// sources and the prompt. The analyses and the de-identification take most of the time around the model call
    /// (benchmarks/README.md).
    /// </remarks>
    internal async ValueTask<DraftRequest> PrepareAsync(ReportingContext context, CancellationToken cancellationToken)
    {
        var deidentified = _options.DeidentifyInput
            ? await _deidentifier.DeidentifyAsync(context, cancellationToken).ConfigureAwait(false)
            : null;
        var modelContext = deidentified?.Context ?? context;
        var sources = GroundingSources.From(modelContext);
        var messages = _prompts.Build(modelContext, sources);

        Log.GenerationStarted(_logger, context.CorrelationId, Info.ModelId!, Info.PromptVersion!, deidentified?.ReplacementCount ?? 0);
        if (sources.Withheld.Count > 0)
        {
            Log.InstructionLikeTextWithheld(_logger, context.CorrelationId, sources.Withheld.Count);
        }

        return new DraftRequest(context, deidentified, sources, messages, HashRequest(messages));
    }

    /// <summary>Grounds and re-identifies a model response that was already parsed, as the benchmark measures it.</summary>
    internal AssembledDraft Assemble(DraftRequest request, ModelDraft draft) =>
        DraftAssembler.Assemble(request, draft, Info, _options.UnsupportedSentences, _time.GetUtcNow());

    private async ValueTask<ValidAnswer> GetValidAnswerAsync(DraftRequest request, RunRecord run, CancellationToken cancellationToken)
    {
        if (_cache.TryGet(request.InputSha256, out var cached))
        {
            var cachedResult = ModelDraftParser.Parse(cached.Text);
            if (cachedResult.Draft is not null)
            {
                run.CacheHit = true;
                Log.CacheHit(_logger, request.Original.CorrelationId);
                return new ValidAnswer(cachedResult.Draft, cached.ModelVersion);
            }
        }

        var response = await CallModelAsync(request, request.Messages, run, cancellationToken).ConfigureAwait(false);
        var result = ModelDraftParser.Parse(response.Text);
        if (result.Draft is null)
        {
            Log.InvalidAnswer(_logger, request.Original.CorrelationId, result.Errors.Count, _options.RepairInvalidOutput);
            if (!_options.RepairInvalidOutput)
            {
                throw new InvalidModelAnswerException("the model response is invalid and repair is off") { Errors = result.Errors };
            }

            run.Repaired = true;
            var repair = _prompts.BuildRepair(request.Messages, response.Text, result.Errors);
            response = await CallModelAsync(request, repair, run, cancellationToken).ConfigureAwait(false);
            result = ModelDraftParser.Parse(response.Text);
            if (result.Draft is null)
            {
                Log.InvalidAnswer(_logger, request.Original.CorrelationId, result.Errors.Count, false);
                throw new InvalidModelAnswerException("the model response is invalid after one repair request") { Errors = result.Errors };
            }
        }

        _cache.Add(request.InputSha256, new CachedAnswer(response.Text, response.ModelId));
        return new ValidAnswer(result.Draft, response.ModelId);
    }

    private async ValueTask<ChatResponse> CallModelAsync(
        DraftRequest request,
        IList<ChatMessage> messages,
        RunRecord run,
        CancellationToken cancellationToken)
    {
        var maxAttempts = _options.MaxRetryAttempts + 1;
        var delay = _options.RetryDelay;
        string reason = "no request was made";
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            run.Attempts++;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            try
            {
                var response = await _chatClient.GetResponseAsync(messages, _chatOptions, timeout.Token).ConfigureAwait(false);
                run.Add(response.Usage);
                return response;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException)
            {
                reason = string.Create(
                    CultureInfo.InvariantCulture,
                    $"the model request timed out after {_options.Timeout.TotalSeconds:0.###} s on each of {maxAttempts} attempts");
                Log.ModelRequestTimedOut(_logger, request.Original.CorrelationId, attempt, maxAttempts, _options.Timeout.TotalMilliseconds);
            }
#pragma warning disable CA1031 // Any failure of the model endpoint leads to a retry and then to the fallback draft.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                reason = string.Create(
                    CultureInfo.InvariantCulture,
                    $"the model request failed with {exception.GetType().Name} on each of {maxAttempts} attempts");
                Log.ModelRequestFailed(_logger, request.Original.CorrelationId, attempt, maxAttempts, exception.GetType().Name);
            }

            if (attempt < maxAttempts && delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }

        throw new ModelRequestException(reason);
    }

    private async ValueTask<DraftReport> FallbackAsync(
        DraftRequest request,
        RunRecord run,
        string reason,
        IReadOnlyList<string> errors,
        CancellationToken cancellationToken)
    {
        Log.FallbackUsed(_logger, request.Original.CorrelationId, reason);
        var fallbackContext = request.Sources.Withheld.Count == 0
            ? request.Original
            : InstructionFilter.WithoutInstructionLikeText(request.Original);
        var draft = await _fallback.GenerateAsync(fallbackContext, cancellationToken).ConfigureAwait(false);
        draft = draft with
        {
            Warnings =
            [
                .. draft.Warnings,
                $"The model draft was not used because {reason}; this draft comes from the fallback generator {draft.Generator.Id}.",
                .. errors.Select(error => "Model answer error: " + error),
            ],
        };

        run.FallbackReason = reason;
        await AuditAsync(request, run, Info, AuditOutcomes.Failure, $"fallback to {draft.Generator.Id}: {reason}", null, cancellationToken)
            .ConfigureAwait(false);
        return draft;
    }

    private async ValueTask AuditAsync(
        DraftRequest request,
        RunRecord run,
        GeneratorInfo generator,
        string outcome,
        string output,
        AssembledDraft? assembled,
        CancellationToken cancellationToken)
    {
        if (_audit is null)
        {
            return;
        }

        var data = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["generator_id"] = GeneratorId,
            ["generator_version"] = GeneratorVersion,
            ["input_tokens"] = Format(run.InputTokens),
            ["output_tokens"] = Format(run.OutputTokens),
            ["total_tokens"] = Format(run.TotalTokens),
            ["attempts"] = Format(run.Attempts),
            ["repaired"] = run.Repaired ? "true" : "false",
            ["cache"] = run.CacheHit ? "hit" : "miss",
            ["fallback"] = run.FallbackReason is null ? "false" : "true",
            ["replacements"] = Format(request.Deidentified?.ReplacementCount ?? 0),
            ["withheld_sentences"] = Format(request.Sources.Withheld.Count),
        };

        if (assembled is not null)
        {
            data["grounding_kept"] = Format(assembled.KeptCount);
            data["grounding_removed"] = Format(assembled.RemovedCount);
            data["grounding_flagged"] = Format(assembled.FlaggedCount);
        }

        await _audit.AppendAsync(new AuditEvent
        {
            CorrelationId = request.Original.CorrelationId,
            EventType = AuditEventTypes.Generate,
            Timestamp = _time.GetUtcNow(),
            Actor = _options.ActorName,
            Outcome = outcome,
            InputSha256 = request.InputSha256,
            ModelId = generator.ModelId,
            ModelVersion = generator.ModelVersion,
            PromptVersion = generator.PromptVersion,
            Output = output,
            Data = data,
        }, cancellationToken).ConfigureAwait(false);
    }

    private string HashRequest(List<ChatMessage> messages)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendField(hash, Info.ModelId);
        AppendField(hash, Info.PromptVersion);
        AppendField(hash, _options.Temperature.ToString(CultureInfo.InvariantCulture));
        AppendField(hash, _options.MaxOutputTokens.ToString(CultureInfo.InvariantCulture));
        foreach (var message in messages)
        {
            AppendField(hash, message.Role.Value);
            AppendField(hash, message.Text);
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        hash.GetHashAndReset(digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>Appends the UTF-8 bytes of a value and a NUL separator to the hash.</summary>
    private static void AppendField(IncrementalHash hash, string? value)
    {
        value ??= string.Empty;
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length) + 1);
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            buffer[length] = 0;
            hash.AppendData(buffer, 0, length + 1);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string DescribeSuccess(AssembledDraft assembled) => string.Create(
        CultureInfo.InvariantCulture,
        $"model draft: {assembled.KeptCount} sentences kept, {assembled.RemovedCount} removed and {assembled.FlaggedCount} flagged by the grounding check");

    private static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed record ValidAnswer(ModelDraft Draft, string? ModelVersion);

    /// <summary>What happened during one call: attempts, tokens, cache and fallback.</summary>
    private sealed class RunRecord
    {
        public int Attempts { get; set; }

        public long InputTokens { get; private set; }

        public long OutputTokens { get; private set; }

        public long TotalTokens { get; private set; }

        public bool Repaired { get; set; }

        public bool CacheHit { get; set; }

        public string? FallbackReason { get; set; }

        public void Add(UsageDetails? usage)
        {
            if (usage is null)
            {
                return;
            }

            InputTokens += usage.InputTokenCount ?? 0;
            OutputTokens += usage.OutputTokenCount ?? 0;
            TotalTokens += usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0);
        }
    }
}
