namespace RadAssist.Audit.Tests;

/// <summary>
/// Entry point of the test assembly when it runs as a child process. The test runner does not use it.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 3 && args[0] == AppendWorker.CommandName)
        {
            return await AppendWorker.RunAsync(args[1], args[2]);
        }

        await Console.Error.WriteLineAsync($"usage: {AppendWorker.CommandName} <sqlite|postgresql|jsonl> <target>");
        return 2;
    }
}
