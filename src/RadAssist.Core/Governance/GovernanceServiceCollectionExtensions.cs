using Microsoft.Extensions.DependencyInjection.Extensions;
using RadAssist;
using RadAssist.Governance;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the governance features: feedback recording, rollout policy and transient data retention.</summary>
public static class GovernanceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="AuditFeedbackRecorder"/> as <see cref="IFeedbackRecorder"/>, <see cref="RolloutPolicy"/>
    /// and <see cref="TransientStudyStore"/>. Bind <see cref="RolloutOptions"/> to configuration with
    /// <c>services.Configure&lt;RolloutOptions&gt;(configuration.GetSection(RolloutOptions.SectionName))</c> so that
    /// edits, the kill switch included, apply without a restart.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configureRollout">Sets rollout options in code; optional.</param>
    /// <param name="configureTransient">Sets the transient data folder; optional.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRadAssistGovernance(
        this IServiceCollection services,
        Action<RolloutOptions>? configureRollout = null,
        Action<TransientStudyOptions>? configureTransient = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        var rollout = services.AddOptions<RolloutOptions>();
        if (configureRollout is not null)
        {
            rollout.Configure(configureRollout);
        }

        var transient = services.AddOptions<TransientStudyOptions>();
        if (configureTransient is not null)
        {
            transient.Configure(configureTransient);
        }

        services.TryAddSingleton<RolloutPolicy>();
        services.TryAddSingleton(provider => new TransientStudyStore(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TransientStudyOptions>>().Value,
            provider.GetService<TimeProvider>()));
        services.TryAddSingleton<IFeedbackRecorder>(provider => new AuditFeedbackRecorder(
            provider.GetRequiredService<IAuditSink>(),
            provider.GetService<TimeProvider>()));
        return services;
    }
}
