using System.Numerics;

namespace RadAssist.Dicom;

/// <summary>Generates and validates Unique Identifiers (DICOM PS3.5 section 9).</summary>
public static class DicomUid
{
    /// <summary>Maximum length of a UID in characters (PS3.5 9.1).</summary>
    public const int MaxLength = 64;

    /// <summary>Implementation Class UID of this package, written to (0002,0012): a 2.25 UID fixed at release.</summary>
    public const string ImplementationClassUid = "2.25.176318806374125453934521307406372040339";

    /// <summary>Implementation Version Name written to (0002,0013); SH, at most 16 characters.</summary>
    public const string ImplementationVersionName = "RADASSIST_0_1";

    /// <summary>Generates a new UID in the 2.25 form derived from a random UUID (PS3.5 B.2, ISO/IEC 9834-8).</summary>
    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(bytes, bigEndian: true, out _);
        var value = new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"2.25.{value}");
    }

    /// <summary>
    /// Returns whether a string is a valid UID: at most 64 characters, digits and dots, no empty component, no
    /// leading zero in a component, and a first arc of 0, 1 or 2 (PS3.5 9.1, ISO/IEC 8824).
    /// </summary>
    /// <param name="uid">The candidate.</param>
    public static bool IsValid(string? uid)
    {
        if (string.IsNullOrEmpty(uid) || uid.Length > MaxLength)
        {
            return false;
        }

        if (uid[0] is not ('0' or '1' or '2') || (uid.Length > 1 && uid[1] != '.'))
        {
            return false;
        }

        var componentStart = 0;
        for (var index = 0; index <= uid.Length; index++)
        {
            if (index == uid.Length || uid[index] == '.')
            {
                var length = index - componentStart;
                if (length == 0 || (length > 1 && uid[componentStart] == '0'))
                {
                    return false;
                }

                componentStart = index + 1;
            }
            else if (uid[index] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
