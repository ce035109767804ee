namespace RadAssist;

/// <summary>Checks the syntax of DICOM unique identifiers (PS3.5 section 9.1).</summary>
public static class UidSyntax
{
    /// <summary>Maximum length of a UID: 64 characters.</summary>
    public const int MaxLength = 64;

    /// <summary>Whether a value is a valid UID.</summary>
    /// <param name="value">The candidate UID, without padding.</param>
    public static bool IsValid(string? value) => Validate(value) is null;

    /// <summary>Explains why a value is not a valid UID, or returns <see langword="null"/> when it is valid.</summary>
    /// <param name="value">The candidate UID, without padding.</param>
    /// <remarks>
    /// A UID is at most 64 characters of digits and dots; components are non-empty, have no leading zero unless the
    /// component is "0", and the first component is 0, 1 or 2 (the ISO/ITU-T root arcs).
    /// </remarks>
    public static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "a UID must not be empty";
        }

        if (value.Length > MaxLength)
        {
            return $"a UID is at most {MaxLength} characters, this one has {value.Length}";
        }

        var componentStart = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && value[i] != '.')
            {
                if (!char.IsAsciiDigit(value[i]))
                {
                    return $"a UID contains only digits and dots, found '{value[i]}' at position {i + 1}";
                }

                continue;
            }

            var length = i - componentStart;
            if (length == 0)
            {
                return i == value.Length ? "a UID must not end with a dot" : $"empty component at position {i + 1}";
            }

            if (length > 1 && value[componentStart] == '0')
            {
                return $"component '{value[componentStart..i]}' has a leading zero";
            }

            componentStart = i + 1;
        }

        return value[0] is '0' or '1' or '2' && (value.Length == 1 || value[1] == '.')
            ? null
            : "the first component of a UID must be 0, 1 or 2";
    }
}

/// <summary>Modality codes the SDK accepts in study events: DICOM PS3.3 C.7.3.1.1.1 defined terms.</summary>
public static class ModalityCodes
{
    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "AR", "ASMT", "AU", "BDUS", "BI", "BMD", "CR", "CT", "CTPROTOCOL", "DG", "DOC", "DX", "ECG", "EPS", "ES",
        "FID", "GM", "HC", "HD", "IO", "IOL", "IVOCT", "IVUS", "KER", "KO", "LEN", "LS", "MG", "MR", "M3D", "NM",
        "OAM", "OCT", "OP", "OPM", "OPT", "OPTBSV", "OPTENF", "OPV", "OSS", "OT", "PLAN", "PR", "PT", "PX", "REG",
        "RESP", "RF", "RG", "RTDOSE", "RTIMAGE", "RTPLAN", "RTRECORD", "RTSTRUCT", "RWV", "SEG", "SM", "SMR", "SR",
        "SRF", "STAIN", "TEXTUREMAP", "TG", "US", "VA", "XA", "XC",
    };

    /// <summary>Whether a code is a defined modality term. Codes are upper case.</summary>
    /// <param name="code">The modality code.</param>
    public static bool IsKnown(string? code) => code is not null && Known.Contains(code);
}
