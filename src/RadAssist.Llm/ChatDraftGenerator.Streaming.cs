using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using RadAssist.Llm.Generation;
using RadAssist.Llm.Grounding;
using RadAssist.Llm.Output;

namespace RadAssist.Llm;

public sealed partial class ChatDraftGenerator
{
    /// <summary>
    /// Streams the sections of a draft as the model writes them, each grounded and re-identified, for display while
    /// the model is still working.
    /// </summary>
    /// <remarks>
    /// The indication section comes first, from the context. Each model section follows once its JSON object is
    /// complete. When the model fails, or its whole answer is invalid before any model section was shown, the
    /// sections of the fallback draft follow instead. Streaming makes one request with no retry, repair, cache or
    /// audit event; the draft to store and sign comes from <see cref="GenerateAsync"/>.
    /// </remarks>
    /// <param name="context">The context, de-identified here unless <see cref="ChatDraftGeneratorOptions.DeidentifyInput"/> is off.</param>
    /// <param name="cancellationToken">Cancels streaming.</param>
    /// <returns>Sections in the order they are ready.</returns>
    public async IAsyncEnumerable<DraftSection> StreamSectionsAsync(
        ReportingContext context,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);

        var request = await PrepareAsync(context, cancellationToken).ConfigureAwait(false);
        var indication = DraftAssembler.IndicationSection(context);
        if (indication is not null)
        {
            yield return indication;
        }

        var shown = 0;
        var answer = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var updates = _chatClient.GetStreamingResponseAsync(request.Messages, _chatOptions, timeout.Token)
            .GetAsyncEnumerator(timeout.Token);
        var failed = false;
        try
        {
            while (true)
            {
                bool moved;
                try
                {
                    moved = await updates.MoveNextAsync().ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
#pragma warning disable CA1031 // A failed stream ends in the fallback sections, as a failed request does.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    Log.ModelRequestFailed(_logger, context.CorrelationId, 1, 1, exception.GetType().Name);
                    failed = true;
                    break;
                }

                if (!moved)
                {
                    break;
                }

                answer.Append(updates.Current.Text);
                var completed = SectionScanner.CompletedSections(answer.ToString());
                for (; shown < completed.Count; shown++)
                {
                    var section = ParseSection(request, completed[shown]);
                    if (section is not null && section.Kind != DraftSectionKind.Indication)
                    {
                        yield return section;
                    }
                }
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }

        // Sections already shown stay; a stream that showed none falls back so the reader still sees a draft.
        if (shown > 0 || (!failed && ModelDraftParser.Parse(answer.ToString()).IsValid))
        {
            yield break;
        }

        Log.FallbackUsed(_logger, context.CorrelationId, failed ? "the streaming request failed" : "the streamed response is invalid");
        var fallbackContext = request.Sources.Withheld.Count == 0 ? context : InstructionFilter.WithoutInstructionLikeText(context);
        var fallback = await _fallback.GenerateAsync(fallbackContext, cancellationToken).ConfigureAwait(false);
        foreach (var section in fallback.Sections.Where(s => s.Kind != DraftSectionKind.Indication || indication is null))
        {
            yield return section;
        }
    }

    private DraftSection? ParseSection(DraftRequest request, string sectionJson)
    {
        var result = ModelDraftParser.Parse("{\"sections\":[" + sectionJson + "],\"findings\":[]}");
        return result.Draft is { Sections.Count: 1 } draft
            ? DraftAssembler.AssembleSection(request, draft.Sections[0], _options.UnsupportedSentences)
            : null;
    }
}
