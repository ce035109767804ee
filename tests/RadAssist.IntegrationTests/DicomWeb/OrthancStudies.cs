using System.Globalization;
using RadAssist.Dicom;
using RadAssist.Testing;

namespace RadAssist.IntegrationTests.DicomWeb;

/// <summary>
/// Builds a patient with a current CT study and a prior study holding a report SR from real files in tests/data, with
/// fresh UIDs and identifiers, so each run stores new studies in the shared Orthanc.
/// </summary>
internal sealed class OrthancStudies
{
    public const string CurrentImageFile = "dicom/images/pyd_CT_small.dcm";
    public const string PriorReportFile = "dicom/sr/dcmtk_mkreport_report13.dcm";

    public static readonly DateOnly CurrentDate = new(2024, 3, 1);
    public static readonly DateOnly PriorDate = new(2023, 1, 15);

    private static readonly DicomTag StudyDescription = new(0x0008, 0x1030);
    private static readonly DicomTag SeriesDescription = new(0x0008, 0x103E);

    public OrthancStudies()
    {
        var suffix = Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();
        PatientId = "RA-IT-" + suffix;
        AccessionNumber = "A" + suffix;
        PriorAccessionNumber = "P" + suffix;
    }

    public string PatientId { get; }

    public string AccessionNumber { get; }

    public string PriorAccessionNumber { get; }

    public string CurrentStudyUid { get; } = DicomUid.Generate();

    public string CurrentSeriesUid { get; } = DicomUid.Generate();

    public string CurrentSopUid { get; } = DicomUid.Generate();

    public string PriorStudyUid { get; } = DicomUid.Generate();

    public string PriorReportSopUid { get; } = DicomUid.Generate();

    /// <summary>Orthanc's base URL from RADASSIST_ORTHANC_URL, or a skip (a failure under the test script).</summary>
    public static Uri RequireDicomWeb()
    {
        var url = Environment.GetEnvironmentVariable("RADASSIST_ORTHANC_URL");
        TestData.Require(!string.IsNullOrWhiteSpace(url), "Orthanc (RADASSIST_ORTHANC_URL)");
        return new Uri(url!.TrimEnd('/') + "/dicom-web/");
    }

    /// <summary>The CT image moved into the current study.</summary>
    public byte[] CurrentImage(string? studyUid = null, string? accessionNumber = null) =>
        Rewrite(CurrentImageFile, dataset => dataset
            .Set(DicomTags.StudyInstanceUid, DicomVR.UI, studyUid ?? CurrentStudyUid)
            .Set(DicomTags.SeriesInstanceUid, DicomVR.UI, studyUid is null ? CurrentSeriesUid : DicomUid.Generate())
            .Set(DicomTags.SopInstanceUid, DicomVR.UI, studyUid is null ? CurrentSopUid : DicomUid.Generate())
            .Set(DicomTags.AccessionNumber, DicomVR.SH, accessionNumber ?? AccessionNumber)
            .Set(DicomTags.StudyDate, DicomVR.DA, Date(CurrentDate))
            .Set(StudyDescription, DicomVR.LO, "CT ABDOMEN WITH CONTRAST"));

    /// <summary>The OFFIS CT report SR moved into the prior study.</summary>
    public byte[] PriorReport() =>
        Rewrite(PriorReportFile, dataset => dataset
            .Set(DicomTags.StudyInstanceUid, DicomVR.UI, PriorStudyUid)
            .Set(DicomTags.SeriesInstanceUid, DicomVR.UI, DicomUid.Generate())
            .Set(DicomTags.SopInstanceUid, DicomVR.UI, PriorReportSopUid)
            .Set(DicomTags.AccessionNumber, DicomVR.SH, PriorAccessionNumber)
            .Set(DicomTags.StudyDate, DicomVR.DA, Date(PriorDate))
            .Set(StudyDescription, DicomVR.LO, "CT ABDOMEN")
            .Set(SeriesDescription, DicomVR.LO, "Radiology report"));

    private byte[] Rewrite(string file, Action<DicomDataset> change)
    {
        var dataset = DicomFile.Open(TestData.PathOf(file)).Dataset;
        dataset.Set(DicomTags.PatientId, DicomVR.LO, PatientId);
        change(dataset);
        return DicomFile.Create(dataset).ToArray();
    }

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
