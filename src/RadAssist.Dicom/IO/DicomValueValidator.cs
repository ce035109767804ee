namespace RadAssist.Dicom;

/// <summary>
/// Checks a value against its VR (DICOM PS3.5 table 6.2-1: length and character repertoire) and, for standard
/// attributes written with their dictionary VR, against the value multiplicity of PS3.6.
/// </summary>
internal static class DicomValueValidator
{
    public static void Validate(DicomElement element)
    {
        var vr = element.VR;
        if (element.Text is { } text)
        {
            ValidateText(element.Tag, vr, text);
        }
        else if (element.Fragments is null && element.BulkDataUri is null && vr != DicomVR.SQ)
        {
            var unit = DicomVRInfo.BinaryUnitSize(vr);
            if (unit > 1 && element.Bytes.Length % unit != 0)
            {
                throw Invalid("InvalidLength", element.Tag, $"The {vr} value of {element.Bytes.Length} bytes is not a multiple of {unit} bytes.");
            }
        }

        if (vr != DicomVR.SQ && !element.IsEmpty && !element.Tag.IsPrivate && element.Tag.Element != 0 &&
            DicomDictionary.Find(element.Tag) is { } entry && entry.VR == vr && !entry.AllowsMultiplicity(element.Count))
        {
            throw Invalid("InvalidMultiplicity", element.Tag, $"{entry.Keyword} has {element.Count} values; PS3.6 allows VM {entry.Multiplicity}.");
        }
    }

    private static void ValidateText(DicomTag tag, DicomVR vr, string text)
    {
        var maxLength = DicomVRInfo.MaxValueLength(vr);
        if (DicomVRInfo.IsSingleValueText(vr))
        {
            CheckLength(tag, vr, text, maxLength);
            return;
        }

        var start = 0;
        for (var index = 0; index <= text.Length; index++)
        {
            if (index < text.Length && text[index] != '\\')
            {
                continue;
            }

            var value = text.AsSpan(start, index - start);
            if (vr == DicomVR.PN)
            {
                // PS3.5 limits each component group of a PN (alphabetic, ideographic, phonetic) separately.
                var rest = value;
                while (true)
                {
                    var end = rest.IndexOf('=');
                    CheckLength(tag, vr, end < 0 ? rest : rest[..end], maxLength);
                    if (end < 0)
                    {
                        break;
                    }

                    rest = rest[(end + 1)..];
                }
            }
            else
            {
                CheckLength(tag, vr, value, maxLength);
                CheckCharacters(tag, vr, value);
            }

            start = index + 1;
        }
    }

    private static void CheckLength(DicomTag tag, DicomVR vr, ReadOnlySpan<char> value, int maxLength)
    {
        if (value.Length > maxLength)
        {
            throw Invalid("ValueTooLong", tag, $"The {vr} value '{Shorten(value)}' has {value.Length} characters; PS3.5 table 6.2-1 allows at most {maxLength}.");
        }
    }

    private static void CheckCharacters(DicomTag tag, DicomVR vr, ReadOnlySpan<char> value)
    {
        foreach (var character in value)
        {
            var allowed = vr switch
            {
                DicomVR.CS => character is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or ' ' or '_',
                DicomVR.UI => character is (>= '0' and <= '9') or '.',
                DicomVR.DS => character is (>= '0' and <= '9') or '+' or '-' or '.' or 'e' or 'E' or ' ',
                DicomVR.IS => character is (>= '0' and <= '9') or '+' or '-' or ' ',
                DicomVR.DA => character is (>= '0' and <= '9') or '-',
                DicomVR.TM => character is (>= '0' and <= '9') or '.' or ':' or '-' or ' ',
                DicomVR.DT => character is (>= '0' and <= '9') or '.' or '+' or '-' or '&' or ' ',
                DicomVR.AS => character is (>= '0' and <= '9') or 'D' or 'W' or 'M' or 'Y',
                DicomVR.AE => character >= ' ' && character < 0x7F,
                _ => true,
            };
            if (!allowed)
            {
                throw Invalid("InvalidCharacter", tag, $"The {vr} value '{Shorten(value)}' contains '{character}', which PS3.5 table 6.2-1 does not allow.");
            }
        }
    }

    private static string Shorten(ReadOnlySpan<char> value) => value.Length <= 70 ? value.ToString() : $"{value[..64]}...";

    private static DicomFormatException Invalid(string code, DicomTag tag, string message) => new(code, -1, tag, message);
}
