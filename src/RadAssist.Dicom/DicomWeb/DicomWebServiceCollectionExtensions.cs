using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using RadAssist;
using RadAssist.Dicom.DicomWeb;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the DICOMweb parts of RadAssist.</summary>
public static class DicomWebServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="DicomWebClient"/> and the <see cref="DicomWebStudyContextSource"/>, and, when
    /// <paramref name="storeDrafts"/> is true, the SR writer and the <see cref="StowRsDraftDelivery"/>.
    /// </summary>
    /// <remarks>
    /// The client's <see cref="HttpClient"/> sends the <see cref="DicomWebOptions.Authorization"/> header on every
    /// attempt, gives each attempt <see cref="DicomWebOptions.AttemptTimeout"/>, and retries GET requests after
    /// connection failures, timeouts and 408, 429 and 5xx statuses. POST requests (STOW-RS) are never retried.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="DicomWebOptions.BaseAddress"/> is required.</param>
    /// <param name="storeDrafts">Whether drafts are stored in the PACS as SR through STOW-RS. Default: false.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddRadAssistDicomWeb(
        this IServiceCollection services,
        Action<DicomWebOptions> configure,
        bool storeDrafts = false)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<DicomWebOptions>()
            .Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true, Scheme: "http" or "https" }, "DicomWebOptions.BaseAddress must be an absolute http or https URL.")
            .Validate(o => o.MaxRetryAttempts >= 0, "DicomWebOptions.MaxRetryAttempts must not be negative.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero, "DicomWebOptions.AttemptTimeout must be positive.")
            .Validate(o => o.MaxJsonBytes > 0 && o.MaxInstanceBytes > 0, "DicomWebOptions.MaxJsonBytes and MaxInstanceBytes must be positive.")
            .ValidateOnStart();

        services.TryAddTransient<DicomWebAuthorizationHandler>();
        var httpClient = services.AddHttpClient<DicomWebClient>(client => client.Timeout = Timeout.InfiniteTimeSpan);

        // The resilience handler is outermost, so the authorization handler runs again on each retry.
        httpClient.AddResilienceHandler("radassist-dicomweb", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<DicomWebOptions>>().Value;
                if (options.MaxRetryAttempts > 0)
                {
                    var retry = new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        Delay = options.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                    };
                    retry.DisableForUnsafeHttpMethods();
                    pipeline.AddRetry(retry);
                }

                pipeline.AddTimeout(options.AttemptTimeout);
            });
        httpClient.AddHttpMessageHandler<DicomWebAuthorizationHandler>();

        services.TryAddEnumerable(ServiceDescriptor.Transient<IContextSource, DicomWebStudyContextSource>());
        if (storeDrafts)
        {
            services.AddRadAssistDicom();
            services.TryAddEnumerable(ServiceDescriptor.Transient<IDraftDelivery, StowRsDraftDelivery>());
        }

        return services;
    }
}
