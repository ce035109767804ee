using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RadAssist.Dicom;

/// <summary>
/// Reads and writes the DICOM JSON model (DICOM PS3.18 annex F.2). PN values are objects with Alphabetic,
/// Ideographic and Phonetic groups, and IS and DS values are JSON numbers (or strings, which CP 1861 allows).
/// Binary values are InlineBinary or BulkDataURI, sequences are arrays of objects, and an empty attribute has no
/// "Value" key.
/// </summary>
/// <remarks>
/// IS and DS values never pass through a binary floating-point type: the reader keeps a number token's own text
/// and the writer emits the stored text, as a number when it is a valid JSON number and as a string otherwise.
/// </remarks>
public static partial class DicomJson
{
    // DICOM JSON is data, not HTML, so non-ASCII names and '+' in DS values are written as they are.
    private static readonly JsonWriterOptions Indented = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Compact = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads one dataset from a DICOM JSON object.</summary>
    /// <param name="utf8Json">The JSON text as UTF-8.</param>
    /// <param name="warnings">Receives problems accepted leniently, such as <c>[""]</c> for an empty value.</param>
    /// <exception cref="DicomFormatException">The JSON is invalid or breaks PS3.18 F.2; the message names the attribute.</exception>
    public static DicomDataset Read(ReadOnlySpan<byte> utf8Json, ICollection<string>? warnings = null)
    {
        using var document = Parse(utf8Json);
        return ReadObject(document.RootElement, string.Empty, warnings);
    }

    /// <summary>Reads a JSON array of datasets, as QIDO-RS and WADO-RS metadata return them.</summary>
    /// <param name="utf8Json">The JSON text as UTF-8.</param>
    /// <param name="warnings">Receives problems accepted leniently.</param>
    /// <exception cref="DicomFormatException">The JSON is invalid or breaks PS3.18 F.2.</exception>
    public static IReadOnlyList<DicomDataset> ReadArray(ReadOnlySpan<byte> utf8Json, ICollection<string>? warnings = null)
    {
        using var document = Parse(utf8Json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new DicomFormatException("InvalidJson", -1, null, $"A DICOM JSON array was expected, not {document.RootElement.ValueKind}.");
        }

        var datasets = new List<DicomDataset>(document.RootElement.GetArrayLength());
        var index = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            datasets.Add(ReadObject(element, $"[{index++}]", warnings));
        }

        return datasets;
    }

    /// <summary>Reads one dataset from a parsed DICOM JSON object.</summary>
    /// <param name="element">A JSON object keyed by 8-digit tags.</param>
    /// <param name="warnings">Receives problems accepted leniently.</param>
    /// <exception cref="DicomFormatException">The object breaks PS3.18 F.2.</exception>
    public static DicomDataset Read(JsonElement element, ICollection<string>? warnings = null) =>
        ReadObject(element, string.Empty, warnings);

    /// <summary>Writes a dataset as a DICOM JSON object, elements in tag order.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="indented">Whether to indent with two spaces.</param>
    /// <returns>The JSON text.</returns>
    public static string Write(DicomDataset dataset, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, indented ? Indented : Compact))
        {
            Write(writer, dataset);
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>Writes a dataset as a DICOM JSON object to a JSON writer.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="dataset">The dataset.</param>
    public static void Write(Utf8JsonWriter writer, DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(dataset);
        writer.WriteStartObject();
        foreach (var element in dataset)
        {
            WriteAttribute(writer, element);
        }

        writer.WriteEndObject();
    }

    private static JsonDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 256 });
            return JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException exception)
        {
            throw new DicomFormatException("InvalidJson", exception.BytePositionInLine ?? -1, null, $"The text is not valid JSON: {exception.Message}", exception);
        }
    }

    private static DicomDataset ReadObject(JsonElement element, string path, ICollection<string>? warnings)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new DicomFormatException("InvalidJson", -1, null, $"Dataset {Where(path)} is a JSON {element.ValueKind}, not an object.");
        }

        var dataset = new DicomDataset();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name.Length != 8 || !DicomTag.TryParse(property.Name, out var tag))
            {
                throw new DicomFormatException("InvalidJson", -1, null, $"Dataset {Where(path)} has key '{property.Name}', which is not a tag of 8 hexadecimal digits (PS3.18 F.2.1.1).");
            }

            dataset.Set(ReadAttribute(tag, property.Value, $"{path}{tag}", warnings));
        }

        return dataset;
    }

    private static DicomElement ReadAttribute(DicomTag tag, JsonElement attribute, string path, ICollection<string>? warnings)
    {
        if (attribute.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(tag, path, $"is a JSON {attribute.ValueKind}, not an object with \"vr\"");
        }

        DicomVR vr;
        if (attribute.TryGetProperty("vr", out var vrElement))
        {
            if (!DicomVRInfo.TryParse(vrElement.ValueKind == JsonValueKind.String ? vrElement.GetString() : null, out vr))
            {
                throw Invalid(tag, path, $"has \"vr\" {vrElement.GetRawText()}, which is not a VR of PS3.5 table 6.2-1");
            }
        }
        else
        {
            vr = DicomDictionary.ImplicitVR(tag);
            warnings?.Add($"Attribute {path} has no \"vr\"; {vr} from the data dictionary is used.");
        }

        if (attribute.TryGetProperty("InlineBinary", out var inline))
        {
            try
            {
                return DicomElement.FromBytes(tag, vr, Convert.FromBase64String(inline.GetString() ?? string.Empty));
            }
            catch (Exception exception) when (exception is FormatException or InvalidOperationException or ArgumentException)
            {
                throw Invalid(tag, path, "has an InlineBinary that is not Base64 text", exception);
            }
        }

        if (attribute.TryGetProperty("BulkDataURI", out var bulk))
        {
            return DicomElement.FromBulkDataUri(tag, vr, bulk.GetString() ?? string.Empty);
        }

        if (!attribute.TryGetProperty("Value", out var value))
        {
            return Empty(tag, vr);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(tag, path, $"has a \"Value\" that is a JSON {value.ValueKind}, not an array (PS3.18 F.2.4)");
        }

        if (vr == DicomVR.SQ)
        {
            var items = new List<DicomDataset>();
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                items.Add(ReadObject(item, $"{path}[{index++}].", warnings));
            }

            return DicomElement.FromItems(tag, items);
        }

        if (DicomVRInfo.IsString(vr))
        {
            return DicomElement.FromText(tag, vr, ReadText(tag, vr, value, path, warnings));
        }

        return DicomElement.FromBytes(tag, vr, ReadBinary(tag, vr, value, path));
    }

    private static string ReadText(DicomTag tag, DicomVR vr, JsonElement values, string path, ICollection<string>? warnings)
    {
        var parts = new List<string>(values.GetArrayLength());
        foreach (var value in values.EnumerateArray())
        {
            parts.Add(value.ValueKind switch
            {
                JsonValueKind.Null => string.Empty,
                JsonValueKind.String => value.GetString()!,

                // IS and DS may be numbers; the token's own text is kept, never a reformatted double (CP 1861).
                JsonValueKind.Number when vr is DicomVR.IS or DicomVR.DS => value.GetRawText(),
                JsonValueKind.Object when vr == DicomVR.PN => ReadPersonName(tag, path, value),
                _ => throw Invalid(tag, path, $"has a {value.ValueKind} value where {vr} expects {(vr == DicomVR.PN ? "an object" : "a string")}"),
            });
        }

        if (parts is [""])
        {
            // [""] is not how PS3.18 F.2.5 writes an empty value, but peers send it; it reads as empty.
            warnings?.Add($"Attribute {path} has \"Value\": [\"\"]; read as an empty value (PS3.18 F.2.5 omits \"Value\").");
            return string.Empty;
        }

        return DicomVRInfo.IsSingleValueText(vr) ? string.Concat(parts) : string.Join('\\', parts);
    }

    private static string ReadPersonName(DicomTag tag, string path, JsonElement value)
    {
        string Group(string name)
        {
            if (!value.TryGetProperty(name, out var group) || group.ValueKind == JsonValueKind.Null)
            {
                return string.Empty;
            }

            return group.ValueKind == JsonValueKind.String
                ? group.GetString()!
                : throw Invalid(tag, path, $"has a person name whose {name} group is a {group.ValueKind}, not a string");
        }

        return string.Join('=', Group("Alphabetic"), Group("Ideographic"), Group("Phonetic")).TrimEnd('=');
    }

    private static byte[] ReadBinary(DicomTag tag, DicomVR vr, JsonElement values, string path)
    {
        var unit = DicomVRInfo.BinaryUnitSize(vr);
        if (unit == 0 || vr is DicomVR.OB or DicomVR.OW or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.UN)
        {
            throw Invalid(tag, path, $"has a \"Value\" array, but {vr} values are given as InlineBinary or BulkDataURI (PS3.18 F.2.7)");
        }

        var bytes = new byte[values.GetArrayLength() * unit];
        var offset = 0;
        foreach (var value in values.EnumerateArray())
        {
            var span = bytes.AsSpan(offset, unit);
            var ok = vr switch
            {
                DicomVR.AT => value.ValueKind == JsonValueKind.String && WriteTag(span, value.GetString()),
                DicomVR.US => value.ValueKind == JsonValueKind.Number && value.TryGetUInt16(out var us) && Write(span, us),
                DicomVR.SS => value.ValueKind == JsonValueKind.Number && value.TryGetInt16(out var ss) && Write(span, (ushort)ss),
                DicomVR.UL => value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var ul) && Write(span, ul),
                DicomVR.SL => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var sl) && Write(span, (uint)sl),
                DicomVR.UV => value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out var uv) && Write(span, uv),
                DicomVR.SV => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var sv) && Write(span, (ulong)sv),
                DicomVR.FL => value.ValueKind == JsonValueKind.Number && WriteSingle(span, value.GetSingle()),
                DicomVR.FD => value.ValueKind == JsonValueKind.Number && WriteDouble(span, value.GetDouble()),
                _ => false,
            };
            if (!ok)
            {
                throw Invalid(tag, path, $"has value {value.GetRawText()}, which is not a valid {vr}");
            }

            offset += unit;
        }

        return bytes;
    }

    private static void WriteAttribute(Utf8JsonWriter writer, DicomElement element)
    {
        writer.WritePropertyName(element.Tag.ToJsonKey());
        writer.WriteStartObject();
        writer.WriteString("vr", element.VR.ToString());
        var vr = element.VR;
        if (element.BulkDataUri is { } uri)
        {
            writer.WriteString("BulkDataURI", uri);
        }
        else if (vr == DicomVR.SQ)
        {
            if (element.Items.Count > 0)
            {
                writer.WriteStartArray("Value");
                foreach (var item in element.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
            }
        }
        else if (element.Text is { } text)
        {
            // An empty attribute has no "Value" (PS3.18 F.2.5). A null is only a placeholder for an empty value among others.
            if (text.Length > 0)
            {
                writer.WriteStartArray("Value");
                foreach (var value in DicomVRInfo.IsSingleValueText(vr) ? [text] : text.Split('\\'))
                {
                    WriteTextValue(writer, vr, value);
                }

                writer.WriteEndArray();
            }
        }
        else if (element.Fragments is not null || vr is DicomVR.OB or DicomVR.OW or DicomVR.OD or DicomVR.OF or DicomVR.OL or DicomVR.OV or DicomVR.UN)
        {
            var bytes = element.Fragments is { } fragments ? Concatenate(fragments) : element.Bytes.ToArray();
            if (bytes.Length > 0)
            {
                writer.WriteString("InlineBinary", Convert.ToBase64String(bytes));
            }
        }
        else if (!element.Bytes.IsEmpty)
        {
            writer.WriteStartArray("Value");
            for (var index = 0; index < element.Count; index++)
            {
                WriteBinaryValue(writer, element, index);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteTextValue(Utf8JsonWriter writer, DicomVR vr, string value)
    {
        if (value.Length == 0)
        {
            writer.WriteNullValue();
        }
        else if (vr == DicomVR.PN)
        {
            var groups = value.Split('=');
            writer.WriteStartObject();
            string[] names = ["Alphabetic", "Ideographic", "Phonetic"];
            for (var index = 0; index < Math.Min(groups.Length, 3); index++)
            {
                if (groups[index].Length > 0)
                {
                    writer.WriteString(names[index], groups[index]);
                }
            }

            writer.WriteEndObject();
        }
        else if (vr is DicomVR.IS or DicomVR.DS && JsonNumber().IsMatch(value.Trim()))
        {
            writer.WriteRawValue(value.Trim());
        }
        else
        {
            writer.WriteStringValue(vr is DicomVR.IS or DicomVR.DS ? value.Trim() : value);
        }
    }

    private static void WriteBinaryValue(Utf8JsonWriter writer, DicomElement element, int index)
    {
        var span = element.Bytes.Span;
        switch (element.VR)
        {
            case DicomVR.AT:
                writer.WriteStringValue(element.FormatNumber(index));
                break;
            case DicomVR.FL:
                WriteFloating(writer, BinaryPrimitives.ReadSingleLittleEndian(span[(index * 4)..]));
                break;
            case DicomVR.FD:
                WriteFloating(writer, BinaryPrimitives.ReadDoubleLittleEndian(span[(index * 8)..]));
                break;
            default:
                writer.WriteRawValue(element.FormatNumber(index));
                break;
        }
    }

    private static void WriteFloating(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            // JSON has no NaN or infinity; the text form keeps the value readable.
            writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static DicomElement Empty(DicomTag tag, DicomVR vr) => vr switch
    {
        DicomVR.SQ => DicomElement.FromItems(tag, []),
        _ when DicomVRInfo.IsString(vr) => DicomElement.FromText(tag, vr, string.Empty),
        _ => DicomElement.FromBytes(tag, vr, ReadOnlyMemory<byte>.Empty),
    };

    private static byte[] Concatenate(IReadOnlyList<ReadOnlyMemory<byte>> fragments)
    {
        var bytes = new byte[fragments.Sum(f => f.Length)];
        var offset = 0;
        foreach (var fragment in fragments)
        {
            fragment.Span.CopyTo(bytes.AsSpan(offset));
            offset += fragment.Length;
        }

        return bytes;
    }

    private static bool WriteTag(Span<byte> span, string? text)
    {
        if (text is not { Length: 8 } || !DicomTag.TryParse(text, out var tag))
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16LittleEndian(span, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(span[2..], tag.Element);
        return true;
    }

    private static bool Write(Span<byte> span, ushort value)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(span, value);
        return true;
    }

    private static bool Write(Span<byte> span, uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        return true;
    }

    private static bool Write(Span<byte> span, ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        return true;
    }

    private static bool WriteSingle(Span<byte> span, float value)
    {
        BinaryPrimitives.WriteSingleLittleEndian(span, value);
        return true;
    }

    private static bool WriteDouble(Span<byte> span, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(span, value);
        return true;
    }

    private static string Where(string path) => path.Length == 0 ? "at the root" : path;

    private static DicomFormatException Invalid(DicomTag tag, string path, string problem, Exception? inner = null) =>
        new("InvalidJson", -1, tag, $"DICOM JSON attribute {path} {problem}.", inner);

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
