namespace RadAssist;

/// <summary>Adds what it knows about a study to the context being built for one event.</summary>
/// <remarks>
/// Sources run one after another in registration order. A source adds to the lists of the context and fills
/// properties that are still empty; it does not overwrite what an earlier source set. A source that cannot reach
/// its system throws; the pipeline records the failure and, by default, goes on without it.
/// </remarks>
public interface IContextSource
{
    /// <summary>Name of the source, used in logs and audit events.</summary>
    string Name { get; }

    /// <summary>Adds to the context.</summary>
    /// <param name="context">The context being built.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    ValueTask ContributeAsync(ReportingContext context, CancellationToken cancellationToken = default);
}

/// <summary>Replaces identifying data before a context reaches a model, and restores it in the output.</summary>
/// <remarks>The reverse map lives only in the returned object, in memory, for the duration of one run.</remarks>
public interface IDeidentifier
{
    /// <summary>Returns a de-identified copy of the context; the original is not changed.</summary>
    /// <param name="context">The context with identifying data.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    ValueTask<DeidentifiedContext> DeidentifyAsync(ReportingContext context, CancellationToken cancellationToken = default);
}

/// <summary>A de-identified context together with the means to restore identifiers in generated text.</summary>
public sealed class DeidentifiedContext
{
    private readonly Func<string, string> _reidentify;

    /// <summary>Creates the result of de-identification.</summary>
    /// <param name="context">The de-identified copy.</param>
    /// <param name="replacementCount">How many identifiers were replaced.</param>
    /// <param name="reidentify">Replaces the surrogates in a text by the original values.</param>
    public DeidentifiedContext(ReportingContext context, int replacementCount, Func<string, string> reidentify)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reidentify);

        Context = context;
        ReplacementCount = replacementCount;
        _reidentify = reidentify;
    }

    /// <summary>The de-identified copy of the context.</summary>
    public ReportingContext Context { get; }

    /// <summary>How many identifiers were replaced.</summary>
    public int ReplacementCount { get; }

    /// <summary>Replaces surrogates in a generated text by the original values.</summary>
    /// <param name="text">Text produced from the de-identified context.</param>
    public string Reidentify(string text) => _reidentify(text);
}
