namespace RadAssist.Hl7;

/// <summary>
/// The delimiters of one message, read from MSH-1 and MSH-2 (HL7 v2 chapter 2, section 2.5.4).
/// </summary>
/// <remarks>
/// A delimiter that MSH-2 does not declare is stored as the field separator. The field separator never occurs inside
/// a field, so an undeclared delimiter then never splits anything.
/// </remarks>
internal readonly struct Hl7Delimiters
{
    /// <summary>The delimiters of HL7 v2.7 and later, with the truncation character <c>#</c>.</summary>
    public static readonly Hl7Delimiters Default = new((byte)'|', (byte)'^', (byte)'~', (byte)'\\', (byte)'&', 0);

    public Hl7Delimiters(byte field, byte component, byte repetition, byte escape, byte subcomponent, byte truncation)
    {
        Field = field;
        Component = component;
        Repetition = repetition;
        Escape = escape;
        Subcomponent = subcomponent;
        Truncation = truncation;
    }

    public byte Field { get; }

    public byte Component { get; }

    public byte Repetition { get; }

    public byte Escape { get; }

    public byte Subcomponent { get; }

    /// <summary>The truncation character of HL7 v2.7 (MSH-2 position 5), or 0 when MSH-2 has four characters.</summary>
    public byte Truncation { get; }

    /// <summary>Gets whether MSH-2 declared an escape character.</summary>
    public bool HasEscape => Escape != Field;

    /// <summary>Gets MSH-2 as written: the component, repetition, escape, subcomponent and truncation characters.</summary>
    public string EncodingCharacters
    {
        get
        {
            Span<char> characters = stackalloc char[5];
            var count = 0;
            foreach (var delimiter in new[] { Component, Repetition, Escape, Subcomponent })
            {
                if (delimiter == Field)
                {
                    break;
                }

                characters[count++] = (char)delimiter;
            }

            if (Truncation != 0 && count == 4)
            {
                characters[count++] = (char)Truncation;
            }

            return new string(characters[..count]);
        }
    }

    /// <summary>Returns the same delimiters with the truncation character of v2.7 added or removed.</summary>
    public Hl7Delimiters WithTruncation(byte truncation) =>
        new(Field, Component, Repetition, Escape, Subcomponent, truncation);
}
