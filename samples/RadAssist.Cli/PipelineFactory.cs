using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace RadAssist.Cli;

/// <summary>Builds the service provider the commands that run the main job share.</summary>
internal static class PipelineFactory
{
    /// <summary>Builds the services: logging to standard error, the pipeline, every package's writers, the audit sink.</summary>
    /// <param name="formats">Formats to render, by writer name.</param>
    /// <param name="auditTarget">Audit target as given to <c>--audit</c>, or <see langword="null"/> for memory.</param>
    /// <param name="configure">Further registrations of the command, such as context sources or a generator.</param>
    public static ServiceProvider Build(
        IEnumerable<string> formats,
        string? auditTarget,
        Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        // Warnings and errors go to stderr on one line each. Retries of the HTTP resilience pipeline are left out,
        // because the command reports the final outcome.
        services.AddLogging(logging => logging
            .AddConsole(console =>
            {
                console.LogToStandardErrorThreshold = LogLevel.Trace;
                console.FormatterName = OneLineConsoleFormatter.FormatterName;
            })
            .AddConsoleFormatter<OneLineConsoleFormatter, ConsoleFormatterOptions>()
            .SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Polly", LogLevel.None)
            .AddFilter("System.Net.Http", LogLevel.Error));
        services.AddRadAssist(options =>
        {
            options.OutputFormats.Clear();
            foreach (var format in formats)
            {
                options.OutputFormats.Add(format);
            }
        });

        // Each package adds its writers here, one line per package.
        services.AddRadAssistHl7();
        services.AddRadAssistDicom();
        services.AddRadAssistFhir();
        if (auditTarget is not null)
        {
            var sink = AuditTargets.Open(auditTarget);
            services.AddSingleton(sink);
        }

        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
