namespace RadAssist.Dicom;

/// <summary>Encoding rules of each value representation (DICOM PS3.5 sections 6.2 and 7.1.2).</summary>
internal static class DicomVRInfo
{
    private const int Unlimited = int.MaxValue;

    /// <summary>Returns the VR for its two-character code, or <see langword="false"/> for an unknown code.</summary>
    public static bool TryParse(byte first, byte second, out DicomVR vr)
    {
        vr = ((first << 8) | second) switch
        {
            ('A' << 8) | 'E' => DicomVR.AE,
            ('A' << 8) | 'S' => DicomVR.AS,
            ('A' << 8) | 'T' => DicomVR.AT,
            ('C' << 8) | 'S' => DicomVR.CS,
            ('D' << 8) | 'A' => DicomVR.DA,
            ('D' << 8) | 'S' => DicomVR.DS,
            ('D' << 8) | 'T' => DicomVR.DT,
            ('F' << 8) | 'D' => DicomVR.FD,
            ('F' << 8) | 'L' => DicomVR.FL,
            ('I' << 8) | 'S' => DicomVR.IS,
            ('L' << 8) | 'O' => DicomVR.LO,
            ('L' << 8) | 'T' => DicomVR.LT,
            ('O' << 8) | 'B' => DicomVR.OB,
            ('O' << 8) | 'D' => DicomVR.OD,
            ('O' << 8) | 'F' => DicomVR.OF,
            ('O' << 8) | 'L' => DicomVR.OL,
            ('O' << 8) | 'V' => DicomVR.OV,
            ('O' << 8) | 'W' => DicomVR.OW,
            ('P' << 8) | 'N' => DicomVR.PN,
            ('S' << 8) | 'H' => DicomVR.SH,
            ('S' << 8) | 'L' => DicomVR.SL,
            ('S' << 8) | 'Q' => DicomVR.SQ,
            ('S' << 8) | 'S' => DicomVR.SS,
            ('S' << 8) | 'T' => DicomVR.ST,
            ('S' << 8) | 'V' => DicomVR.SV,
            ('T' << 8) | 'M' => DicomVR.TM,
            ('U' << 8) | 'C' => DicomVR.UC,
            ('U' << 8) | 'I' => DicomVR.UI,
            ('U' << 8) | 'L' => DicomVR.UL,
            ('U' << 8) | 'N' => DicomVR.UN,
            ('U' << 8) | 'R' => DicomVR.UR,
            ('U' << 8) | 'S' => DicomVR.US,
            ('U' << 8) | 'T' => DicomVR.UT,
            ('U' << 8) | 'V' => DicomVR.UV,
            _ => DicomVR.None,
        };
        return vr != DicomVR.None;
    }

    /// <summary>Returns the VR for its code such as <c>PN</c>, or <see langword="false"/> for an unknown code.</summary>
    public static bool TryParse(string? code, out DicomVR vr)
    {
        if (code is { Length: 2 })
        {
            return TryParse((byte)code[0], (byte)code[1], out vr);
        }

        vr = DicomVR.None;
        return false;
    }

    /// <summary>Whether the VR uses the 12-byte header with a 32-bit length in explicit VR (PS3.5 7.1.2).</summary>
    public static bool HasLongLength(DicomVR vr) => vr is DicomVR.OB or DicomVR.OD or DicomVR.OF or DicomVR.OL
        or DicomVR.OV or DicomVR.OW or DicomVR.SQ or DicomVR.SV or DicomVR.UC or DicomVR.UN or DicomVR.UR
        or DicomVR.UT or DicomVR.UV;

    /// <summary>Whether the value is character data.</summary>
    public static bool IsString(DicomVR vr) => vr is DicomVR.AE or DicomVR.AS or DicomVR.CS or DicomVR.DA
        or DicomVR.DS or DicomVR.DT or DicomVR.IS or DicomVR.LO or DicomVR.LT or DicomVR.PN or DicomVR.SH
        or DicomVR.ST or DicomVR.TM or DicomVR.UC or DicomVR.UI or DicomVR.UR or DicomVR.UT;

    /// <summary>Whether the VR holds one value whose backslashes are text, not delimiters (PS3.5 6.2).</summary>
    public static bool IsSingleValueText(DicomVR vr) => vr is DicomVR.LT or DicomVR.ST or DicomVR.UT or DicomVR.UR;

    /// <summary>Whether the character repertoire of the VR is affected by Specific Character Set (PS3.5 6.1.2.3).</summary>
    public static bool UsesCharacterSet(DicomVR vr) => vr is DicomVR.SH or DicomVR.LO or DicomVR.ST or DicomVR.LT
        or DicomVR.UT or DicomVR.PN or DicomVR.UC;

    /// <summary>Returns the byte that pads an odd-length value: 00H for UI and binary VRs, 20H for text.</summary>
    public static byte PadByte(DicomVR vr) => IsString(vr) && vr != DicomVR.UI ? (byte)0x20 : (byte)0x00;

    /// <summary>Returns the size in bytes of one binary value, or 0 for character and sequence VRs.</summary>
    public static int BinaryUnitSize(DicomVR vr) => vr switch
    {
        DicomVR.OB or DicomVR.UN => 1,
        DicomVR.OW or DicomVR.US or DicomVR.SS => 2,
        DicomVR.AT or DicomVR.FL or DicomVR.OF or DicomVR.OL or DicomVR.SL or DicomVR.UL => 4,
        DicomVR.FD or DicomVR.OD or DicomVR.OV or DicomVR.SV or DicomVR.UV => 8,
        _ => 0,
    };

    /// <summary>Returns the size of the units to swap for big endian, or 1 when no swap is needed.</summary>
    public static int SwapUnitSize(DicomVR vr) => vr == DicomVR.AT ? 2 : Math.Max(1, BinaryUnitSize(vr));

    /// <summary>Returns the maximum length in bytes of one value (PS3.5 table 6.2-1); PN counts per component group.</summary>
    public static int MaxValueLength(DicomVR vr) => vr switch
    {
        DicomVR.AE => 16,
        DicomVR.AS => 4,
        DicomVR.CS => 16,
        DicomVR.DA => 8,
        DicomVR.DS => 16,
        DicomVR.DT => 26,
        DicomVR.IS => 12,
        DicomVR.LO => 64,
        DicomVR.LT => 10240,
        DicomVR.PN => 64,
        DicomVR.SH => 16,
        DicomVR.ST => 1024,
        DicomVR.TM => 14,
        DicomVR.UI => 64,
        _ => Unlimited,
    };

    /// <summary>Returns the two-character code as its two ASCII bytes in one 16-bit value, first byte high.</summary>
    public static ushort Code(DicomVR vr)
    {
        var text = vr.ToString();
        return (ushort)((text[0] << 8) | text[1]);
    }
}
