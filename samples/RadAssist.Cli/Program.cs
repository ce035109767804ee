using System.CommandLine;
using RadAssist.Cli;

var root = new RootCommand("RadAssist: AI-drafted radiology reports from study events, marked as drafts and audited.");
foreach (var command in CommandCatalog.Create())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
