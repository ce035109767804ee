namespace RadAssist.Dicom;

/// <summary>
/// The bytes a parser reads: a caller's memory, or a stream loaded on demand so that a header read that stops
/// before Pixel Data loads only the header.
/// </summary>
internal sealed class DicomByteSource
{
    private const int MinimumChunk = 64 * 1024;

    private readonly Stream? _stream;
    private byte[] _buffer = [];
    private ReadOnlyMemory<byte> _data;
    private bool _endOfStream;

    public DicomByteSource(ReadOnlyMemory<byte> data)
    {
        _data = data;
        _endOfStream = true;
        KnownLength = data.Length;
    }

    public DicomByteSource(Stream stream)
    {
        _stream = stream;
        KnownLength = stream.CanSeek ? stream.Length - stream.Position : -1;
    }

    /// <summary>Total number of bytes, or -1 while a non-seekable stream is not read to its end.</summary>
    public long KnownLength { get; private set; }

    /// <summary>Number of bytes loaded so far.</summary>
    public int Loaded => _data.Length;

    /// <summary>Returns whether <paramref name="count"/> bytes exist at <paramref name="offset"/>, loading them.</summary>
    public bool Has(long offset, long count)
    {
        var end = offset + count;
        if (end <= _data.Length)
        {
            return true;
        }

        if (_endOfStream || (KnownLength >= 0 && end > KnownLength) || end > Array.MaxLength)
        {
            return false;
        }

        LoadUntil((int)end);
        return end <= _data.Length;
    }

    /// <summary>Returns bytes already checked with <see cref="Has"/>.</summary>
    public ReadOnlySpan<byte> Span(long offset, int count) => _data.Span.Slice((int)offset, count);

    /// <summary>Returns all remaining bytes from an offset, loading the rest of a stream.</summary>
    public ReadOnlyMemory<byte> Rest(long offset)
    {
        if (!_endOfStream)
        {
            LoadUntil(Array.MaxLength);
        }

        return _data[(int)Math.Min(offset, _data.Length)..];
    }

    private void LoadUntil(int end)
    {
        // Grow in steps bounded by the data actually read, so a bogus 4 GB length never allocates 4 GB.
        while (_data.Length < end && !_endOfStream)
        {
            var count = _data.Length;
            if (_buffer.Length == count)
            {
                var size = (int)Math.Min(Array.MaxLength, Math.Max(MinimumChunk, Math.Min((long)count * 2, end + (long)MinimumChunk)));
                Array.Resize(ref _buffer, size);
            }

            var read = _stream!.Read(_buffer, count, _buffer.Length - count);
            if (read == 0)
            {
                _endOfStream = true;
                KnownLength = count;
            }

            _data = _buffer.AsMemory(0, count + read);
        }
    }
}
