using RadAssist.Dicom.Tests.StructuredReport;
using RadAssist.Testing;

namespace RadAssist.Dicom.Tests.Part10;

/// <summary>Decoded person names of the character set test files equal what pydicom decodes.</summary>
public sealed class CharacterSetTests
{
    private static readonly string[] Files =
        ["pyd_chrFren", "pyd_chrGerm", "pyd_chrGreek", "pyd_chrH31", "pyd_chrI2", "pyd_chrJapMulti", "pyd_chrRuss", "pyd_chrX1"];

    [TestCaseSource(nameof(Files))]
    public void PatientName_MatchesPydicom(string name)
    {
        var path = TestData.PathOf($"dicom/images/{name}.dcm");
        TestData.Require(File.Exists(ExternalValidators.Python), "/usr/bin/python3 with python3-pydicom");
        var (exitCode, output) = ExternalValidators.Run(ExternalValidators.Python, [
            "-c", "import sys, pydicom; d = pydicom.dcmread(sys.argv[1]); d.decode(); sys.stdout.buffer.write(str(d.PatientName).encode('utf-8'))", path]);

        var ours = DicomFile.Read(File.ReadAllBytes(path)).Dataset.GetString(new DicomTag(0x0010, 0x0010));

        Assert.That(exitCode, Is.Zero, output);
        // A trailing empty component group ("=" at the end) is written by some files; pydicom drops it.
        Assert.That(ours!.TrimEnd('='), Is.EqualTo(output));
        Assert.That(ours!.Contains((char)0x1B), Is.False, "escape sequence left in the decoded text");
    }
}
