using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace RadAssist;

/// <summary>Names of the tracing and metrics sources of the pipeline, for OpenTelemetry registration.</summary>
public static class RadAssistTelemetry
{
    /// <summary>Name of the <see cref="ActivitySource"/> and <see cref="Meter"/>: <c>RadAssist</c>.</summary>
    public const string SourceName = "RadAssist";

    internal static readonly ActivitySource ActivitySource = new(SourceName, "0.1.0");

    internal static readonly Meter Meter = new(SourceName, "0.1.0");

    internal static readonly Counter<long> Runs =
        Meter.CreateCounter<long>("radassist.draft.runs", unit: "{run}", description: "Runs of the main job by status.");

    internal static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(
        "radassist.draft.duration",
        unit: "ms",
        description: "Time from event to delivered draft, model call included.");
}
