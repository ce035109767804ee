using System.Buffers.Binary;
using System.Globalization;

namespace RadAssist.Dicom;

/// <summary>
/// One data element: tag, VR and value (DICOM PS3.5 section 7.1). Character values are held as decoded text,
/// binary values as little-endian bytes, sequences as items, encapsulated pixel data as fragments.
/// </summary>
public sealed class DicomElement
{
    private static readonly IReadOnlyList<DicomDataset> NoItems = [];

    private DicomElement(DicomTag tag, DicomVR vr)
    {
        Tag = tag;
        VR = vr;
    }

    /// <summary>The tag.</summary>
    public DicomTag Tag { get; }

    /// <summary>The value representation.</summary>
    public DicomVR VR { get; }

    /// <summary>
    /// The character value with its values separated by backslashes and padding removed, for character VRs;
    /// <see langword="null"/> for other VRs.
    /// </summary>
    public string? Text { get; private init; }

    /// <summary>The value bytes in little-endian order, for binary VRs (OB, OW, US, FD, UN and the others).</summary>
    public ReadOnlyMemory<byte> Bytes { get; private init; }

    /// <summary>The items of a sequence (SQ); empty for other VRs.</summary>
    public IReadOnlyList<DicomDataset> Items { get; private init; } = NoItems;

    /// <summary>
    /// The fragments of encapsulated pixel data (PS3.5 A.4), the Basic Offset Table first; <see langword="null"/>
    /// for native values.
    /// </summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Fragments { get; private init; }

    /// <summary>
    /// Where the value can be fetched (a DICOM JSON BulkDataURI, PS3.18 F.2.6) when it was not loaded.
    /// </summary>
    public string? BulkDataUri { get; private init; }

    /// <summary>Whether the element has no value (value length 0, or a sequence with no items).</summary>
    public bool IsEmpty => VR == DicomVR.SQ
        ? Items.Count == 0
        : Text is null ? Bytes.IsEmpty && Fragments is null && BulkDataUri is null : Text.Length == 0;

    /// <summary>
    /// The value multiplicity: the number of backslash-separated values, binary units or items.
    /// </summary>
    public int Count
    {
        get
        {
            if (VR == DicomVR.SQ)
            {
                return Items.Count;
            }

            if (Text is not null)
            {
                if (Text.Length == 0)
                {
                    return 0;
                }

                return DicomVRInfo.IsSingleValueText(VR) ? 1 : Text.AsSpan().Count('\\') + 1;
            }

            var unit = DicomVRInfo.BinaryUnitSize(VR);
            return Fragments is not null || BulkDataUri is not null ? 1
                : unit is 0 or 1 || VR is DicomVR.OW or DicomVR.OF or DicomVR.OD or DicomVR.OL or DicomVR.OV
                    ? (Bytes.IsEmpty ? 0 : 1)
                    : Bytes.Length / unit;
        }
    }

    /// <summary>Creates an element with a character value; several values are separated by backslashes.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="vr">A character VR such as PN, LO or UI.</param>
    /// <param name="text">The value without padding.</param>
    /// <exception cref="ArgumentException"><paramref name="vr"/> is not a character VR.</exception>
    public static DicomElement FromText(DicomTag tag, DicomVR vr, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!DicomVRInfo.IsString(vr))
        {
            throw new ArgumentException($"VR {vr} of {tag} does not hold characters.", nameof(vr));
        }

        return new DicomElement(tag, vr) { Text = text };
    }

    /// <summary>Creates an element with a binary value in little-endian byte order.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="vr">A binary VR such as OB, US or FD.</param>
    /// <param name="bytes">The little-endian value bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="vr"/> is a character or sequence VR.</exception>
    public static DicomElement FromBytes(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
    {
        if (DicomVRInfo.IsString(vr) || vr is DicomVR.SQ or DicomVR.None)
        {
            throw new ArgumentException($"VR {vr} of {tag} does not hold binary data.", nameof(vr));
        }

        return new DicomElement(tag, vr) { Bytes = bytes };
    }

    /// <summary>Creates a sequence element.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="items">The items; none for an empty sequence.</param>
    public static DicomElement FromItems(DicomTag tag, IReadOnlyList<DicomDataset> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        return new DicomElement(tag, DicomVR.SQ) { Items = items };
    }

    /// <summary>Creates an encapsulated pixel data element (PS3.5 A.4).</summary>
    /// <param name="tag">The tag, normally Pixel Data (7FE0,0010).</param>
    /// <param name="vr">OB, or OW where the file states it.</param>
    /// <param name="fragments">The Basic Offset Table item followed by the fragments.</param>
    public static DicomElement FromFragments(DicomTag tag, DicomVR vr, IReadOnlyList<ReadOnlyMemory<byte>> fragments)
    {
        ArgumentNullException.ThrowIfNull(fragments);
        return new DicomElement(tag, vr) { Fragments = fragments };
    }

    /// <summary>Creates an element whose value is not loaded but can be fetched from a URI (PS3.18 F.2.6).</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="vr">The VR.</param>
    /// <param name="uri">The BulkDataURI.</param>
    public static DicomElement FromBulkDataUri(DicomTag tag, DicomVR vr, string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return new DicomElement(tag, vr) { BulkDataUri = uri };
    }

    /// <summary>Returns the character values split at backslashes; one value for LT, ST, UT and UR.</summary>
    public string[] GetStrings()
    {
        if (string.IsNullOrEmpty(Text))
        {
            return [];
        }

        return DicomVRInfo.IsSingleValueText(VR) ? [Text] : Text.Split('\\');
    }

    /// <summary>Returns one value as text: a character value, or a binary number formatted invariantly.</summary>
    /// <param name="index">Zero-based value index.</param>
    public string? GetString(int index = 0)
    {
        if (Text is not null)
        {
            if (DicomVRInfo.IsSingleValueText(VR) || index == 0 && !Text.Contains('\\', StringComparison.Ordinal))
            {
                return index == 0 ? Text : null;
            }

            var values = GetStrings();
            return index < values.Length ? values[index] : null;
        }

        return index < Count && DicomVRInfo.BinaryUnitSize(VR) > 1 ? FormatNumber(index) : null;
    }

    /// <summary>Returns a binary number value as a decimal-free invariant string, such as <c>512</c> or <c>0.5</c>.</summary>
    internal string FormatNumber(int index)
    {
        var span = Bytes.Span;
        return VR switch
        {
            DicomVR.US => BinaryPrimitives.ReadUInt16LittleEndian(span[(index * 2)..]).ToString(CultureInfo.InvariantCulture),
            DicomVR.SS => BinaryPrimitives.ReadInt16LittleEndian(span[(index * 2)..]).ToString(CultureInfo.InvariantCulture),
            DicomVR.UL => BinaryPrimitives.ReadUInt32LittleEndian(span[(index * 4)..]).ToString(CultureInfo.InvariantCulture),
            DicomVR.SL => BinaryPrimitives.ReadInt32LittleEndian(span[(index * 4)..]).ToString(CultureInfo.InvariantCulture),
            DicomVR.UV => BinaryPrimitives.ReadUInt64LittleEndian(span[(index * 8)..]).ToString(CultureInfo.InvariantCulture),
            DicomVR.SV => BinaryPrimitives.ReadInt64LittleEndian(span[(index * 8)..]).ToString(CultureInfo.InvariantCulture),
            DicomVR.FL => BinaryPrimitives.ReadSingleLittleEndian(span[(index * 4)..]).ToString("R", CultureInfo.InvariantCulture),
            DicomVR.FD => BinaryPrimitives.ReadDoubleLittleEndian(span[(index * 8)..]).ToString("R", CultureInfo.InvariantCulture),
            DicomVR.AT => new DicomTag(
                BinaryPrimitives.ReadUInt16LittleEndian(span[(index * 4)..]),
                BinaryPrimitives.ReadUInt16LittleEndian(span[(index * 4 + 2)..])).ToJsonKey(),
            _ => Convert.ToHexString(span),
        };
    }

    /// <summary>Formats the element as <c>(GGGG,EEEE) VR value</c> for logs and dumps.</summary>
    public override string ToString() => $"{Tag} {VR} {(Text ?? $"{Bytes.Length} bytes")}";
}
