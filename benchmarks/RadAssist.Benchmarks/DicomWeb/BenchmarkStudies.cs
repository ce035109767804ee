using RadAssist.Dicom;

namespace RadAssist.Benchmarks.DicomWeb;

/// <summary>Real DICOM files from the test data, rewritten into a fresh study of a fresh patient.</summary>
internal static class BenchmarkStudies
{
    /// <summary>Reads a bundled file and gives it a new patient id, study, series, instance and study date.</summary>
    public static byte[] Rewrite(string file, string patientId, string studyUid, string studyDate)
    {
        var dataset = DicomFile.Open(Path.Combine(AppContext.BaseDirectory, file)).Dataset;
        dataset.Set(new DicomTag(0x0010, 0x0020), DicomVR.LO, patientId)
            .Set(new DicomTag(0x0020, 0x000D), DicomVR.UI, studyUid)
            .Set(new DicomTag(0x0020, 0x000E), DicomVR.UI, DicomUid.Generate())
            .Set(new DicomTag(0x0008, 0x0018), DicomVR.UI, DicomUid.Generate())
            .Set(new DicomTag(0x0008, 0x0020), DicomVR.DA, studyDate);
        return DicomFile.Create(dataset).ToArray();
    }
}
