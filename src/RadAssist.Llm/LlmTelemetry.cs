using System.Diagnostics;

namespace RadAssist.Llm;

/// <summary>Names of the tracing source of this package, for OpenTelemetry registration.</summary>
public static class LlmTelemetry
{
    /// <summary>
    /// Name of the <see cref="ActivitySource"/> of the generator and of the OpenTelemetry chat client it wraps
    /// around the model: <c>RadAssist.Llm</c>.
    /// </summary>
    public const string SourceName = "RadAssist.Llm";

    internal static readonly ActivitySource ActivitySource = new(SourceName, "0.1.0");
}
