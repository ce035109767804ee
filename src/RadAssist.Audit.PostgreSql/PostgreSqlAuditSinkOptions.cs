namespace RadAssist.Audit.PostgreSql;

/// <summary>Options of <see cref="PostgreSqlAuditSink"/>.</summary>
public sealed class PostgreSqlAuditSinkOptions
{
    /// <summary>Npgsql connection string of the database that contains the audit tables. Required.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Schema of the audit tables; created when missing.</summary>
    /// <value>Default <c>radassist</c>.</value>
    public string Schema { get; set; } = "radassist";

    /// <summary>Maximum number of events written in one transaction when appends arrive together.</summary>
    /// <value>Default 256.</value>
    public int MaxBatchSize { get; set; } = 256;
}
