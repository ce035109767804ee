using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RadAssist;
using RadAssist.Audit.Sqlite;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite audit sink.</summary>
public static class SqliteAuditServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SqliteAuditSink"/> as the singleton <see cref="IAuditSink"/>, replacing any sink
    /// registered before.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options; <see cref="SqliteAuditSinkOptions.Path"/> is required.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddRadAssistSqliteAudit(
        this IServiceCollection services,
        Action<SqliteAuditSinkOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<SqliteAuditSinkOptions>()
            .Configure(configure)
            .Validate(o => !string.IsNullOrWhiteSpace(o.Path), "SQLite audit option 'Path' is missing: set the database file path.")
            .Validate(o => o.MaxBatchSize >= 1, "SQLite audit option 'MaxBatchSize' must be at least 1.");
        services.TryAddSingleton<SqliteAuditSink>(provider => new SqliteAuditSink(
            provider.GetRequiredService<IOptions<SqliteAuditSinkOptions>>().Value,
            provider.GetService<ILogger<SqliteAuditSink>>()));
        services.Replace(ServiceDescriptor.Singleton<IAuditSink>(provider => provider.GetRequiredService<SqliteAuditSink>()));
        return services;
    }
}
