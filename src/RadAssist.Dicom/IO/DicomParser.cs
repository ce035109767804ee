using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace RadAssist.Dicom;

/// <summary>
/// Parses a Part 10 file (DICOM PS3.10 section 7) or a bare dataset in any of the uncompressed transfer syntaxes
/// of PS3.5 section 10 and annex A. Every malformation raises <see cref="DicomFormatException"/> with the offset
/// and tag; lengths are checked against the data before anything is allocated.
/// </summary>
internal sealed class DicomParser
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    private readonly DicomReadOptions _options;
    private readonly List<string> _warnings = [];
    private DicomByteSource _source;
    private long _position;
    private bool _explicitVR = true;
    private bool _bigEndian;
    private long? _pixelDataOffset;

    private DicomParser(DicomByteSource source, DicomReadOptions options)
    {
        _source = source;
        _options = options;
    }

    public static DicomFile Parse(DicomByteSource source, DicomReadOptions? options)
    {
        var parser = new DicomParser(source, options ?? DicomReadOptions.Default);
        return parser.ParseFile();
    }

    private DicomFile ParseFile()
    {
        // A bare dataset has at least one element header of 8 bytes, so an empty file is no DICOM file.
        if (!_source.Has(0, 8))
        {
            throw new DicomFormatException("Empty", 0, null, "The file is empty or shorter than one element header (8 bytes); it is not a DICOM file.");
        }

        var meta = new DicomDataset();
        var hasPreamble = _source.Has(0, 132) && _source.Span(128, 4).SequenceEqual("DICM"u8);
        _position = hasPreamble ? 132 : 0;
        if (!hasPreamble)
        {
            _warnings.Add("The file has no 128-byte preamble and DICM prefix (PS3.10 7.1); read as a bare dataset.");
        }

        if (_source.Has(_position, 2) && _source.Span(_position, 2).SequenceEqual(new byte[] { 0x02, 0x00 }))
        {
            ReadMeta(meta);
        }
        else if (hasPreamble)
        {
            throw new DicomFormatException("MissingFileMeta", _position, null, "File Meta Information (0002,xxxx) is missing after the DICM prefix.");
        }

        var transferSyntax = meta.GetString(DicomTags.TransferSyntaxUid) ?? GuessTransferSyntax();
        ApplyTransferSyntax(transferSyntax);

        var dataset = new DicomDataset();
        ReadElements(dataset, -1, false, DicomCharacterSet.Default, 0);
        return new DicomFile(meta, dataset, _warnings, _pixelDataOffset);
    }

    private void ReadMeta(DicomDataset meta)
    {
        // File meta information is always Explicit VR Little Endian (PS3.10 7.1).
        while (_source.Has(_position, 2) && BinaryPrimitives.ReadUInt16LittleEndian(_source.Span(_position, 2)) == 0x0002)
        {
            var element = ReadElement(DicomCharacterSet.Default, 0, out _);
            meta.Set(element);
        }
    }

    private string GuessTransferSyntax()
    {
        // A bare dataset: explicit VR if bytes 4-5 spell a VR, else implicit (both little endian).
        if (_source.Has(_position, 6))
        {
            var span = _source.Span(_position, 6);
            if (DicomVRInfo.TryParse(span[4], span[5], out _))
            {
                return DicomTransferSyntax.ExplicitVRLittleEndian;
            }
        }

        return DicomTransferSyntax.ImplicitVRLittleEndian;
    }

    private void ApplyTransferSyntax(string uid)
    {
        switch (uid)
        {
            case DicomTransferSyntax.ImplicitVRLittleEndian:
                _explicitVR = false;
                break;
            case DicomTransferSyntax.ExplicitVRBigEndian:
                _bigEndian = true;
                break;
            case DicomTransferSyntax.DeflatedExplicitVRLittleEndian:
                Inflate();
                break;
            default:
                // Explicit VR Little Endian and every compressed syntax encode the dataset the same way.
                break;
        }
    }

    private void Inflate()
    {
        var compressed = _source.Rest(_position);
        var offset = _position;
        using var input = new MemoryStream(compressed.ToArray(), writable: false);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var chunk = new byte[81920];
        try
        {
            int read;
            while ((read = deflate.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + read > _options.MaxInflatedLength)
                {
                    throw new DicomFormatException("InflatedTooLarge", offset, null, $"The deflated dataset inflates to more than {_options.MaxInflatedLength} bytes (DicomReadOptions.MaxInflatedLength).");
                }

                output.Write(chunk, 0, read);
            }
        }
        catch (InvalidDataException exception)
        {
            throw new DicomFormatException("InvalidDeflate", offset, null, "The deflated dataset is not valid raw deflate data (PS3.5 A.5).", exception);
        }

        _source = new DicomByteSource(output.ToArray());
        _position = 0;
        _warnings.Add($"Dataset inflated from {compressed.Length} to {output.Length} bytes; offsets after {offset} count inflated bytes.");
    }

    private void ReadElements(DicomDataset target, long end, bool untilItemDelimiter, DicomCharacterSet characterSet, int depth)
    {
        while (true)
        {
            if (end >= 0 && _position >= end)
            {
                return;
            }

            if (!_source.Has(_position, 1))
            {
                if (end < 0 && !untilItemDelimiter)
                {
                    return;
                }

                throw new DicomFormatException("Truncated", _position, null, untilItemDelimiter
                    ? "The data ends inside an item of undefined length that has no Item Delimitation Item (FFFE,E00D)."
                    : $"The data ends before the item's defined end at offset {end}.");
            }

            if (untilItemDelimiter && PeekTag() == DicomTags.ItemDelimitationItem)
            {
                _position += 8;
                return;
            }

            if (depth == 0 && _options.StopBeforePixelData && PeekTag() == DicomTags.PixelData)
            {
                _pixelDataOffset = _position;
                return;
            }

            var element = ReadElement(characterSet, depth, out var headerOffset);
            if (end >= 0 && _position > end)
            {
                throw new DicomFormatException("ValueLengthPastEnd", headerOffset, element.Tag, $"The element ends at offset {_position}, past the end of its item at offset {end}.");
            }

            target.Set(element);
            if (element.Tag == DicomTags.SpecificCharacterSet)
            {
                characterSet = DicomCharacterSet.FromTerms(element.GetStrings(), headerOffset);
            }
        }
    }

    private DicomTag PeekTag()
    {
        if (!_source.Has(_position, 4))
        {
            return default;
        }

        var span = _source.Span(_position, 4);
        return new DicomTag(ReadUInt16(span), ReadUInt16(span[2..]));
    }

    private DicomElement ReadElement(DicomCharacterSet characterSet, int depth, out long headerOffset)
    {
        headerOffset = _position;
        if (!_source.Has(_position, 8))
        {
            throw new DicomFormatException("Truncated", _position, null, $"The element header needs 8 bytes but the data ends at offset {AvailableEnd()}.");
        }

        var span = _source.Span(_position, 8);
        var tag = new DicomTag(ReadUInt16(span), ReadUInt16(span[2..]));
        if (tag.Group == 0xFFFE)
        {
            throw new DicomFormatException("UnexpectedDelimiter", _position, tag, "An item or delimiter tag appears where a data element was expected.");
        }

        DicomVR vr;
        uint length;
        var explicitVR = _explicitVR || tag.Group == 0x0002;
        if (explicitVR)
        {
            if (!DicomVRInfo.TryParse(span[4], span[5], out vr))
            {
                throw new DicomFormatException("InvalidVR", _position, tag, $"The VR bytes {span[4]:X2} {span[5]:X2} are not a VR of PS3.5 table 6.2-1.");
            }

            if (DicomVRInfo.HasLongLength(vr))
            {
                if (!_source.Has(_position, 12))
                {
                    throw new DicomFormatException("Truncated", _position, tag, $"The element header needs 12 bytes but the data ends at offset {AvailableEnd()}.");
                }

                length = ReadUInt32(_source.Span(_position + 8, 4));
                _position += 12;
            }
            else
            {
                length = ReadUInt16(span[6..]);
                _position += 8;
            }
        }
        else
        {
            vr = tag.IsPrivate && !tag.IsPrivateCreator ? DicomVR.UN : DicomDictionary.ImplicitVR(tag);
            length = ReadUInt32(span[4..]);
            _position += 8;
        }

        if (length == UndefinedLength)
        {
            return ReadUndefinedLength(tag, vr, headerOffset, characterSet, depth);
        }

        if ((length & 1) != 0)
        {
            // NOTE: some writers leave the last value (often Pixel Data) at odd length. Nothing follows it that could
            // be misaligned, so that case is accepted with a warning; an odd length anywhere else is rejected.
            var endsTheData = _source.Has(_position, length) && !_source.Has(_position + length, 1);
            if (!endsTheData)
            {
                throw new DicomFormatException("OddLength", headerOffset, tag, $"The value length {length} is odd; PS3.5 7.1.1 requires even lengths.");
            }

            _warnings.Add($"Element {tag} at offset {headerOffset} has odd length {length} (PS3.5 7.1.1); accepted because it ends the data.");
        }

        if (!_source.Has(_position, length))
        {
            throw new DicomFormatException("ValueLengthPastEnd", headerOffset, tag, $"The value length {length} runs past the end of the data at offset {AvailableEnd()}.");
        }

        var valueOffset = _position;
        if (vr == DicomVR.SQ)
        {
            var items = ReadItems(tag, headerOffset, valueOffset + length, characterSet, depth);
            _position = valueOffset + length;
            return DicomElement.FromItems(tag, items);
        }

        var value = _source.Span(valueOffset, (int)length);
        _position += length;
        if (DicomVRInfo.IsString(vr))
        {
            return DicomElement.FromText(tag, vr, DecodeText(value, vr, tag, headerOffset, characterSet));
        }

        if (vr == DicomVR.UN && !explicitVR)
        {
            return DicomElement.FromBytes(tag, vr, value.ToArray());
        }

        return DicomElement.FromBytes(tag, vr, CopyBinary(value, vr, tag, headerOffset));
    }

    private DicomElement ReadUndefinedLength(DicomTag tag, DicomVR vr, long headerOffset, DicomCharacterSet characterSet, int depth)
    {
        if (tag == DicomTags.PixelData && vr is DicomVR.OB or DicomVR.OW)
        {
            return DicomElement.FromFragments(tag, vr, ReadFragments(tag, headerOffset));
        }

        if (vr == DicomVR.UN)
        {
            // UN of undefined length is a sequence encoded in Implicit VR Little Endian (PS3.5 6.2.2).
            var (savedExplicit, savedBigEndian) = (_explicitVR, _bigEndian);
            (_explicitVR, _bigEndian) = (false, false);
            var items = ReadItems(tag, headerOffset, -1, characterSet, depth);
            (_explicitVR, _bigEndian) = (savedExplicit, savedBigEndian);
            return DicomElement.FromItems(tag, items);
        }

        if (vr == DicomVR.SQ)
        {
            return DicomElement.FromItems(tag, ReadItems(tag, headerOffset, -1, characterSet, depth));
        }

        throw new DicomFormatException("UndefinedLength", headerOffset, tag, $"VR {vr} cannot have an undefined length (PS3.5 7.1.2).");
    }

    private List<DicomDataset> ReadItems(DicomTag sequenceTag, long sequenceOffset, long end, DicomCharacterSet characterSet, int depth)
    {
        if (depth >= _options.MaxSequenceDepth)
        {
            throw new DicomFormatException("TooDeep", sequenceOffset, sequenceTag, $"Sequences nest deeper than {_options.MaxSequenceDepth} levels (DicomReadOptions.MaxSequenceDepth).");
        }

        var items = new List<DicomDataset>();
        while (end < 0 || _position < end)
        {
            if (!_source.Has(_position, 8))
            {
                throw new DicomFormatException("Truncated", sequenceOffset, sequenceTag, end < 0
                    ? $"The sequence of undefined length has no Sequence Delimitation Item (FFFE,E0DD) before the data ends at offset {AvailableEnd()}."
                    : $"The sequence's items end at offset {AvailableEnd()}, before its defined end at offset {end}.");
            }

            var itemOffset = _position;
            var span = _source.Span(_position, 8);
            var tag = new DicomTag(ReadUInt16(span), ReadUInt16(span[2..]));
            var length = ReadUInt32(span[4..]);
            _position += 8;
            if (tag == DicomTags.SequenceDelimitationItem)
            {
                if (end >= 0)
                {
                    _warnings.Add($"Sequence {sequenceTag} of defined length at offset {sequenceOffset} contains a Sequence Delimitation Item.");
                }

                break;
            }

            if (tag != DicomTags.Item)
            {
                throw new DicomFormatException("ExpectedItem", itemOffset, sequenceTag, $"Found tag {tag} where an Item (FFFE,E000) of the sequence was expected.");
            }

            var item = new DicomDataset();
            if (length == UndefinedLength)
            {
                ReadElements(item, -1, true, characterSet, depth + 1);
            }
            else
            {
                var itemEnd = _position + length;
                if (!_source.Has(_position, length) || (end >= 0 && itemEnd > end))
                {
                    throw new DicomFormatException("ValueLengthPastEnd", itemOffset, sequenceTag, $"The item length {length} runs past the end of its sequence or the data.");
                }

                ReadElements(item, itemEnd, false, characterSet, depth + 1);
                _position = itemEnd;
            }

            items.Add(item);
        }

        return items;
    }

    private List<ReadOnlyMemory<byte>> ReadFragments(DicomTag tag, long headerOffset)
    {
        var fragments = new List<ReadOnlyMemory<byte>>();
        while (true)
        {
            if (!_source.Has(_position, 8))
            {
                throw new DicomFormatException("Truncated", headerOffset, tag, $"The encapsulated pixel data has no Sequence Delimitation Item before the data ends at offset {AvailableEnd()}.");
            }

            var span = _source.Span(_position, 8);
            var itemTag = new DicomTag(ReadUInt16(span), ReadUInt16(span[2..]));
            var length = ReadUInt32(span[4..]);
            var itemOffset = _position;
            _position += 8;
            if (itemTag == DicomTags.SequenceDelimitationItem)
            {
                return fragments;
            }

            if (itemTag != DicomTags.Item || length == UndefinedLength)
            {
                throw new DicomFormatException("ExpectedItem", itemOffset, tag, $"Found {itemTag} with length {length:X8} where a fragment item of defined length was expected (PS3.5 A.4).");
            }

            if (!_source.Has(_position, length))
            {
                throw new DicomFormatException("ValueLengthPastEnd", itemOffset, tag, $"The fragment length {length} runs past the end of the data at offset {AvailableEnd()}.");
            }

            fragments.Add(_source.Span(_position, (int)length).ToArray());
            _position += length;
        }
    }

    private string DecodeText(ReadOnlySpan<byte> value, DicomVR vr, DicomTag tag, long offset, DicomCharacterSet characterSet)
    {
        // Character-set-sensitive VRs follow (0008,0005); the others are the default repertoire.
        var text = DicomVRInfo.UsesCharacterSet(vr)
            ? characterSet.Decode(value, vr)
            : Encoding.Latin1.GetString(value);

        if (vr == DicomVR.UI)
        {
            var trimmed = text.TrimEnd('\0', ' ');
            if (trimmed.Length < text.Length && text.TrimEnd('\0').Length != trimmed.Length)
            {
                _warnings.Add($"UID {tag} at offset {offset} is padded with spaces instead of 00H (PS3.5 6.2).");
            }

            return trimmed;
        }

        // Trailing spaces are padding for every character VR; leading spaces stay (significant in LT, ST, UT).
        return text.TrimEnd(' ', '\0');
    }

    private byte[] CopyBinary(ReadOnlySpan<byte> value, DicomVR vr, DicomTag tag, long offset)
    {
        var bytes = value.ToArray();
        var unit = DicomVRInfo.SwapUnitSize(vr);
        if (unit > 1 && bytes.Length % unit != 0)
        {
            throw new DicomFormatException("InvalidLength", offset, tag, $"The value length {bytes.Length} is not a multiple of {unit}, the size of one {vr} value.");
        }

        if (_bigEndian && unit > 1)
        {
            for (var index = 0; index < bytes.Length; index += unit)
            {
                bytes.AsSpan(index, unit).Reverse();
            }
        }

        return bytes;
    }

    private long AvailableEnd() => _source.KnownLength >= 0 ? _source.KnownLength : _source.Loaded;

    private ushort ReadUInt16(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    private uint ReadUInt32(ReadOnlySpan<byte> span) =>
        _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
}
