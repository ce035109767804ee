using System.Globalization;
using System.Text;

namespace RadAssist.Hl7;

/// <summary>Acknowledgment code of MSA-1 (HL7 table 0008), original mode.</summary>
internal enum Hl7AckCode
{
    /// <summary>AA: the message was accepted.</summary>
    Accept,

    /// <summary>AE: the message was not processed because of an error; the sender may resend it after a fix.</summary>
    Error,

    /// <summary>AR: the message was rejected; resending the same message will not help.</summary>
    Reject,
}

/// <summary>Error condition codes of ERR-3 (HL7 table 0357).</summary>
internal static class Hl7ErrorConditions
{
    public const int SegmentSequenceError = 100;
    public const int RequiredFieldMissing = 101;
    public const int DataTypeError = 102;
    public const int TableValueNotFound = 103;
    public const int UnsupportedMessageType = 200;
    public const int UnsupportedEventCode = 201;
    public const int UnsupportedProcessingId = 202;
    public const int UnsupportedVersionId = 203;
    public const int ApplicationInternalError = 207;

    public static string TextOf(int code) => code switch
    {
        SegmentSequenceError => "Segment sequence error",
        RequiredFieldMissing => "Required field missing",
        DataTypeError => "Data type error",
        TableValueNotFound => "Table value not found",
        UnsupportedMessageType => "Unsupported message type",
        UnsupportedEventCode => "Unsupported event code",
        UnsupportedProcessingId => "Unsupported processing id",
        UnsupportedVersionId => "Unsupported version id",
        _ => "Application internal error",
    };
}

/// <summary>An error to report in the ERR segment of a negative acknowledgment.</summary>
/// <param name="Condition">Code from HL7 table 0357, such as 101 for a required field missing.</param>
/// <param name="Message">Text for the sender naming the location and the value.</param>
/// <param name="Segment">Segment name of the location, such as <c>OBR</c>, when known.</param>
/// <param name="Occurrence">1-based occurrence of the segment.</param>
/// <param name="Field">Field number of the location, or 0.</param>
internal sealed record Hl7AckError(int Condition, string Message, string? Segment = null, int Occurrence = 1, int Field = 0);

/// <summary>Builds original-mode ACK messages: MSH, MSA and, for errors, ERR (HL7 v2 section 2.9.2).</summary>
internal static class Hl7Acknowledgment
{
    /// <summary>
    /// Builds the acknowledgment of a parsed message. It uses the message's delimiters and character set, swaps the
    /// sending and receiving application and facility, and echoes MSH-10 in MSA-2.
    /// </summary>
    public static byte[] Build(
        Hl7Message message,
        Hl7AckCode code,
        string controlId,
        DateTimeOffset timestamp,
        Hl7AckError? error = null)
    {
        // A message whose MSH-2 leaves out the escape character or a separator cannot carry the error text, which may
        // contain any delimiter, so its acknowledgment declares the whole default set and rewrites the copied fields.
        var complete = IsComplete(message.Delimiters);
        var delimiters = complete ? message.Delimiters : Hl7Delimiters.Default.WithTruncation(0);
        var writer = new Er7Writer(delimiters, message.TextEncoding, 256 + (error?.Message.Length ?? 0));
        var msh = message.FindSegment("MSH");
        writer.StartMsh();
        Copy(writer, message.GetField(msh, 5), complete);
        Copy(writer, message.GetField(msh, 6), complete);
        Copy(writer, message.GetField(msh, 3), complete);
        Copy(writer, message.GetField(msh, 4), complete);
        writer.Field(Hl7DateTime.Format(timestamp))
            .Field(null)
            .Components("ACK", message.GetField(msh, 9).GetComponent(2).ToString(), "ACK")
            .Field(controlId);
        Copy(writer, message.GetField(msh, 11), complete, "P");
        Copy(writer, message.GetField(msh, 12), complete, "2.5.1");
        writer.EmptyFields(5);
        Copy(writer, message.GetField(msh, 18), complete);

        // MSA-2 echoes MSH-10 exactly as written when both messages use the same delimiters.
        var receivedControlId = message.GetField(msh, 10);
        WriteBody(writer, code, complete ? receivedControlId.RawValue : receivedControlId.ToString(), message.Version, error, complete);
        return writer.ToArray();
    }

    /// <summary>
    /// Builds a negative acknowledgment for bytes that could not be parsed, with the default delimiters, UTF-8 and
    /// the control id read from the raw MSH-10 when it can be found.
    /// </summary>
    public static byte[] BuildForUnparsed(
        ReadOnlySpan<byte> received,
        Hl7AckCode code,
        string controlId,
        DateTimeOffset timestamp,
        Hl7AckError error)
    {
        var writer = new Er7Writer(Hl7Delimiters.Default.WithTruncation(0), Encoding.UTF8, 256 + error.Message.Length);
        writer.StartMsh()
            .EmptyFields(4)
            .Field(Hl7DateTime.Format(timestamp))
            .Field(null)
            .Components("ACK", null, "ACK")
            .Field(controlId)
            .Field("P")
            .Field("2.5.1")
            .EmptyFields(5)
            .Field(Hl7CharacterSets.Utf8);

        // MSH-10 is read as written. With the default delimiters it goes into MSA-2 unchanged, and with others it is
        // escaped as text.
        var start = received.IndexOf("MSH"u8);
        var defaultDelimiters = start >= 0 && received[start..].StartsWith("MSH|^~\\&"u8);
        WriteBody(writer, code, ReadControlId(received), "2.5.1", error, defaultDelimiters);
        return writer.ToArray();
    }

    /// <summary>Reads MSH-10 from raw bytes without parsing, or returns an empty string.</summary>
    public static string ReadControlId(ReadOnlySpan<byte> received)
    {
        var start = received.IndexOf("MSH"u8);
        if (start < 0 || received.Length < start + 5)
        {
            return string.Empty;
        }

        var line = received[start..];
        var end = line.IndexOfAny((byte)'\r', (byte)'\n');
        line = end < 0 ? line : line[..end];
        if (line.Length < 4)
        {
            return string.Empty;
        }

        var separator = line[3];
        for (var field = 2; field <= 10; field++)
        {
            var next = line.IndexOf(separator);
            if (next < 0)
            {
                return string.Empty;
            }

            line = line[(next + 1)..];
        }

        var stop = line.IndexOf(separator);
        var value = stop < 0 ? line : line[..stop];
        return value.Length <= 199 && value.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0
            ? Encoding.ASCII.GetString(value)
            : string.Empty;
    }

    /// <summary>Returns the MSA-1 code: AA, AE or AR.</summary>
    public static string ToCode(Hl7AckCode code) => code switch
    {
        Hl7AckCode.Accept => "AA",
        Hl7AckCode.Error => "AE",
        _ => "AR",
    };

    private static void WriteBody(
        Er7Writer writer,
        Hl7AckCode code,
        string originalControlId,
        string version,
        Hl7AckError? error,
        bool rawControlId = false)
    {
        var before25 = IsBefore25(version);
        writer.StartSegment("MSA").Field(ToCode(code));
        if (rawControlId)
        {
            writer.RawField(writer.Encoding.GetBytes(originalControlId));
        }
        else
        {
            writer.Field(originalControlId);
        }

        if (error is null)
        {
            return;
        }

        if (before25)
        {
            // MSA-3 (text message) was withdrawn in 2.5 in favour of ERR-8, so older versions carry the text here.
            writer.Field(error.Message);
        }

        var condition = error.Condition.ToString(CultureInfo.InvariantCulture);
        var conditionText = Hl7ErrorConditions.TextOf(error.Condition);
        if (before25)
        {
            // Versions before 2.5 carry location and code in ERR-1 (ELD: segment^sequence^field^code&text&table).
            var subcomponent = (char)writer.Delimiters.Subcomponent;
            var codeText = condition + subcomponent + Hl7Escaping.Encode(conditionText, writer.Delimiters, false) +
                           subcomponent + "HL70357";
            writer.StartSegment("ERR").RawField(Encoding.UTF8.GetBytes(string.Join(
                (char)writer.Delimiters.Component,
                Hl7Escaping.Encode(error.Segment ?? string.Empty, writer.Delimiters, false),
                error.Segment is null ? string.Empty : error.Occurrence.ToString(CultureInfo.InvariantCulture),
                error.Field > 0 ? error.Field.ToString(CultureInfo.InvariantCulture) : string.Empty,
                codeText)));
            return;
        }

        // From 2.5: ERR-2 error location (ERL), ERR-3 code (CWE of table 0357), ERR-4 severity, ERR-8 user message.
        writer.StartSegment("ERR")
            .Field(null)
            .Components(
                error.Segment,
                error.Segment is null ? null : error.Occurrence.ToString(CultureInfo.InvariantCulture),
                error.Field > 0 ? error.Field.ToString(CultureInfo.InvariantCulture) : null)
            .Components(condition, conditionText, "HL70357")
            .Field("E")
            .EmptyFields(3)
            .Field(error.Message);
    }

    private static bool IsComplete(in Hl7Delimiters delimiters) =>
        delimiters.HasEscape && delimiters.Component != delimiters.Field &&
        delimiters.Repetition != delimiters.Field && delimiters.Subcomponent != delimiters.Field;

    /// <summary>
    /// Copies a field as written, or component by component, decoded and escaped again, for other delimiters. An
    /// absent field gets the fallback value, when there is one.
    /// </summary>
    private static void Copy(Er7Writer writer, Hl7Value value, bool raw, string? fallback = null)
    {
        if (fallback is not null && value.State == Hl7ValueState.Absent)
        {
            writer.Field(fallback);
            return;
        }

        if (raw)
        {
            writer.RawField(value);
            return;
        }

        var first = value.GetRepetition(1);
        var count = value.Message is { } message ? first.RawSpan.Count(message.Delimiters.Component) + 1 : 1;
        var components = new string?[count];
        for (var i = 0; i < count; i++)
        {
            components[i] = first.GetComponent(i + 1).ToStringOrNull();
        }

        writer.Components(components);
    }

    private static bool IsBefore25(string version) =>
        version.StartsWith("2.", StringComparison.Ordinal) && version.Length >= 3 && version[2] < '5' &&
        (version.Length == 3 || version[3] == '.');
}
