using System.Security.Cryptography;
using System.Text;

namespace RadAssist.Fhir.Writing;

/// <summary>Derives stable UUIDs from names, so rendering the same draft twice gives the same identifiers.</summary>
internal static class DeterministicUuid
{
    /// <summary>
    /// Returns <c>urn:uuid:</c> plus a UUID made from the SHA-256 of the name, with the version nibble set to 8
    /// (RFC 9562 section 5.8, custom) and the RFC variant bits.
    /// </summary>
    public static string Urn(string name) => "urn:uuid:" + Create(name).ToString("D");

    public static Guid Create(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);

        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
