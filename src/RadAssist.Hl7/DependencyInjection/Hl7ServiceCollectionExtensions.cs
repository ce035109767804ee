using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RadAssist;
using RadAssist.Hl7;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the HL7 v2 parts of RadAssist.</summary>
public static class Hl7ServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <c>hl7</c> draft writer, which renders a draft as a preliminary ORU^R01 (OBR-25 and OBX-11 <c>P</c>,
    /// AI-draft banner in the first OBX), and, when <see cref="Hl7Options.Delivery"/> is set, an MLLP delivery of
    /// that rendering.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; the defaults write v2.5.1 from application <c>RADASSIST</c>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRadAssistHl7(this IServiceCollection services, Action<Hl7Options>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var options = new Hl7Options();
        configure?.Invoke(options);
        var optionsBuilder = services.AddOptions<Hl7Options>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDraftWriter, Hl7DraftWriter>(provider =>
            new Hl7DraftWriter(provider.GetRequiredService<IOptions<Hl7Options>>(), provider.GetService<TimeProvider>())));

        if (options.Delivery is not null)
        {
            options.Delivery.Validate();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IDraftDelivery, MllpDraftDelivery>(provider =>
            {
                var delivery = provider.GetRequiredService<IOptions<Hl7Options>>().Value.Delivery!;
                var logger = provider.GetService<ILogger<MllpClient>>();
                return new MllpDraftDelivery(new MllpClient(delivery, logger), delivery);
            }));
        }

        return services;
    }
}
