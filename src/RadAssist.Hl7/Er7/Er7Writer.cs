using System.Buffers;
using System.Text;

namespace RadAssist.Hl7;

/// <summary>
/// Writes canonical ER7 messages: CR after every segment, every value escaped, trailing empty fields and components
/// left out.
/// </summary>
internal sealed class Er7Writer : IBufferWriter<byte>
{
    private readonly Hl7Delimiters _delimiters;
    private readonly Encoding _encoding;
    private byte[] _buffer;
    private int _length;

    // Length at the end of the last field that held a value, so trailing empty fields can be cut at the segment end.
    private int _contentEnd;
    private bool _inSegment;

    public Er7Writer(Hl7Delimiters delimiters, Encoding? encoding = null, int capacity = 1024)
    {
        _delimiters = delimiters;
        _encoding = encoding ?? Encoding.UTF8;
        _buffer = new byte[capacity];
    }

    public Hl7Delimiters Delimiters => _delimiters;

    public Encoding Encoding => _encoding;

    /// <summary>Starts the MSH segment: the name, MSH-1 and MSH-2. The next field written is MSH-3.</summary>
    public Er7Writer StartMsh()
    {
        EndSegment();
        WriteAscii("MSH");
        Append(_delimiters.Field);
        WriteAscii(_delimiters.EncodingCharacters);
        _contentEnd = _length;
        _inSegment = true;
        return this;
    }

    /// <summary>Starts a segment; the next field written is field 1.</summary>
    public Er7Writer StartSegment(string name)
    {
        EndSegment();
        WriteAscii(name);
        _contentEnd = _length;
        _inSegment = true;
        return this;
    }

    /// <summary>Writes a field holding escaped text, or an empty field for <see langword="null"/> or empty text.</summary>
    public Er7Writer Field(string? text)
    {
        Append(_delimiters.Field);
        WriteText(text, formattedText: false);
        return this;
    }

    /// <summary>Writes a formatted-text (FT) field, in which line breaks become <c>\.br\</c>.</summary>
    public Er7Writer FormattedTextField(string? text)
    {
        Append(_delimiters.Field);
        WriteText(text, formattedText: true);
        return this;
    }

    /// <summary>Writes a field as given, without escaping; the caller guarantees it is valid ER7.</summary>
    public Er7Writer RawField(ReadOnlySpan<byte> raw)
    {
        Append(_delimiters.Field);
        Append(raw);
        MarkContent(raw.Length);
        return this;
    }

    /// <summary>Writes a raw field taken from another message; the caller guarantees it uses the same delimiters.</summary>
    public Er7Writer RawField(Hl7Value value) => RawField(value.RawSpan);

    /// <summary>Writes the null value <c>""</c>, which tells the receiver to delete its stored value.</summary>
    public Er7Writer NullField() => RawField("\"\""u8);

    /// <summary>Writes empty fields.</summary>
    public Er7Writer EmptyFields(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Append(_delimiters.Field);
        }

        return this;
    }

    /// <summary>Writes a field of components, each escaped; trailing empty components are left out.</summary>
    public Er7Writer Components(params ReadOnlySpan<string?> components)
    {
        Append(_delimiters.Field);
        var last = components.Length - 1;
        while (last >= 0 && string.IsNullOrEmpty(components[last]))
        {
            last--;
        }

        for (var i = 0; i <= last; i++)
        {
            if (i > 0)
            {
                Append(_delimiters.Component);
            }

            WriteText(components[i], formattedText: false);
        }

        return this;
    }

    /// <summary>Ends the current segment with CR, leaving out trailing empty fields.</summary>
    public void EndSegment()
    {
        if (!_inSegment)
        {
            return;
        }

        _length = _contentEnd;
        Append((byte)'\r');
        _inSegment = false;
    }

    /// <summary>Ends the last segment and returns the message bytes.</summary>
    public byte[] ToArray()
    {
        EndSegment();
        return _buffer.AsSpan(0, _length).ToArray();
    }

    /// <inheritdoc/>
    public void Advance(int count) => _length += count;

    /// <inheritdoc/>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 16));
        return _buffer.AsMemory(_length);
    }

    /// <inheritdoc/>
    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(Math.Max(sizeHint, 16));
        return _buffer.AsSpan(_length);
    }

    private void WriteText(string? text, bool formattedText)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        var before = _length;
        Hl7Escaping.Encode(text, _delimiters, formattedText, _encoding, this);
        MarkContent(_length - before);
    }

    private void MarkContent(int written)
    {
        if (written > 0)
        {
            _contentEnd = _length;
        }
    }

    private void WriteAscii(string text)
    {
        Ensure(text.Length);
        foreach (var character in text)
        {
            _buffer[_length++] = (byte)character;
        }
    }

    private void Append(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void Append(ReadOnlySpan<byte> values)
    {
        Ensure(values.Length);
        values.CopyTo(_buffer.AsSpan(_length));
        _length += values.Length;
    }

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
    }
}
