namespace RadAssist.Dicom.StructuredReport;

/// <summary>The SR IOD a document is written as (DICOM PS3.3 A.35), which limits its value types.</summary>
public enum SrDocumentType
{
    /// <summary>Basic Text SR (1.2.840.10008.5.1.4.1.1.88.11): text, codes, dates, names, UIDs and references.</summary>
    BasicText,

    /// <summary>Enhanced SR (1.2.840.10008.5.1.4.1.1.88.22): Basic Text plus NUM and SCOORD.</summary>
    Enhanced,

    /// <summary>Comprehensive SR (1.2.840.10008.5.1.4.1.1.88.33): Enhanced plus any relationship.</summary>
    Comprehensive,

    /// <summary>Comprehensive 3D SR (1.2.840.10008.5.1.4.1.1.88.34): Comprehensive plus SCOORD3D.</summary>
    Comprehensive3D,
}

/// <summary>A device that authored a document: the AI model or generator behind a draft (DICOM PS3.16 TID 1004).</summary>
/// <param name="Uid">Device Observer UID, a valid UID that identifies this model and version.</param>
/// <param name="Name">Device Observer Name, such as the model id.</param>
public sealed record SrDeviceObserver(string Uid, string Name)
{
    /// <summary>Device Observer Manufacturer.</summary>
    public string? Manufacturer { get; init; }

    /// <summary>Device Observer Model Name, such as the model id and version.</summary>
    public string? ModelName { get; init; }

    /// <summary>Device Observer Serial Number, such as the generator version.</summary>
    public string? SerialNumber { get; init; }
}

/// <summary>
/// A Structured Report document: patient, study and series attributes, document flags, the author device, evidence
/// and the content tree (DICOM PS3.3 C.17.2 SR Document General and C.17.3 SR Document Content modules).
/// </summary>
/// <remarks>
/// Documents written by the SDK are drafts: Completion Flag PARTIAL and Verification Flag UNVERIFIED, always.
/// </remarks>
public sealed class SrDocument
{
    /// <summary>The SR IOD; Comprehensive SR by default.</summary>
    public SrDocumentType DocumentType { get; init; } = SrDocumentType.Comprehensive;

    /// <summary>The root CONTAINER of the content tree.</summary>
    public required SrContentItem Root { get; init; }

    /// <summary>Study Instance UID of the study the document belongs to: the reported study.</summary>
    public required string StudyInstanceUid { get; init; }

    /// <summary>Series Instance UID; a new 2.25 UID by default.</summary>
    public string SeriesInstanceUid { get; init; } = DicomUid.Generate();

    /// <summary>SOP Instance UID; a new 2.25 UID by default.</summary>
    public string SopInstanceUid { get; init; } = DicomUid.Generate();

    /// <summary>Patient Name in DICOM PN form.</summary>
    public string? PatientName { get; init; }

    /// <summary>Patient ID.</summary>
    public string? PatientId { get; init; }

    /// <summary>Patient Birth Date.</summary>
    public DateOnly? PatientBirthDate { get; init; }

    /// <summary>Patient Sex: M, F or O.</summary>
    public string? PatientSex { get; init; }

    /// <summary>Accession Number.</summary>
    public string? AccessionNumber { get; init; }

    /// <summary>Study ID.</summary>
    public string? StudyId { get; init; }

    /// <summary>Study Date.</summary>
    public DateOnly? StudyDate { get; init; }

    /// <summary>Study Description.</summary>
    public string? StudyDescription { get; init; }

    /// <summary>Series Description.</summary>
    public string? SeriesDescription { get; init; }

    /// <summary>Series Number; default 1.</summary>
    public int SeriesNumber { get; init; } = 1;

    /// <summary>Instance Number; default 1.</summary>
    public int InstanceNumber { get; init; } = 1;

    /// <summary>Content Date and Time: when the content was created.</summary>
    public DateTimeOffset ContentDateTime { get; init; }

    /// <summary>Manufacturer (0008,0070) of the equipment that wrote the document; default <c>RadAssist</c>.</summary>
    public string Manufacturer { get; init; } = "RadAssist";

    /// <summary>Completion Flag (0040,A491). Written as PARTIAL; a document read from a file keeps its own.</summary>
    public string CompletionFlag { get; internal init; } = "PARTIAL";

    /// <summary>Verification Flag (0040,A493). Written as UNVERIFIED; a document read from a file keeps its own.</summary>
    public string VerificationFlag { get; internal init; } = "UNVERIFIED";

    /// <summary>Completion Flag Description (0040,A492), such as the draft banner.</summary>
    public string? CompletionFlagDescription { get; init; }

    /// <summary>The device that authored the content, written to the Author Observer Sequence (0040,A078).</summary>
    public SrDeviceObserver? AuthorDevice { get; init; }

    /// <summary>
    /// Instances the report is based on beyond those its IMAGE and COMPOSITE items reference. The writer lists both
    /// in the Current Requested Procedure Evidence Sequence (0040,A375).
    /// </summary>
    public IReadOnlyList<SrReference> Evidence { get; init; } = [];

    /// <summary>Problems a reader accepted leniently, such as an empty Content Sequence.</summary>
    public IReadOnlyList<string> Warnings { get; internal init; } = [];

    /// <summary>Returns the SOP Class UID of a document type.</summary>
    /// <param name="type">The document type.</param>
    public static string SopClassUidOf(SrDocumentType type) => type switch
    {
        SrDocumentType.BasicText => "1.2.840.10008.5.1.4.1.1.88.11",
        SrDocumentType.Enhanced => "1.2.840.10008.5.1.4.1.1.88.22",
        SrDocumentType.Comprehensive3D => "1.2.840.10008.5.1.4.1.1.88.34",
        _ => "1.2.840.10008.5.1.4.1.1.88.33",
    };

    /// <summary>Encodes the document as a dataset.</summary>
    /// <exception cref="InvalidOperationException">The tree breaks a rule of the IOD; the message names the item.</exception>
    /// <exception cref="ArgumentException">A UID of the document is not valid; the message names the attribute.</exception>
    public DicomDataset ToDataset() => SrDatasetWriter.Write(this);

    /// <summary>Encodes the document as a Part 10 file in Explicit VR Little Endian.</summary>
    /// <exception cref="InvalidOperationException">The tree breaks a rule of the IOD.</exception>
    /// <exception cref="ArgumentException">A UID of the document is not valid.</exception>
    public byte[] ToPart10() => DicomFile.Create(ToDataset()).ToArray();

    /// <summary>Reads a document from a dataset of any SR IOD.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <exception cref="DicomFormatException">The dataset is not an SR document; the message names the attribute.</exception>
    public static SrDocument Read(DicomDataset dataset) => SrDatasetReader.Read(dataset);
}
