using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>
/// Reads the DICOM JSON model (DICOM PS3.18 F.2) returned by QIDO-RS and WADO-RS metadata into datasets.
/// </summary>
/// <remarks>
/// Tolerates what servers send in practice: a missing <c>vr</c> is taken from the data dictionary, numbers in IS and
/// DS values are accepted as JSON numbers, a person name given as a plain string is read as its alphabetic group,
/// and an attribute without <c>Value</c> is present but empty. A <c>Value</c> that is not an array, or a value of the
/// wrong JSON type, raises a <see cref="DicomFormatException"/> that names the attribute.
/// </remarks>
internal static class DicomJsonDatasetReader
{
    public static List<DicomDataset> ReadArray(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new DicomFormatException(
                "InvalidJson", -1, null, $"A DICOM JSON response must be an array of datasets, not {Describe(root.ValueKind)}.");
        }

        var datasets = new List<DicomDataset>(root.GetArrayLength());
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            datasets.Add(ReadObject(item, $"[{index}]"));
            index++;
        }

        return datasets;
    }

    public static DicomDataset ReadObject(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DicomFormatException(
                "InvalidJson", -1, null, $"DICOM JSON dataset {path} is {Describe(element.ValueKind)}, not an object.");
        }

        var dataset = new DicomDataset();
        foreach (var property in element.EnumerateObject())
        {
            if (!DicomTag.TryParse(property.Name, out var tag) || property.Name.Length != 8)
            {
                throw new DicomFormatException(
                    "InvalidJson", -1, null, $"DICOM JSON dataset {path} has key '{property.Name}', which is not a tag of 8 hex digits.");
            }

            dataset.Set(ReadAttribute(tag, property.Value, path));
        }

        return dataset;
    }

    private static DicomElement ReadAttribute(DicomTag tag, JsonElement attribute, string path)
    {
        if (attribute.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(tag, path, $"is {Describe(attribute.ValueKind)}, not an object with vr and Value");
        }

        var vr = ReadVR(tag, attribute, path);
        if (attribute.TryGetProperty("BulkDataURI", out var bulk) && bulk.ValueKind == JsonValueKind.String)
        {
            return DicomElement.FromBulkDataUri(tag, vr, bulk.GetString()!);
        }

        if (attribute.TryGetProperty("InlineBinary", out var inline) && inline.ValueKind == JsonValueKind.String)
        {
            if (!inline.TryGetBytesFromBase64(out var bytes))
            {
                throw Invalid(tag, path, "has InlineBinary that is not Base64");
            }

            return DicomVRInfo.IsString(vr)
                ? DicomElement.FromText(tag, vr, Encoding.UTF8.GetString(bytes))
                : DicomElement.FromBytes(tag, vr == DicomVR.SQ ? DicomVR.UN : vr, bytes);
        }

        if (!attribute.TryGetProperty("Value", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return Empty(tag, vr);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(tag, path, $"has a Value that is {Describe(value.ValueKind)}, not an array (PS3.18 F.2.4)");
        }

        if (vr == DicomVR.SQ)
        {
            var items = new List<DicomDataset>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                items.Add(ReadObject(item, $"{path}.{tag.ToJsonKey()}[{index}]"));
                index++;
            }

            return DicomElement.FromItems(tag, items);
        }

        if (DicomVRInfo.IsString(vr))
        {
            var values = value.EnumerateArray().Select(v => TextOf(tag, vr, v, path));
            return DicomElement.FromText(tag, vr, string.Join('\\', values));
        }

        return DicomElement.FromBytes(tag, vr, BinaryOf(tag, vr, value, path));
    }

    private static DicomVR ReadVR(DicomTag tag, JsonElement attribute, string path)
    {
        if (!attribute.TryGetProperty("vr", out var vrElement) || vrElement.ValueKind != JsonValueKind.String)
        {
            // PS3.18 F.2.2 requires vr; a missing one is taken from the dictionary, private tags become UN.
            return DicomDictionary.ImplicitVR(tag);
        }

        var code = vrElement.GetString();
        if (!DicomVRInfo.TryParse(code, out var vr) || vr == DicomVR.None)
        {
            throw Invalid(tag, path, $"has vr '{code}', which is not a DICOM value representation (PS3.5 6.2)");
        }

        return vr;
    }

    private static DicomElement Empty(DicomTag tag, DicomVR vr) => vr switch
    {
        DicomVR.SQ => DicomElement.FromItems(tag, []),
        _ when DicomVRInfo.IsString(vr) => DicomElement.FromText(tag, vr, string.Empty),
        _ => DicomElement.FromBytes(tag, vr, ReadOnlyMemory<byte>.Empty),
    };

    private static string TextOf(DicomTag tag, DicomVR vr, JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                return string.Empty;
            case JsonValueKind.String:
                return value.GetString()!;
            case JsonValueKind.Number when vr is DicomVR.IS or DicomVR.DS:
                return value.GetRawText();
            case JsonValueKind.Object when vr == DicomVR.PN:
                var groups = new[] { "Alphabetic", "Ideographic", "Phonetic" }
                    .Select(name => value.TryGetProperty(name, out var group) && group.ValueKind == JsonValueKind.String
                        ? group.GetString()!
                        : string.Empty)
                    .ToList();
                while (groups.Count > 1 && groups[^1].Length == 0)
                {
                    groups.RemoveAt(groups.Count - 1);
                }

                return string.Join('=', groups);
            default:
                throw Invalid(tag, path, $"has a {vr} value that is {Describe(value.ValueKind)}");
        }
    }

    private static byte[] BinaryOf(DicomTag tag, DicomVR vr, JsonElement value, string path)
    {
        var count = value.GetArrayLength();
        var size = vr == DicomVR.AT ? 4 : DicomVRInfo.BinaryUnitSize(vr);
        if (size <= 1)
        {
            throw Invalid(tag, path, $"has vr {vr}, which carries InlineBinary or BulkDataURI, not Value (PS3.18 F.2.7)");
        }

        var bytes = new byte[count * size];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var target = bytes.AsSpan(index * size, size);
            if (vr == DicomVR.AT)
            {
                if (item.ValueKind != JsonValueKind.String || !DicomTag.TryParse(item.GetString(), out var referenced))
                {
                    throw Invalid(tag, path, $"has AT value {index + 1} that is not a tag of 8 hex digits");
                }

                BinaryPrimitives.WriteUInt16LittleEndian(target, referenced.Group);
                BinaryPrimitives.WriteUInt16LittleEndian(target[2..], referenced.Element);
            }
            else
            {
                WriteNumber(tag, vr, item, target, path, index);
            }

            index++;
        }

        return bytes;
    }

    private static void WriteNumber(DicomTag tag, DicomVR vr, JsonElement item, Span<byte> target, string path, int index)
    {
        var number = item.ValueKind switch
        {
            JsonValueKind.Number => item.GetDouble(),
            JsonValueKind.String when double.TryParse(item.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw Invalid(tag, path, $"has {vr} value {index + 1} that is {Describe(item.ValueKind)}, not a number"),
        };

        try
        {
            WriteBinary(vr, number, target);
        }
        catch (OverflowException)
        {
            throw Invalid(tag, path, $"has {vr} value {index + 1}, {number.ToString(CultureInfo.InvariantCulture)}, outside the range of {vr}");
        }
        catch (NotSupportedException)
        {
            throw Invalid(tag, path, $"has vr {vr}, which cannot carry a numeric Value");
        }
    }

    private static void WriteBinary(DicomVR vr, double number, Span<byte> target)
    {
        switch (vr)
        {
            case DicomVR.US: BinaryPrimitives.WriteUInt16LittleEndian(target, checked((ushort)number)); break;
            case DicomVR.SS: BinaryPrimitives.WriteInt16LittleEndian(target, checked((short)number)); break;
            case DicomVR.UL: BinaryPrimitives.WriteUInt32LittleEndian(target, checked((uint)number)); break;
            case DicomVR.SL: BinaryPrimitives.WriteInt32LittleEndian(target, checked((int)number)); break;
            case DicomVR.UV: BinaryPrimitives.WriteUInt64LittleEndian(target, checked((ulong)number)); break;
            case DicomVR.SV: BinaryPrimitives.WriteInt64LittleEndian(target, checked((long)number)); break;
            case DicomVR.FL: BinaryPrimitives.WriteSingleLittleEndian(target, (float)number); break;
            case DicomVR.FD: BinaryPrimitives.WriteDoubleLittleEndian(target, number); break;
            default: throw new NotSupportedException();
        }
    }

    private static DicomFormatException Invalid(DicomTag tag, string path, string problem) =>
        new("InvalidJson", -1, tag, $"DICOM JSON attribute {tag.ToJsonKey()} in dataset {path} {problem}.");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
