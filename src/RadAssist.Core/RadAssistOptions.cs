namespace RadAssist;

/// <summary>Options of the RadAssist pipeline, bound from configuration section <c>RadAssist</c> by hosts that use it.</summary>
public sealed class RadAssistOptions
{
    /// <summary>
    /// Formats to render every draft in, by <see cref="IDraftWriter.Format"/>. Formats that a registered delivery
    /// needs are rendered as well. Default: <c>json</c>.
    /// </summary>
    public IList<string> OutputFormats { get; } = ["json"];

    /// <summary>
    /// Whether the host runs in an environment approved for identifying data, so a generator that sends data off
    /// the host may run without an <see cref="IDeidentifier"/>. Default: <see langword="false"/>.
    /// </summary>
    public bool PhiAwareDeployment { get; set; }

    /// <summary>
    /// Whether a failing context source is recorded and skipped (<see langword="true"/>) or fails the run.
    /// Default: <see langword="true"/>.
    /// </summary>
    public bool ContinueOnContextFailure { get; set; } = true;

    /// <summary>Actor name written in audit events of the pipeline itself. Default: <c>radassist-pipeline</c>.</summary>
    public string ActorName { get; set; } = "radassist-pipeline";

    /// <summary>
    /// Maximum number of events <see cref="DraftPipeline.RunSourceAsync"/> processes at once. Default: 4.
    /// </summary>
    public int MaxConcurrentRuns { get; set; } = 4;
}
