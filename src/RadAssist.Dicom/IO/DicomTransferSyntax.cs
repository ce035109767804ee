namespace RadAssist.Dicom;

/// <summary>Transfer syntax UIDs the reader decodes (DICOM PS3.5 section 10, PS3.6 annex A).</summary>
public static class DicomTransferSyntax
{
    /// <summary>Implicit VR Little Endian, the default transfer syntax.</summary>
    public const string ImplicitVRLittleEndian = "1.2.840.10008.1.2";

    /// <summary>Explicit VR Little Endian, which the writer produces.</summary>
    public const string ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";

    /// <summary>Deflated Explicit VR Little Endian.</summary>
    public const string DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";

    /// <summary>Explicit VR Big Endian (retired; read only).</summary>
    public const string ExplicitVRBigEndian = "1.2.840.10008.1.2.2";
}
