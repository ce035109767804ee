using System.Buffers.Binary;
using System.Text;

namespace RadAssist.Dicom;

/// <summary>
/// Writes Part 10 files in Explicit VR Little Endian (DICOM PS3.10 section 7, PS3.5 section 7.1.2). Values are padded
/// to even length with the pad byte of their VR, and sequences and items have undefined length. Every value is
/// checked against its VR and the dictionary's VM before it is written.
/// </summary>
internal static class DicomWriter
{
    private const string Utf8Term = "ISO_IR 192";

    public static byte[] Write(DicomFile file, bool validate)
    {
        using var buffer = new PooledByteBuffer(EstimateSize(file.Dataset));
        Write(buffer, file, validate);
        return buffer.ToArray();
    }

    public static void Write(PooledByteBuffer buffer, DicomFile file, bool validate)
    {
        buffer.GetSpan(128).Clear();
        buffer.Advance(128);
        buffer.Write("DICM"u8);

        // The group length (0002,0000) covers the meta elements after it, so it is patched once they are written.
        var groupLengthOffset = buffer.Length;
        WriteHeader(buffer, DicomTags.FileMetaInformationGroupLength, DicomVR.UL, 4);
        buffer.GetSpan(4).Clear();
        buffer.Advance(4);
        var metaStart = buffer.Length;
        foreach (var element in file.FileMetaInformation)
        {
            if (element.Tag != DicomTags.FileMetaInformationGroupLength)
            {
                WriteElement(buffer, element, validate);
            }
        }

        BinaryPrimitives.WriteUInt32LittleEndian(buffer.WrittenSpan(groupLengthOffset + 8, 4), (uint)(buffer.Length - metaStart));

        var needsUtf8 = !IsAscii(file.Dataset);
        var characterSetWritten = false;
        foreach (var element in file.Dataset)
        {
            if (needsUtf8 && !characterSetWritten && element.Tag >= DicomTags.SpecificCharacterSet)
            {
                // Every non-ASCII value is written in UTF-8, the one character set the SDK writes (PS3.3 C.12.1.1.2).
                WriteElement(buffer, DicomElement.FromText(DicomTags.SpecificCharacterSet, DicomVR.CS, Utf8Term), validate);
                characterSetWritten = true;
                if (element.Tag == DicomTags.SpecificCharacterSet)
                {
                    continue;
                }
            }

            WriteElement(buffer, element, validate);
        }

        if (needsUtf8 && !characterSetWritten)
        {
            WriteElement(buffer, DicomElement.FromText(DicomTags.SpecificCharacterSet, DicomVR.CS, Utf8Term), validate);
        }
    }

    /// <summary>Writes the elements of a dataset without preamble or meta information, as inside an item.</summary>
    public static void WriteDataset(PooledByteBuffer buffer, DicomDataset dataset, bool validate)
    {
        foreach (var element in dataset)
        {
            WriteElement(buffer, element, validate);
        }
    }

    private static void WriteElement(PooledByteBuffer buffer, DicomElement element, bool validate)
    {
        var tag = element.Tag;
        var vr = element.VR;
        if (validate)
        {
            DicomValueValidator.Validate(element);
        }

        if (vr == DicomVR.SQ)
        {
            WriteSequence(buffer, element, validate);
            return;
        }

        if (element.Fragments is { } fragments)
        {
            WriteHeader(buffer, tag, vr, uint.MaxValue);
            foreach (var fragment in fragments)
            {
                var padded = (fragment.Length + 1) & ~1;
                WriteItemHeader(buffer, DicomTags.Item, (uint)padded);
                buffer.Write(fragment.Span);
                if (padded != fragment.Length)
                {
                    buffer.Write([0]);
                }
            }

            WriteItemHeader(buffer, DicomTags.SequenceDelimitationItem, 0);
            return;
        }

        if (element.BulkDataUri is not null)
        {
            throw new InvalidOperationException($"Element {tag} refers to bulk data at '{element.BulkDataUri}' that was not loaded; fetch it before writing Part 10.");
        }

        if (element.Text is { } text)
        {
            var length = Ascii.IsValid(text) ? text.Length : Encoding.UTF8.GetByteCount(text);
            var padded = (length + 1) & ~1;
            CheckLength(tag, vr, padded);
            WriteHeader(buffer, tag, vr, (uint)padded);
            var span = buffer.GetSpan(padded);
            var written = length == text.Length && Ascii.FromUtf16(text, span, out var count) == System.Buffers.OperationStatus.Done
                ? count
                : Encoding.UTF8.GetBytes(text, span);
            if (written != padded)
            {
                span[written] = DicomVRInfo.PadByte(vr);
            }

            buffer.Advance(padded);
            return;
        }

        var bytes = element.Bytes.Span;
        var paddedBinary = (bytes.Length + 1) & ~1;
        CheckLength(tag, vr, paddedBinary);
        WriteHeader(buffer, tag, vr, (uint)paddedBinary);
        buffer.Write(bytes);
        if (paddedBinary != bytes.Length)
        {
            buffer.Write([0]);
        }
    }

    private static void WriteSequence(PooledByteBuffer buffer, DicomElement element, bool validate)
    {
        if (element.Items.Count == 0)
        {
            WriteHeader(buffer, element.Tag, DicomVR.SQ, 0);
            return;
        }

        // Undefined lengths let the writer emit each item in one pass (PS3.5 7.5.2).
        WriteHeader(buffer, element.Tag, DicomVR.SQ, uint.MaxValue);
        var items = element.Items;
        for (var index = 0; index < items.Count; index++)
        {
            WriteItemHeader(buffer, DicomTags.Item, uint.MaxValue);
            WriteDataset(buffer, items[index], validate);
            WriteItemHeader(buffer, DicomTags.ItemDelimitationItem, 0);
        }

        WriteItemHeader(buffer, DicomTags.SequenceDelimitationItem, 0);
    }

    private static void CheckLength(DicomTag tag, DicomVR vr, int length)
    {
        if (!DicomVRInfo.HasLongLength(vr) && length > 0xFFFE)
        {
            throw new DicomFormatException("ValueTooLong", -1, tag, $"The {vr} value of {length} bytes does not fit the 16-bit length field of Explicit VR (PS3.5 7.1.2).");
        }
    }

    private static void WriteHeader(PooledByteBuffer buffer, DicomTag tag, DicomVR vr, uint length)
    {
        var longForm = DicomVRInfo.HasLongLength(vr);
        var span = buffer.GetSpan(longForm ? 12 : 8);
        BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], DicomVRInfo.Code(vr));
        if (longForm)
        {
            span[6] = 0;
            span[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(span[8..], length);
            buffer.Advance(12);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(span[6..], (ushort)length);
            buffer.Advance(8);
        }
    }

    private static void WriteItemHeader(PooledByteBuffer buffer, DicomTag tag, uint length)
    {
        var span = buffer.GetSpan(8);
        BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], length);
        buffer.Advance(8);
    }

    private static bool IsAscii(DicomDataset dataset)
    {
        foreach (var element in dataset)
        {
            if (element.Text is { } text && !Ascii.IsValid(text))
            {
                return false;
            }

            var items = element.Items;
            for (var index = 0; index < items.Count; index++)
            {
                if (!IsAscii(items[index]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int EstimateSize(DicomDataset dataset)
    {
        var size = 0;
        foreach (var element in dataset)
        {
            size += 16 + (element.Text?.Length ?? element.Bytes.Length);
            var items = element.Items;
            for (var index = 0; index < items.Count; index++)
            {
                size += 16 + EstimateSize(items[index]);
            }
        }

        return size + 512;
    }
}
