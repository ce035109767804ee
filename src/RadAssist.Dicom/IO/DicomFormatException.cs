namespace RadAssist.Dicom;

/// <summary>
/// Malformed DICOM content: a Part 10 file, a DICOM JSON document or a value that breaks the encoding rules of
/// DICOM PS3.5 or PS3.18. Carries a stable code, the byte offset and the tag involved.
/// </summary>
public sealed class DicomFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DicomFormatException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong.</param>
    public DicomFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public DicomFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a code, location and message.</summary>
    /// <param name="code">Stable error code, such as <c>ValueLengthPastEnd</c>.</param>
    /// <param name="offset">Byte offset of the element header, or -1 when not applicable.</param>
    /// <param name="tag">Tag of the element, when known.</param>
    /// <param name="message">What is wrong, without the location.</param>
    /// <param name="innerException">The cause, when any.</param>
    public DicomFormatException(
        string code,
        long offset,
        DicomTag? tag,
        string message,
        Exception? innerException = null)
        : base(FormatMessage(offset, tag, message), innerException)
    {
        Code = code;
        Offset = offset;
        Tag = tag;
    }

    /// <summary>Stable error code, such as <c>Truncated</c>, <c>OddLength</c> or <c>ValueLengthPastEnd</c>.</summary>
    public string Code { get; } = "Invalid";

    /// <summary>Byte offset of the element header where the problem was found, or -1.</summary>
    public long Offset { get; } = -1;

    /// <summary>Tag of the element involved, when known.</summary>
    public DicomTag? Tag { get; }

    private static string FormatMessage(long offset, DicomTag? tag, string message)
    {
        var where = (offset >= 0, tag.HasValue) switch
        {
            (true, true) => $"Element {tag} at offset {offset}: ",
            (true, false) => $"At offset {offset}: ",
            (false, true) => $"Element {tag}: ",
            _ => string.Empty,
        };
        return where + message;
    }
}
