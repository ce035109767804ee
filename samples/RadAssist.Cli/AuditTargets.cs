using Npgsql;
using RadAssist.Audit.PostgreSql;
using RadAssist.Audit.Sqlite;

namespace RadAssist.Cli;

/// <summary>Opens the audit sink a <c>--audit TARGET</c> option names.</summary>
internal static class AuditTargets
{
    /// <summary>Help text for options and arguments that take an audit target.</summary>
    public const string Description =
        "Audit target: a path ending in .db or .sqlite (SQLite), a path ending in .jsonl (JSON Lines file), " +
        "or a PostgreSQL connection string such as 'Host=127.0.0.1;Port=5432;Username=radassist;Database=audit' " +
        "or 'postgresql://user@host:port/database'.";

    /// <summary>
    /// Creates the <c>--audit</c> option of a command. An unsupported target is a parse error, so the command exits
    /// with the invalid-input code before it starts.
    /// </summary>
    public static System.CommandLine.Option<string?> CreateOption()
    {
        var option = new System.CommandLine.Option<string?>("--audit") { Description = Description };
        option.Validators.Add(result =>
        {
            var target = result.GetValueOrDefault<string?>();
            if (target is null)
            {
                return;
            }

            try
            {
                Classify(target);
            }
            catch (ArgumentException)
            {
                result.AddError($"Option '--audit' value '{target}' is not supported. {Description}");
            }
        });
        return option;
    }

    /// <summary>What kind of store a target names.</summary>
    public enum TargetKind
    {
        /// <summary>A SQLite database file.</summary>
        Sqlite,

        /// <summary>A JSON Lines file.</summary>
        JsonLines,

        /// <summary>A PostgreSQL database.</summary>
        PostgreSql,
    }

    /// <summary>
    /// Opens a sink for a target: a path ending in <c>.db</c>, <c>.sqlite</c> or <c>.sqlite3</c> selects SQLite, a
    /// path ending in <c>.jsonl</c> the JSON Lines file sink, and a PostgreSQL connection string (key-value form
    /// with <c>Host=</c>, or a <c>postgresql://</c> URI) PostgreSQL. Folders of file targets are created.
    /// </summary>
    /// <exception cref="ArgumentException">The target selects no known sink or is malformed; the message names it.</exception>
    public static IAuditSink Open(string target)
    {
        var kind = Classify(target);
        switch (kind)
        {
            case TargetKind.Sqlite:
                CreateFolderOf(target);
                return new SqliteAuditSink(target);

            case TargetKind.JsonLines:
                CreateFolderOf(target);
                return new JsonLinesAuditSink(target);

            default:
                return new PostgreSqlAuditSink(ToConnectionString(target));
        }
    }

    /// <summary>Returns the kind of store a target names.</summary>
    /// <exception cref="ArgumentException">The target selects no known sink; the message names it.</exception>
    public static TargetKind Classify(string target)
    {
        if (string.IsNullOrWhiteSpace(target))
        {
            throw new ArgumentException("Audit target is missing. " + Description, nameof(target));
        }

        var trimmed = target.Trim();
        if (trimmed.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || trimmed.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || (trimmed.Contains('=', StringComparison.Ordinal)
                && (trimmed.Contains("host=", StringComparison.OrdinalIgnoreCase) || trimmed.Contains("server=", StringComparison.OrdinalIgnoreCase))))
        {
            return TargetKind.PostgreSql;
        }

        if (trimmed.EndsWith(".db", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase)
            || trimmed.EndsWith(".sqlite3", StringComparison.OrdinalIgnoreCase))
        {
            return TargetKind.Sqlite;
        }

        if (trimmed.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            return TargetKind.JsonLines;
        }

        throw new ArgumentException($"Audit target '{target}' is not supported. {Description}", nameof(target));
    }

    /// <summary>Whether the target is a file that does not exist yet.</summary>
    public static bool IsMissingFile(string target) =>
        Classify(target) != TargetKind.PostgreSql && !File.Exists(target);

    /// <summary>Turns a <c>postgresql://</c> URI into an Npgsql connection string; other text is returned as given.</summary>
    /// <exception cref="ArgumentException">The URI or connection string is malformed.</exception>
    internal static string ToConnectionString(string target)
    {
        var trimmed = target.Trim();
        if (!trimmed.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(trimmed).ConnectionString;
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"PostgreSQL connection string is invalid: {ex.Message}", nameof(target), ex);
            }
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("PostgreSQL URI is invalid: use postgresql://user:password@host:port/database.", nameof(target));
        }

        var builder = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
        {
            builder.Port = uri.Port;
        }

        var database = uri.AbsolutePath.Trim('/');
        if (database.Length > 0)
        {
            builder.Database = Uri.UnescapeDataString(database);
        }

        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        return builder.ConnectionString;
    }

    private static void CreateFolderOf(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }
    }
}
