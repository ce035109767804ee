namespace RadAssist.Hl7;

/// <summary>An HL7 v2 message could not be parsed; the code and the location say what and where.</summary>
public sealed class Hl7ParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public Hl7ParseException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What is wrong, naming the location and the value.</param>
    public Hl7ParseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What is wrong, naming the location and the value.</param>
    /// <param name="innerException">The cause.</param>
    public Hl7ParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception with a code and location.</summary>
    /// <param name="code">What is wrong.</param>
    /// <param name="message">What is wrong, naming the location and the value.</param>
    /// <param name="location">The location, such as <c>MSH-2</c> or <c>PID-7</c>, when known.</param>
    /// <param name="byteOffset">Zero-based byte offset in the message where the problem starts, or -1.</param>
    public Hl7ParseException(Hl7ErrorCode code, string message, string? location, long byteOffset)
        : base(message)
    {
        Code = code;
        Location = location;
        ByteOffset = byteOffset;
    }

    /// <summary>What is wrong with the message.</summary>
    public Hl7ErrorCode Code { get; }

    /// <summary>Location in path form, such as <c>MSH-2</c> or <c>OBX(2)-5</c>, when known.</summary>
    public string? Location { get; }

    /// <summary>Zero-based byte offset in the message where the problem starts, or -1 when not known.</summary>
    public long ByteOffset { get; } = -1;
}

/// <summary>Stable codes of HL7 v2 parse errors.</summary>
public enum Hl7ErrorCode
{
    /// <summary>No more specific code applies.</summary>
    Unknown,

    /// <summary>The message is empty.</summary>
    Empty,

    /// <summary>The message does not start with an MSH segment.</summary>
    MissingMsh,

    /// <summary>MSH-1 or MSH-2 is missing, repeats a character, or uses a letter, digit, CR or LF.</summary>
    InvalidDelimiters,

    /// <summary>A segment name is not three upper-case letters or digits.</summary>
    InvalidSegmentName,

    /// <summary>Segments end in LF only, which strict parsing rejects (HL7 v2 section 2.5.1 requires CR).</summary>
    InvalidSegmentTerminator,

    /// <summary>The bytes hold more than one MSH segment.</summary>
    MultipleMessages,

    /// <summary>MSH-18 names a character set that the parser does not decode.</summary>
    UnsupportedCharacterSet,

    /// <summary>A required segment or field is missing.</summary>
    RequiredFieldMissing,

    /// <summary>A value does not have the form its data type requires.</summary>
    InvalidValue,

    /// <summary>A location path such as <c>PID-3(2).1</c> is malformed.</summary>
    InvalidPath,
}
