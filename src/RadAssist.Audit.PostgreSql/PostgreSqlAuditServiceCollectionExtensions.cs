using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RadAssist;
using RadAssist.Audit.PostgreSql;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL audit sink.</summary>
public static class PostgreSqlAuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PostgreSqlAuditSink"/> as the singleton <see cref="IAuditSink"/>, replacing any sink
    /// registered before.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="PostgreSqlAuditSinkOptions.ConnectionString"/> is required.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRadAssistPostgreSqlAudit(
        this IServiceCollection services,
        Action<PostgreSqlAuditSinkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<PostgreSqlAuditSinkOptions>()
            .Configure(configure)
            .Validate(
                o => !string.IsNullOrWhiteSpace(o.ConnectionString),
                "PostgreSQL audit option 'ConnectionString' is missing: set an Npgsql connection string.")
            .Validate(o => o.MaxBatchSize >= 1, "PostgreSQL audit option 'MaxBatchSize' must be at least 1.");
        services.TryAddSingleton<PostgreSqlAuditSink>(provider => new PostgreSqlAuditSink(
            provider.GetRequiredService<IOptions<PostgreSqlAuditSinkOptions>>().Value,
            provider.GetService<ILogger<PostgreSqlAuditSink>>()));
        services.Replace(ServiceDescriptor.Singleton<IAuditSink>(provider => provider.GetRequiredService<PostgreSqlAuditSink>()));
        return services;
    }
}
