using Microsoft.Extensions.AI;
using RadAssist.Llm.Grounding;

namespace RadAssist.Llm.Generation;

/// <summary>Everything prepared for one model request: the de-identified context, its grounding sources and the prompt.</summary>
internal sealed class DraftRequest
{
    public DraftRequest(
        ReportingContext original,
        DeidentifiedContext? deidentified,
        GroundingSources sources,
        List<ChatMessage> messages,
        string inputSha256)
    {
        Original = original;
        Deidentified = deidentified;
        Sources = sources;
        Messages = messages;
        InputSha256 = inputSha256;
    }

    /// <summary>The context as the generator received it.</summary>
    public ReportingContext Original { get; }

    /// <summary>The de-identified copy and its reverse map, or <see langword="null"/> when de-identification is off.</summary>
    public DeidentifiedContext? Deidentified { get; }

    /// <summary>The context the model sees.</summary>
    public ReportingContext ModelContext => Deidentified?.Context ?? Original;

    public GroundingSources Sources { get; }

    public List<ChatMessage> Messages { get; }

    /// <summary>Lower-case hex SHA-256 of the de-identified request: model, prompt version, options and messages.</summary>
    public string InputSha256 { get; }

    public string Reidentify(string text) => Deidentified?.Reidentify(text) ?? text;
}
