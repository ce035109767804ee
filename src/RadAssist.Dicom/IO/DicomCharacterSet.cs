using System.Text;

namespace RadAssist.Dicom;

/// <summary>
/// Decodes character values under a Specific Character Set (0008,0005), including ISO 2022 code extensions with
/// escape sequences (DICOM PS3.3 C.12.1.1.2, PS3.5 section 6.1).
/// </summary>
internal sealed class DicomCharacterSet
{
    private const byte Escape = 0x1B;

    private static readonly Encoding Latin1 = Encoding.Latin1;

    /// <summary>The default repertoire (ISO-IR 6, ASCII); decoded as Latin-1 so that no byte is lost.</summary>
    public static readonly DicomCharacterSet Default = new(null, null, false);

    private readonly Encoding? _singleEncoding;
    private readonly Designation? _initialG1;
    private readonly bool _usesCodeExtensions;

    static DicomCharacterSet()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    private DicomCharacterSet(Encoding? singleEncoding, Designation? initialG1, bool usesCodeExtensions)
    {
        _singleEncoding = singleEncoding;
        _initialG1 = initialG1;
        _usesCodeExtensions = usesCodeExtensions;
    }

    /// <summary>Returns the character set for the values of (0008,0005), or throws for an unsupported term.</summary>
    /// <param name="terms">The defined terms; value 1 may be empty, meaning ISO 2022 IR 6 (PS3.3 C.12.1.1.2).</param>
    /// <param name="offset">Offset of the element, for the error.</param>
    public static DicomCharacterSet FromTerms(IReadOnlyList<string> terms, long offset = -1)
    {
        if (terms.Count == 0)
        {
            return Default;
        }

        var first = terms[0].Trim();
        if (terms.Count == 1 && !first.StartsWith("ISO 2022", StringComparison.Ordinal))
        {
            return first switch
            {
                "" or "ISO_IR 6" => Default,
                "ISO_IR 192" => new DicomCharacterSet(new UTF8Encoding(false, false), null, false),
                "GB18030" => new DicomCharacterSet(Encoding.GetEncoding(54936), null, false),
                "GBK" => new DicomCharacterSet(Encoding.GetEncoding(936), null, false),
                "ISO_IR 13" => new DicomCharacterSet(Encoding.GetEncoding(932), null, false),
                _ when SingleByteCodePage(first) is { } codePage =>
                    new DicomCharacterSet(Encoding.GetEncoding(codePage), null, false),
                _ => throw Unsupported(first, offset),
            };
        }

        // With code extensions, value 1 sets the initial designation of G1 (G0 is always ISO-IR 6 or JIS X 0201).
        var initial = first.Length == 0 || first == "ISO 2022 IR 6"
            ? null
            : DesignationForTerm(first) ?? throw Unsupported(first, offset);
        foreach (var term in terms.Skip(1).Select(t => t.Trim()))
        {
            if (term.Length > 0 && term != "ISO 2022 IR 6" && DesignationForTerm(term) is null)
            {
                throw Unsupported(term, offset);
            }
        }

        initial = initial is { IsG1: true } ? initial : null;
        return new DicomCharacterSet(null, initial, true);
    }

    /// <summary>Decodes a value. For PN, the component delimiters reset the code extensions (PS3.5 6.1.2.5.3).</summary>
    public string Decode(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        if (!_usesCodeExtensions)
        {
            return (_singleEncoding ?? Latin1).GetString(bytes);
        }

        if (bytes.IndexOf(Escape) < 0 && _initialG1 is null)
        {
            return Latin1.GetString(bytes);
        }

        return DecodeWithExtensions(bytes, vr);
    }

    private string DecodeWithExtensions(ReadOnlySpan<byte> bytes, DicomVR vr)
    {
        var builder = new StringBuilder(bytes.Length);
        Designation? g0 = null;
        var g1 = _initialG1;
        var runStart = 0;
        var index = 0;
        while (index < bytes.Length)
        {
            var current = bytes[index];
            if (current == Escape)
            {
                AppendRun(builder, bytes[runStart..index], g0, g1);
                var length = ParseEscape(bytes[index..], ref g0, ref g1);
                index += length;
                runStart = index;
                continue;
            }

            var singleByteG0 = g0 is null || !g0.IsMultiByte;
            if (singleByteG0 && IsDelimiter(current, vr))
            {
                // Delimiters reset the designations to the initial ones (PS3.5 6.1.2.5.3).
                AppendRun(builder, bytes[runStart..index], g0, g1);
                builder.Append((char)current);
                g0 = null;
                g1 = _initialG1;
                runStart = index + 1;
            }

            index++;
        }

        AppendRun(builder, bytes[runStart..], g0, g1);
        return builder.ToString();
    }

    private static bool IsDelimiter(byte value, DicomVR vr) =>
        value is (byte)'\\' or 0x0D or 0x0A or 0x0C or 0x09 || vr == DicomVR.PN && value is (byte)'^' or (byte)'=';

    private static void AppendRun(StringBuilder builder, ReadOnlySpan<byte> run, Designation? g0, Designation? g1)
    {
        if (run.IsEmpty)
        {
            return;
        }

        if (g0 is { IsMultiByte: true })
        {
            builder.Append(g0.Decode(run));
            return;
        }

        // Single-byte G0: bytes below 80H are ASCII, the rest belong to G1.
        var start = 0;
        while (start < run.Length)
        {
            var high = run[start] >= 0x80;
            var end = start;
            while (end < run.Length && run[end] >= 0x80 == high)
            {
                end++;
            }

            var part = run[start..end];
            if (!high)
            {
                builder.Append(g0 is null ? Latin1.GetString(part) : g0.Decode(part));
            }
            else if (g1 is not null)
            {
                builder.Append(g1.Decode(part));
            }
            else
            {
                builder.Append(Latin1.GetString(part));
            }

            start = end;
        }
    }

    private static int ParseEscape(ReadOnlySpan<byte> bytes, ref Designation? g0, ref Designation? g1)
    {
        // ESC followed by intermediate bytes (20H-2FH) and one final byte (30H-7EH), ISO/IEC 2022.
        var length = 1;
        while (length < bytes.Length && bytes[length] is >= 0x20 and <= 0x2F)
        {
            length++;
        }

        if (length >= bytes.Length)
        {
            return bytes.Length;
        }

        length++;
        var sequence = Encoding.ASCII.GetString(bytes[1..length]);
        switch (sequence)
        {
            case "(B":
                g0 = null;
                break;
            case "(J":
                g0 = Designation.JisRoman;
                break;
            case "$B":
            case "$@":
                g0 = Designation.Jis0208;
                break;
            default:
                if (DesignationForEscape(sequence) is { } designation)
                {
                    g1 = designation.IsG1 ? designation : g1;
                }

                break;
        }

        return length;
    }

    private static int? SingleByteCodePage(string term) => term switch
    {
        "ISO_IR 100" or "ISO 2022 IR 100" => 28591,
        "ISO_IR 101" or "ISO 2022 IR 101" => 28592,
        "ISO_IR 109" or "ISO 2022 IR 109" => 28593,
        "ISO_IR 110" or "ISO 2022 IR 110" => 28594,
        "ISO_IR 144" or "ISO 2022 IR 144" => 28595,
        "ISO_IR 127" or "ISO 2022 IR 127" => 28596,
        "ISO_IR 126" or "ISO 2022 IR 126" => 28597,
        "ISO_IR 138" or "ISO 2022 IR 138" => 28598,
        "ISO_IR 148" or "ISO 2022 IR 148" => 28599,
        "ISO_IR 203" or "ISO 2022 IR 203" => 28605,
        "ISO_IR 166" or "ISO 2022 IR 166" => 874,
        _ => null,
    };

    private static Designation? DesignationForTerm(string term) => term switch
    {
        "ISO 2022 IR 13" => Designation.JisKatakana,
        "ISO 2022 IR 87" => Designation.Jis0208,
        "ISO 2022 IR 149" => Designation.Ksx1001,
        "ISO 2022 IR 58" => Designation.Gb2312,
        _ when SingleByteCodePage(term) is { } codePage => new Designation(codePage, true, false),
        _ => null,
    };

    private static Designation? DesignationForEscape(string sequence) => sequence switch
    {
        ")I" => Designation.JisKatakana,
        "$)C" => Designation.Ksx1001,
        "$)A" => Designation.Gb2312,
        "-A" => new Designation(28591, true, false),
        "-B" => new Designation(28592, true, false),
        "-C" => new Designation(28593, true, false),
        "-D" => new Designation(28594, true, false),
        "-L" => new Designation(28595, true, false),
        "-G" => new Designation(28596, true, false),
        "-F" => new Designation(28597, true, false),
        "-H" => new Designation(28598, true, false),
        "-M" => new Designation(28599, true, false),
        "-b" => new Designation(28605, true, false),
        "-T" => new Designation(874, true, false),
        _ => null,
    };

    private static DicomFormatException Unsupported(string term, long offset) => new(
        "UnsupportedCharacterSet",
        offset,
        DicomTags.SpecificCharacterSet,
        $"Specific Character Set term '{term}' is not a defined term this reader can decode (PS3.3 C.12.1.1.2).");

    /// <summary>A character set designated to G0 or G1.</summary>
    private sealed class Designation(int codePage, bool isG1, bool isMultiByte)
    {
        public static readonly Designation JisRoman = new(20127, false, false);
        public static readonly Designation Jis0208 = new(50220, false, true);
        public static readonly Designation JisKatakana = new(932, true, false);
        public static readonly Designation Ksx1001 = new(51949, true, true);
        public static readonly Designation Gb2312 = new(936, true, true);

        private readonly Encoding _encoding = Encoding.GetEncoding(codePage);

        public bool IsG1 { get; } = isG1;

        public bool IsMultiByte { get; } = isMultiByte;

        public string Decode(ReadOnlySpan<byte> bytes)
        {
            if (codePage != 50220)
            {
                return _encoding.GetString(bytes);
            }

            // JIS X 0208 in G0 is decoded by the ISO-2022-JP decoder, so give it back its escape sequence.
            var buffer = new byte[bytes.Length + 3];
            buffer[0] = Escape;
            buffer[1] = (byte)'$';
            buffer[2] = (byte)'B';
            bytes.CopyTo(buffer.AsSpan(3));
            return _encoding.GetString(buffer);
        }
    }
}
