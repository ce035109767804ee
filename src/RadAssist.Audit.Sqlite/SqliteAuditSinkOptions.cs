namespace RadAssist.Audit.Sqlite;

/// <summary>Options of <see cref="SqliteAuditSink"/>.</summary>
public sealed class SqliteAuditSinkOptions
{
    /// <summary>Path of the database file; created with its tables when missing. Required.</summary>
    public string Path { get; set; } = string.Empty;

    /// <summary>Maximum number of events written in one transaction when appends arrive together.</summary>
    /// <value>Default 256.</value>
    public int MaxBatchSize { get; set; } = 256;

    /// <summary>How long a write waits for another process that holds the database lock.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
