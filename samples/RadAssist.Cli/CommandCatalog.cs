using System.CommandLine;
using RadAssist.Cli.Commands;

namespace RadAssist.Cli;

/// <summary>The top-level commands of the radassist tool, one line per command.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> Create()
    {
        yield return DemoCommand.Create();
        yield return DraftCommand.Create();
        yield return AuditCommand.Create();
    }
}
