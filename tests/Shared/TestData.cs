using System.Runtime.CompilerServices;

namespace RadAssist.Testing;

/// <summary>Locates the repository's test data and the external tools and servers tests use.</summary>
internal static class TestData
{
    private static readonly Lazy<string> RootDirectory = new(() => FindRoot());

    /// <summary>The repository root, found by walking up to RadAssist.sln.</summary>
    public static string RepositoryRoot => RootDirectory.Value;

    /// <summary>Absolute path of a file or folder under tests/data.</summary>
    public static string PathOf(string relativePath) =>
        Path.Combine(RepositoryRoot, "tests", "data", relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>Reads a test data file as bytes.</summary>
    public static byte[] Bytes(string relativePath) => File.ReadAllBytes(PathOf(relativePath));

    /// <summary>Reads a test data file as UTF-8 text.</summary>
    public static string Text(string relativePath) => File.ReadAllText(PathOf(relativePath));

    /// <summary>
    /// Whether the test script asked for every external tool and server to be present, so a missing one fails
    /// the test instead of skipping it.
    /// </summary>
    public static bool RequireExternal =>
        Environment.GetEnvironmentVariable("RADASSIST_REQUIRE_EXTERNAL") == "1";

    /// <summary>Skips the test, or fails it under the test script, when a required tool or server is missing.</summary>
    public static void Require(bool available, string what)
    {
        if (available)
        {
            return;
        }

        if (RequireExternal)
        {
            Assert.Fail($"{what} is required but not available.");
        }

        Assert.Ignore($"{what} is not available; run ./test.sh to install and start it.");
    }

    /// <summary>Full path of an executable on PATH, or null.</summary>
    public static string? FindTool(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':'))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return File.Exists(Path.Combine("/usr/bin", name)) ? Path.Combine("/usr/bin", name) : null;
    }

    private static string FindRoot([CallerFilePath] string callerPath = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(callerPath) ?? string.Empty })
        {
            var directory = new DirectoryInfo(start);
            while (directory is not null)
            {
                if (File.Exists(Path.Combine(directory.FullName, "RadAssist.sln")))
                {
                    return directory.FullName;
                }

                directory = directory.Parent;
            }
        }

        throw new InvalidOperationException("RadAssist.sln was not found above the test assembly.");
    }
}
