namespace RadAssist.Hl7;

/// <summary>
/// A field, repetition, component or subcomponent of a parsed message, read in place.
/// </summary>
/// <remarks>
/// HL7 v2 section 2.5.3 gives a location three states: not present (empty), the explicit null value <c>""</c>
/// that tells the receiver to delete its stored value, and a value. <see cref="State"/> tells them apart.
/// The default value is absent.
/// </remarks>
public readonly struct Hl7Value : IEquatable<Hl7Value>
{
    private readonly Hl7Message? _message;
    private readonly int _start;
    private readonly int _length;
    private readonly Hl7ValueLevel _level;

    internal Hl7Value(Hl7Message message, int start, int length, Hl7ValueLevel level)
    {
        _message = message;
        _start = start;
        _length = length;
        _level = level;
    }

    /// <summary>Gets whether the location is absent, contains the null value <c>""</c>, or contains a value.</summary>
    public Hl7ValueState State
    {
        get
        {
            if (_message is null || _length == 0)
            {
                return Hl7ValueState.Absent;
            }

            return _level != Hl7ValueLevel.Literal && RawSpan.SequenceEqual("\"\""u8)
                ? Hl7ValueState.Null
                : Hl7ValueState.Present;
        }
    }

    /// <summary>Gets whether the location contains a value other than the null value.</summary>
    public bool HasValue => State == Hl7ValueState.Present;

    /// <summary>Gets the value as written, escape sequences and delimiters included; empty when absent.</summary>
    public string RawValue => _message is null ? string.Empty : Hl7Escaping.GetString(RawSpan, _message.TextEncoding);

    /// <summary>Gets the number of repetitions of a field; 0 when absent.</summary>
    public int RepetitionCount
    {
        get
        {
            if (_length == 0)
            {
                return 0;
            }

            return _level == Hl7ValueLevel.Field ? RawSpan.Count(_message!.Delimiters.Repetition) + 1 : 1;
        }
    }

    internal ReadOnlySpan<byte> RawSpan => _message is null ? default : _message.Bytes.Slice(_start, _length);

    internal Hl7Message? Message => _message;

    /// <summary>Gets one repetition of a field.</summary>
    /// <param name="number">1-based repetition number.</param>
    /// <returns>The repetition; absent when the field has fewer.</returns>
    public Hl7Value GetRepetition(int number)
    {
        if (_message is null)
        {
            return default;
        }

        if (_level != Hl7ValueLevel.Field)
        {
            return number == 1 ? this : default;
        }

        return Split(_message!.Delimiters.Repetition, number, Hl7ValueLevel.Repetition);
    }

    /// <summary>Gets one component; a field with repetitions gives the component of its first repetition.</summary>
    /// <param name="number">1-based component number.</param>
    /// <returns>The component; absent when the value has fewer.</returns>
    public Hl7Value GetComponent(int number)
    {
        if (_message is null)
        {
            return default;
        }

        switch (_level)
        {
            case Hl7ValueLevel.Field:
                // The first repetition's components, found in one pass that stops at the first repetition delimiter.
                return Split(_message!.Delimiters.Component, number, Hl7ValueLevel.Component, _message.Delimiters.Repetition);
            case Hl7ValueLevel.Repetition:
                return Split(_message!.Delimiters.Component, number, Hl7ValueLevel.Component);
            default:
                return number == 1 ? this : default;
        }
    }

    /// <summary>Gets one subcomponent; a field or repetition gives the subcomponent of its first component.</summary>
    /// <param name="number">1-based subcomponent number.</param>
    /// <returns>The subcomponent; absent when the value has fewer.</returns>
    public Hl7Value GetSubcomponent(int number)
    {
        if (_message is null)
        {
            return default;
        }

        switch (_level)
        {
            case Hl7ValueLevel.Field:
            case Hl7ValueLevel.Repetition:
                return GetComponent(1).GetSubcomponent(number);
            case Hl7ValueLevel.Component:
                return Split(_message!.Delimiters.Subcomponent, number, Hl7ValueLevel.Subcomponent);
            default:
                return number == 1 ? this : default;
        }
    }

    /// <summary>
    /// Returns the text with escape sequences decoded (HL7 v2 section 2.7), or an empty string when the location is
    /// absent or contains the null value. A composite value, such as a field with components, keeps its delimiters
    /// and every escape of a separator or of the escape character (<c>\S\</c>, <c>\T\</c>, <c>\R\</c>, <c>\E\</c>,
    /// and hexadecimal data with those bytes), so that it can still be split.
    /// </summary>
    /// <returns>The decoded text.</returns>
    public override string ToString()
    {
        // The span is read once, because this runs for every value a consumer reads.
        var raw = RawSpan;
        if (raw.IsEmpty)
        {
            return string.Empty;
        }

        if (_level == Hl7ValueLevel.Literal)
        {
            return Hl7Escaping.GetString(raw, _message!.TextEncoding);
        }

        return raw.SequenceEqual("\"\""u8)
            ? string.Empty
            : Hl7Escaping.Decode(raw, _message!.Delimiters, _message.TextEncoding, _level);
    }

    /// <summary>Returns the decoded text, or <see langword="null"/> when the location is absent or null.</summary>
    /// <returns>The text or <see langword="null"/>.</returns>
    public string? ToStringOrNull() => HasValue ? ToString() : null;

    /// <inheritdoc/>
    public bool Equals(Hl7Value other) =>
        ReferenceEquals(_message, other._message) && _start == other._start && _length == other._length &&
        _level == other._level;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Hl7Value other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_message, _start, _length, _level);

    /// <summary>Compares two values by location.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether both refer to the same bytes of the same message.</returns>
    public static bool operator ==(Hl7Value left, Hl7Value right) => left.Equals(right);

    /// <summary>Compares two values by location.</summary>
    /// <param name="left">The first value.</param>
    /// <param name="right">The second value.</param>
    /// <returns>Whether the values refer to different bytes.</returns>
    public static bool operator !=(Hl7Value left, Hl7Value right) => !left.Equals(right);

    /// <summary>
    /// Returns the nth piece between delimiters. A stop byte, when not 0, ends the value early, as the repetition
    /// delimiter does for the components of a field's first repetition.
    /// </summary>
    private Hl7Value Split(byte delimiter, int number, Hl7ValueLevel level, byte stop = 0)
    {
        if (_message is null || number < 1)
        {
            return default;
        }

        var span = RawSpan;
        var start = 0;
        for (var piece = 1; ; piece++)
        {
            var relative = stop == 0 ? span[start..].IndexOf(delimiter) : span[start..].IndexOfAny(delimiter, stop);
            var end = relative < 0 ? span.Length : start + relative;
            if (piece == number)
            {
                return new Hl7Value(_message, _start + start, end - start, level);
            }

            if (relative < 0 || span[end] != delimiter)
            {
                return default;
            }

            start = end + 1;
        }
    }
}

/// <summary>The three states of an HL7 v2 location (section 2.5.3).</summary>
public enum Hl7ValueState
{
    /// <summary>Not present: the sender has no information, and a receiver keeps its stored value.</summary>
    Absent,

    /// <summary>The explicit null value <c>""</c>: a receiver deletes its stored value.</summary>
    Null,

    /// <summary>A value.</summary>
    Present,
}

/// <summary>How far a value has been split, which decides the delimiter that splits it next.</summary>
internal enum Hl7ValueLevel : byte
{
    Field,
    Repetition,
    Component,
    Subcomponent,

    /// <summary>MSH-1 and MSH-2, which hold the delimiters themselves and are never split or unescaped.</summary>
    Literal,
}
