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
        yield return FeedbackCommand.Create();
        yield return MetricsCommand.Create();
        yield return AnalyzeCommand.Create();
        yield return Hl7Command.Create();
        yield return ListenCommand.Create();
        yield return DicomCommand.Create();
        yield return DeidentifyCommand.Create();
    }
}
