namespace RadAssist;

/// <summary>Turns a reporting context into a draft report.</summary>
public interface IDraftGenerator
{
    /// <summary>The generator's identity, model and prompt version, recorded in every draft and audit event.</summary>
    GeneratorInfo Info { get; }

    /// <summary>Generates a draft.</summary>
    /// <param name="context">The context, de-identified when the generator sends data off the host.</param>
    /// <param name="cancellationToken">Cancels generation.</param>
    ValueTask<DraftReport> GenerateAsync(ReportingContext context, CancellationToken cancellationToken = default);
}

/// <summary>Inspects a draft before it is written, and may remove, flag or annotate sentences.</summary>
public interface IDraftCheck
{
    /// <summary>Name of the check, used in logs and audit events.</summary>
    string Name { get; }

    /// <summary>Checks a draft against its context.</summary>
    /// <param name="draft">The draft to check.</param>
    /// <param name="context">The context the draft was generated from.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    ValueTask<DraftCheckResult> CheckAsync(
        DraftReport draft,
        ReportingContext context,
        CancellationToken cancellationToken = default);
}

/// <summary>Outcome of a draft check.</summary>
/// <param name="Draft">The draft after the check, the same instance when nothing changed.</param>
/// <param name="Issues">What the check found.</param>
public sealed record DraftCheckResult(DraftReport Draft, IReadOnlyList<DraftIssue> Issues);

/// <summary>A problem a check found in a draft.</summary>
/// <param name="Code">Stable code, such as <c>unsupported-sentence</c>.</param>
/// <param name="Message">What is wrong, naming the sentence or value.</param>
/// <param name="Sentence">The sentence concerned, when there is one.</param>
public sealed record DraftIssue(string Code, string Message, string? Sentence = null);
