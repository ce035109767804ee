using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RadAssist;
using RadAssist.Llm;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the <see cref="IChatClient"/> draft generator of RadAssist.Llm.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ChatDraftGenerator"/> as the <see cref="IDraftGenerator"/>, replacing the deterministic
    /// default, and a <see cref="PatternDeidentifier"/> as the <see cref="IDeidentifier"/> unless one is registered.
    /// </summary>
    /// <remarks>
    /// The host registers the model itself, for example with <c>services.AddChatClient(...)</c>. The generator takes
    /// the <see cref="IAuditSink"/>, <see cref="ILoggerFactory"/> and <see cref="TimeProvider"/> from the container
    /// when they are registered.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the generator's options; the defaults when <see langword="null"/>.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRadAssistChatDraftGenerator(
        this IServiceCollection services,
        Action<ChatDraftGeneratorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var builder = services.AddOptions<ChatDraftGeneratorOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        services.TryAddSingleton<IDeidentifier>(_ => new PatternDeidentifier());
        services.TryAddSingleton(provider =>
        {
            var time = provider.GetService<TimeProvider>() ?? TimeProvider.System;
            return new ChatDraftGenerator(
                provider.GetRequiredService<IChatClient>(),
                provider.GetRequiredService<IOptions<ChatDraftGeneratorOptions>>().Value,
                provider.GetRequiredService<IDeidentifier>(),
                new DeterministicDraftGenerator(time),
                provider.GetService<IAuditSink>(),
                provider.GetService<ILoggerFactory>(),
                time);
        });
        services.Replace(ServiceDescriptor.Singleton<IDraftGenerator>(provider => provider.GetRequiredService<ChatDraftGenerator>()));
        return services;
    }
}
