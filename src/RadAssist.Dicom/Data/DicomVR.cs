namespace RadAssist.Dicom;

/// <summary>Value representation of a data element (DICOM PS3.5 section 6.2).</summary>
public enum DicomVR : byte
{
    /// <summary>No value representation: item and delimiter tags (FFFE,xxxx).</summary>
    None,

    /// <summary>Application Entity: at most 16 characters.</summary>
    AE,

    /// <summary>Age String: 4 characters such as <c>045Y</c>.</summary>
    AS,

    /// <summary>Attribute Tag: 4 bytes.</summary>
    AT,

    /// <summary>Code String: at most 16 characters.</summary>
    CS,

    /// <summary>Date: <c>YYYYMMDD</c>.</summary>
    DA,

    /// <summary>Decimal String: at most 16 characters.</summary>
    DS,

    /// <summary>Date Time: at most 26 characters.</summary>
    DT,

    /// <summary>Floating Point Double: 8 bytes.</summary>
    FD,

    /// <summary>Floating Point Single: 4 bytes.</summary>
    FL,

    /// <summary>Integer String: at most 12 characters.</summary>
    IS,

    /// <summary>Long String: at most 64 characters.</summary>
    LO,

    /// <summary>Long Text: at most 10240 characters.</summary>
    LT,

    /// <summary>Other Byte.</summary>
    OB,

    /// <summary>Other Double.</summary>
    OD,

    /// <summary>Other Float.</summary>
    OF,

    /// <summary>Other Long.</summary>
    OL,

    /// <summary>Other 64-bit Very Long.</summary>
    OV,

    /// <summary>Other Word.</summary>
    OW,

    /// <summary>Person Name: at most 64 characters per component group.</summary>
    PN,

    /// <summary>Short String: at most 16 characters.</summary>
    SH,

    /// <summary>Signed Long: 4 bytes.</summary>
    SL,

    /// <summary>Sequence of Items.</summary>
    SQ,

    /// <summary>Signed Short: 2 bytes.</summary>
    SS,

    /// <summary>Short Text: at most 1024 characters.</summary>
    ST,

    /// <summary>Signed 64-bit Very Long: 8 bytes.</summary>
    SV,

    /// <summary>Time: at most 14 characters.</summary>
    TM,

    /// <summary>Unlimited Characters.</summary>
    UC,

    /// <summary>Unique Identifier: at most 64 characters.</summary>
    UI,

    /// <summary>Unsigned Long: 4 bytes.</summary>
    UL,

    /// <summary>Unknown.</summary>
    UN,

    /// <summary>Universal Resource Identifier or Locator.</summary>
    UR,

    /// <summary>Unsigned Short: 2 bytes.</summary>
    US,

    /// <summary>Unlimited Text.</summary>
    UT,

    /// <summary>Unsigned 64-bit Very Long: 8 bytes.</summary>
    UV,
}
