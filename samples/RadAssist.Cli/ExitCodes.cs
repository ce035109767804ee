namespace RadAssist.Cli;

/// <summary>Process exit codes of the radassist tool.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Any failure other than invalid input: a server that cannot be reached, a broken audit chain.</summary>
    public const int Failure = 1;

    /// <summary>The input was invalid; the message names the field and value.</summary>
    public const int InvalidInput = 2;
}
