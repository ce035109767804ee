using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RadAssist;
using RadAssist.Fhir;
using RadAssist.Fhir.Delivery;
using RadAssist.Fhir.FhirCast;
using RadAssist.Fhir.Sources;
using RadAssist.Fhir.Writing;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the FHIR R4 parts of RadAssist.</summary>
public static class FhirServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>fhir</c> draft writer (a FHIR R4 transaction Bundle in JSON) and, when
    /// <see cref="FhirOptions.BaseUrl"/> is set, the FHIR delivery and the prior-report and history context sources.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; see <see cref="FhirOptions"/> for the defaults.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException">An option is out of range; the message names it.</exception>
    public static IServiceCollection AddRadAssistFhir(this IServiceCollection services, Action<FhirOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = new FhirOptions();
        configure?.Invoke(options);
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IDraftWriter>(provider => new FhirDraftWriter(options, LoggerOf<FhirDraftWriter>(provider)));

        if (options.BaseUrl is null)
        {
            return services;
        }

        services.TryAddSingleton(provider => new FhirServerClient(options, null, LoggerOf<FhirServerClient>(provider)));
        if (options.EnableDelivery)
        {
            services.AddSingleton<IDraftDelivery>(provider =>
                new FhirDraftDelivery(provider.GetRequiredService<FhirServerClient>(), LoggerOf<FhirDraftDelivery>(provider)));
        }

        if (options.EnablePriorReports)
        {
            services.AddSingleton<IContextSource>(provider => new FhirPriorReportSource(
                provider.GetRequiredService<FhirServerClient>(),
                options,
                provider.GetRequiredService<TimeProvider>(),
                LoggerOf<FhirPriorReportSource>(provider)));
        }

        if (options.EnableHistory)
        {
            services.AddSingleton<IContextSource>(provider => new FhirHistorySource(
                provider.GetRequiredService<FhirServerClient>(),
                options,
                provider.GetRequiredService<TimeProvider>(),
                LoggerOf<FhirHistorySource>(provider)));
        }

        return services;
    }

    /// <summary>
    /// Adds the FHIRcast subscriber as an <see cref="IStudyEventSource"/> and as <see cref="FhirCastSubscriber"/>, for
    /// hosts that publish drafts back with <see cref="FhirCastSubscriber.PublishDraftUpdateAsync"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the hub URL, topic and the other options of <see cref="FhirCastOptions"/>.</param>
    /// <returns>The service collection.</returns>
    /// <exception cref="ArgumentException">The hub URL or topic is missing, or an option is out of range.</exception>
    public static IServiceCollection AddRadAssistFhirCast(this IServiceCollection services, Action<FhirCastOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        var options = new FhirCastOptions();
        configure(options);
        options.Validate();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new FhirCastSubscriber(
            options,
            null,
            provider.GetRequiredService<TimeProvider>(),
            LoggerOf<FhirCastSubscriber>(provider)));
        services.AddSingleton<IStudyEventSource>(provider => provider.GetRequiredService<FhirCastSubscriber>());
        return services;
    }

    private static ILogger<T> LoggerOf<T>(IServiceProvider provider) =>
        provider.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
