using System.Diagnostics;
using RadAssist.Testing;

namespace RadAssist.Dicom.Tests.StructuredReport;

/// <summary>Runs the independent DICOM validators on a file: dciodvfy (dicom3tools), dsrdump (dcmtk) and pydicom.</summary>
internal static class ExternalValidators
{
    public const string Python = "/usr/bin/python3";

    /// <summary>Returns dciodvfy's "Error" lines; warnings are not errors.</summary>
    public static List<string> DciodvfyErrors(string path)
    {
        var tool = TestData.FindTool("dciodvfy");
        TestData.Require(tool is not null, "dciodvfy (Debian package dicom3tools)");
        var (_, output) = Run(tool!, [path]);
        return output.Split('\n').Where(line => line.StartsWith("Error", StringComparison.Ordinal)).ToList();
    }

    /// <summary>Runs dsrdump and returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Dsrdump(string path)
    {
        var tool = TestData.FindTool("dsrdump");
        TestData.Require(tool is not null, "dsrdump (Debian package dcmtk)");
        return Run(tool!, ["-Ee", "-Ec", "-Er", path]);
    }

    /// <summary>Returns the content tree as pydicom reads it: one line per item, depth, relationship, type, concept and value.</summary>
    public static (int ExitCode, string Output) PydicomTree(IEnumerable<string> paths)
    {
        TestData.Require(File.Exists(Python), "/usr/bin/python3 with python3-pydicom");
        var script = TestData.PathOf("dicom/sr_tree.py");
        return Run(Python, [script, .. paths]);
    }

    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(true);
            Assert.Fail($"{file} did not finish within 2 minutes.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
