namespace RadAssist.Dicom.StructuredReport;

/// <summary>
/// Coded concepts the SR builders use, from DICOM PS3.16 (DCM, context groups), LOINC (LN), SNOMED CT (SCT) and
/// UCUM. Report section headings use the LOINC codes that replaced the retired DCM 1210xx headings.
/// </summary>
public static class SrCodes
{
    /// <summary>(18748-4, LN) Diagnostic Imaging Report, the root of TID 2000.</summary>
    public static readonly CodedConcept DiagnosticImagingReport = new("18748-4", "LN", "Diagnostic Imaging Report");

    /// <summary>(126000, DCM) Imaging Measurement Report, the root of TID 1500.</summary>
    public static readonly CodedConcept ImagingMeasurementReport = new("126000", "DCM", "Imaging Measurement Report");

    /// <summary>(55752-0, LN) Clinical Information section heading.</summary>
    public static readonly CodedConcept ClinicalInformation = new("55752-0", "LN", "Clinical Information");

    /// <summary>(18834-2, LN) Previous Findings, the comparison section heading.</summary>
    public static readonly CodedConcept PreviousFindingsSection = new("18834-2", "LN", "Previous Findings");

    /// <summary>(121069, DCM) Previous Finding.</summary>
    public static readonly CodedConcept PreviousFinding = new("121069", "DCM", "Previous Finding");

    /// <summary>(59776-5, LN) Findings section heading.</summary>
    public static readonly CodedConcept FindingsSection = new("59776-5", "LN", "Findings");

    /// <summary>(19005-8, LN) Impression section heading.</summary>
    public static readonly CodedConcept ImpressionSection = new("19005-8", "LN", "Impressions");

    /// <summary>(18783-1, LN) Recommendations section heading.</summary>
    public static readonly CodedConcept RecommendationSection = new("18783-1", "LN", "Recommendations");

    /// <summary>(121071, DCM) Finding.</summary>
    public static readonly CodedConcept Finding = new("121071", "DCM", "Finding");

    /// <summary>(121073, DCM) Impression.</summary>
    public static readonly CodedConcept Impression = new("121073", "DCM", "Impression");

    /// <summary>(121075, DCM) Recommendation.</summary>
    public static readonly CodedConcept Recommendation = new("121075", "DCM", "Recommendation");

    /// <summary>(121106, DCM) Comment, used for the draft banner.</summary>
    public static readonly CodedConcept Comment = new("121106", "DCM", "Comment");

    /// <summary>(121060, DCM) History.</summary>
    public static readonly CodedConcept History = new("121060", "DCM", "History");

    /// <summary>(121049, DCM) Language of Content Item and Descendants.</summary>
    public static readonly CodedConcept LanguageOfContent = new("121049", "DCM", "Language of Content Item and Descendants");

    /// <summary>(en-US, RFC5646) English (United States).</summary>
    public static readonly CodedConcept EnglishUnitedStates = new("en-US", "RFC5646", "English (United States)");

    /// <summary>(121058, DCM) Procedure reported.</summary>
    public static readonly CodedConcept ProcedureReported = new("121058", "DCM", "Procedure reported");

    /// <summary>(363679005, SCT) Imaging procedure.</summary>
    public static readonly CodedConcept ImagingProcedure = new("363679005", "SCT", "Imaging procedure");

    /// <summary>(121005, DCM) Observer Type.</summary>
    public static readonly CodedConcept ObserverType = new("121005", "DCM", "Observer Type");

    /// <summary>(121007, DCM) Device.</summary>
    public static readonly CodedConcept Device = new("121007", "DCM", "Device");

    /// <summary>(121012, DCM) Device Observer UID.</summary>
    public static readonly CodedConcept DeviceObserverUid = new("121012", "DCM", "Device Observer UID");

    /// <summary>(121013, DCM) Device Observer Name.</summary>
    public static readonly CodedConcept DeviceObserverName = new("121013", "DCM", "Device Observer Name");

    /// <summary>(121014, DCM) Device Observer Manufacturer.</summary>
    public static readonly CodedConcept DeviceObserverManufacturer = new("121014", "DCM", "Device Observer Manufacturer");

    /// <summary>(121015, DCM) Device Observer Model Name.</summary>
    public static readonly CodedConcept DeviceObserverModelName = new("121015", "DCM", "Device Observer Model Name");

    /// <summary>(121016, DCM) Device Observer Serial Number.</summary>
    public static readonly CodedConcept DeviceObserverSerialNumber = new("121016", "DCM", "Device Observer Serial Number");

    /// <summary>(111028, DCM) Image Library.</summary>
    public static readonly CodedConcept ImageLibrary = new("111028", "DCM", "Image Library");

    /// <summary>(126200, DCM) Image Library Group.</summary>
    public static readonly CodedConcept ImageLibraryGroup = new("126200", "DCM", "Image Library Group");

    /// <summary>(126010, DCM) Imaging Measurements.</summary>
    public static readonly CodedConcept ImagingMeasurements = new("126010", "DCM", "Imaging Measurements");

    /// <summary>(125007, DCM) Measurement Group.</summary>
    public static readonly CodedConcept MeasurementGroup = new("125007", "DCM", "Measurement Group");

    /// <summary>(112039, DCM) Tracking Identifier.</summary>
    public static readonly CodedConcept TrackingIdentifier = new("112039", "DCM", "Tracking Identifier");

    /// <summary>(112040, DCM) Tracking Unique Identifier.</summary>
    public static readonly CodedConcept TrackingUniqueIdentifier = new("112040", "DCM", "Tracking Unique Identifier");

    /// <summary>(363698007, SCT) Finding Site.</summary>
    public static readonly CodedConcept FindingSite = new("363698007", "SCT", "Finding Site");

    /// <summary>(272741003, SCT) Laterality.</summary>
    public static readonly CodedConcept Laterality = new("272741003", "SCT", "Laterality");

    /// <summary>(7771000, SCT) Left.</summary>
    public static readonly CodedConcept Left = new("7771000", "SCT", "Left");

    /// <summary>(24028007, SCT) Right.</summary>
    public static readonly CodedConcept Right = new("24028007", "SCT", "Right");

    /// <summary>(51440002, SCT) Right and left.</summary>
    public static readonly CodedConcept Bilateral = new("51440002", "SCT", "Right and left");

    /// <summary>(111001, DCM) Algorithm Name, TID 4019.</summary>
    public static readonly CodedConcept AlgorithmName = new("111001", "DCM", "Algorithm Name");

    /// <summary>(111003, DCM) Algorithm Version, TID 4019.</summary>
    public static readonly CodedConcept AlgorithmVersion = new("111003", "DCM", "Algorithm Version");

    /// <summary>(111002, DCM) Algorithm Parameters, TID 4019.</summary>
    public static readonly CodedConcept AlgorithmParameters = new("111002", "DCM", "Algorithm Parameters");

    /// <summary>(410668003, SCT) Length.</summary>
    public static readonly CodedConcept Length = new("410668003", "SCT", "Length");

    /// <summary>(103339001, SCT) Long Axis.</summary>
    public static readonly CodedConcept LongAxis = new("103339001", "SCT", "Long Axis");

    /// <summary>(mm, UCUM) millimeter.</summary>
    public static readonly CodedConcept Millimeter = new("mm", "UCUM", "millimeter");

    /// <summary>(cm, UCUM) centimeter.</summary>
    public static readonly CodedConcept Centimeter = new("cm", "UCUM", "centimeter");

    /// <summary>(121112, DCM) Source of Measurement.</summary>
    public static readonly CodedConcept SourceOfMeasurement = new("121112", "DCM", "Source of Measurement");
}

/// <summary>DICOM date and time text (PS3.5 6.2, VRs DA, TM and DT).</summary>
internal static class SrFormat
{
    public static string Date(DateTimeOffset value) =>
        value.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset value) =>
        value.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    public static string DateTime(DateTimeOffset value) =>
        value.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) +
        (value.Offset < TimeSpan.Zero ? "-" : "+") +
        value.Offset.Duration().ToString("hhmm", System.Globalization.CultureInfo.InvariantCulture);
}
