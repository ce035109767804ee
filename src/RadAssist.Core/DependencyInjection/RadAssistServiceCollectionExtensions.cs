using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RadAssist;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the RadAssist pipeline and its embedded defaults.</summary>
public static class RadAssistServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="DraftPipeline"/> with the embedded defaults: the deterministic generator, an in-memory audit
    /// sink, and the <c>json</c> and <c>text</c> writers. Registrations made before or after this call replace the
    /// defaults (a generator, an audit sink) or add to them (context sources, checks, writers, deliveries).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets pipeline options.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRadAssist(this IServiceCollection services, Action<RadAssistOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<RadAssistOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDraftGenerator>(sp => new DeterministicDraftGenerator(sp.GetService<TimeProvider>()));
        services.TryAddSingleton<IAuditSink, MemoryAuditSink>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDraftWriter, JsonDraftWriter>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDraftWriter, TextDraftWriter>());
        services.TryAddSingleton(sp => new DraftPipeline(
            sp.GetRequiredService<IDraftGenerator>(),
            sp.GetRequiredService<IAuditSink>(),
            sp.GetServices<IContextSource>(),
            sp.GetServices<IDraftWriter>(),
            sp.GetServices<IDraftDelivery>(),
            sp.GetServices<IDraftCheck>(),
            sp.GetRequiredService<IOptions<RadAssistOptions>>(),
            sp.GetService<IDeidentifier>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILogger<DraftPipeline>>(),
            sp.GetService<RadAssist.Governance.RolloutPolicy>(),
            sp.GetService<RadAssist.Governance.TransientStudyStore>(),
            sp.GetServices<ICriticalResultHandler>()));
        return services;
    }

    /// <summary>Stores audit events in a JSON Lines file instead of memory.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="path">Path of the <c>.jsonl</c> file.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRadAssistJsonLinesAudit(this IServiceCollection services, string path)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrEmpty(path);

        services.RemoveAll<IAuditSink>();
        services.AddSingleton<IAuditSink>(_ => new JsonLinesAuditSink(path));
        return services;
    }
}
