namespace RadAssist.Cli;

/// <summary>Opens the audit sink a <c>--audit TARGET</c> option names.</summary>
internal static class AuditTargets
{
    /// <summary>Opens a sink for a target: a path ending in <c>.jsonl</c> selects the JSON Lines file sink.</summary>
    /// <exception cref="ArgumentException">The target selects no known sink; the message names it.</exception>
    public static IAuditSink Open(string target)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(target);

        if (target.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(target));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            return new JsonLinesAuditSink(target);
        }

        throw new ArgumentException(
            $"Audit target '{target}' is not supported: give a path ending in .jsonl.",
            nameof(target));
    }
}
