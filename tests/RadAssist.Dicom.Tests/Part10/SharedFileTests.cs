using RadAssist.Dicom;
using RadAssist.Testing;

namespace RadAssist.Dicom.Tests.Part10;

public sealed class SharedFileTests
{
    private static IEnumerable<string> DicomFiles() =>
        new[] { "images", "sr", "worklist" }
            .SelectMany(folder => Directory.GetFiles(TestData.PathOf($"dicom/{folder}")))
            .Where(path => !path.EndsWith(".dump", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(TestData.PathOf("dicom"), path))
            .Order(StringComparer.Ordinal);

    [TestCaseSource(nameof(DicomFiles))]
    public void Read_BundledFile_HasSopClassOrWorklistContent(string file)
    {
        var dicom = DicomFile.Read(TestData.Bytes($"dicom/{file}"));

        Assert.That(dicom.Dataset.Count, Is.GreaterThan(5));
        Assert.That(dicom.Dataset.GetString(new DicomTag(0x0010, 0x0010)) ?? dicom.Dataset.GetString(new DicomTag(0x0010, 0x0020)), Is.Not.Null);
    }

    [TestCaseSource(nameof(DicomFiles))]
    public void WriteThenRead_BundledFile_SameDataset(string file)
    {
        var original = DicomFile.Read(TestData.Bytes($"dicom/{file}"));

        var written = original.ToArray();
        var reread = DicomFile.Read(written);

        // Non-ASCII text is always rewritten in UTF-8, so only then may (0008,0005) change, and only to ISO_IR 192.
        var characterSet = reread.Dataset.GetString(new DicomTag(0x0008, 0x0005));
        var recoded = characterSet != original.Dataset.GetString(new DicomTag(0x0008, 0x0005));
        Assert.That(DatasetAssert.Differences(original.Dataset, reread.Dataset, ignoreCharacterSet: recoded), Is.Empty);
        Assert.That(recoded ? characterSet : "ISO_IR 192", Is.EqualTo("ISO_IR 192"));
        Assert.That(reread.TransferSyntaxUid, Is.EqualTo(DicomTransferSyntax.ExplicitVRLittleEndian));
    }
}
