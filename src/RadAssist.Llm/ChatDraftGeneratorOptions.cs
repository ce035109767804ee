using System.Globalization;
using RadAssist.Llm.Prompting;

namespace RadAssist.Llm;

/// <summary>Options of <see cref="ChatDraftGenerator"/>.</summary>
public sealed class ChatDraftGeneratorOptions
{
    /// <summary>
    /// Model id sent with every request and recorded in drafts and audit events. Default: <see langword="null"/>,
    /// which uses the default model of the chat client.
    /// </summary>
    public string? ModelId { get; set; }

    /// <summary>Sampling temperature, from 0 to 2. Default: 0, the most repeatable output.</summary>
    public float Temperature { get; set; }

    /// <summary>Time one model request may take before it is abandoned and retried. Default: 60 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Maximum number of tokens the model may write per request. Default: 2048.</summary>
    public int MaxOutputTokens { get; set; } = 2048;

    /// <summary>Name of the embedded prompt template set, recorded as the prompt version. Default: <c>v1</c>.</summary>
    public string TemplateSet { get; set; } = "v1";

    /// <summary>
    /// Maximum number of retries after a failed or timed-out model request, before the deterministic fallback is
    /// used. Default: 2.
    /// </summary>
    /// <remarks>
    /// Every exception except cancellation by the caller counts as a failure. Chat clients may retry on their own,
    /// as the OpenAI client does for 429 and 5xx responses by default, so turn one of the two off to bound the wait.
    /// </remarks>
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>Delay before the first retry; each further retry waits twice as long. Default: 1 second.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether an answer that fails JSON-schema validation gets one repair request with the errors before the
    /// fallback is used. Default: <see langword="true"/>.
    /// </summary>
    public bool RepairInvalidOutput { get; set; } = true;

    /// <summary>What happens to a sentence the grounding check cannot trace to an input. Default: removed.</summary>
    public UnsupportedSentenceHandling UnsupportedSentences { get; set; } = UnsupportedSentenceHandling.Remove;

    /// <summary>
    /// Maximum number of valid model answers kept in memory, keyed by the SHA-256 of the de-identified request, so a
    /// repeated run for the same input does not call the model again. 0 turns the cache off. Default: 256.
    /// </summary>
    public int MaxCacheEntries { get; set; } = 256;

    /// <summary>
    /// Whether the generator de-identifies the context itself before building the prompt, even when the pipeline
    /// already did. Turn off only in a PHI-aware deployment. Default: <see langword="true"/>.
    /// </summary>
    public bool DeidentifyInput { get; set; } = true;

    /// <summary>Actor name written in the generator's audit events. Default: <c>radassist-llm</c>.</summary>
    public string ActorName { get; set; } = "radassist-llm";

    /// <summary>Checks every option and throws when one is out of range.</summary>
    /// <exception cref="ArgumentException">An option has an invalid value; the message names it.</exception>
    internal void Validate()
    {
        if (Temperature is < 0f or > 2f || float.IsNaN(Temperature))
        {
            throw Invalid(nameof(Temperature), Temperature, "must be between 0 and 2");
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw Invalid(nameof(Timeout), Timeout, "must be positive");
        }

        if (MaxOutputTokens < 1)
        {
            throw Invalid(nameof(MaxOutputTokens), MaxOutputTokens, "must be at least 1");
        }

        if (MaxRetryAttempts is < 0 or > 10)
        {
            throw Invalid(nameof(MaxRetryAttempts), MaxRetryAttempts, "must be between 0 and 10");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw Invalid(nameof(RetryDelay), RetryDelay, "must not be negative");
        }

        if (MaxCacheEntries < 0)
        {
            throw Invalid(nameof(MaxCacheEntries), MaxCacheEntries, "must not be negative");
        }

        if (!PromptTemplateSet.Available.Contains(TemplateSet, StringComparer.Ordinal))
        {
            throw Invalid(nameof(TemplateSet), TemplateSet, $"is not an embedded set ({string.Join(", ", PromptTemplateSet.Available)})");
        }

        if (string.IsNullOrWhiteSpace(ActorName))
        {
            throw Invalid(nameof(ActorName), ActorName, "must not be empty");
        }
    }

    private static ArgumentException Invalid(string name, object? value, string rule) =>
        new(string.Create(CultureInfo.InvariantCulture, $"ChatDraftGeneratorOptions.{name} has the invalid value '{value}': it {rule}."), name);
}

/// <summary>What the grounding check does with a sentence it cannot trace to an input.</summary>
public enum UnsupportedSentenceHandling
{
    /// <summary>Removes the sentence and lists it in the draft's warnings.</summary>
    Remove,

    /// <summary>Keeps the sentence with <see cref="DraftSentence.Flag"/> set to the reason, and lists it in the warnings.</summary>
    Flag,
}
