using System.Buffers;

namespace RadAssist.Dicom;

/// <summary>A growable output buffer rented from the shared array pool; the caller copies out the result once.</summary>
internal sealed class PooledByteBuffer : IDisposable
{
    private byte[] _buffer;

    public PooledByteBuffer(int initialCapacity)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(initialCapacity, 256));
    }

    public int Length { get; private set; }

    public Span<byte> GetSpan(int size)
    {
        if (Length + size > _buffer.Length)
        {
            Grow(size);
        }

        return _buffer.AsSpan(Length, size);
    }

    public void Advance(int count) => Length += count;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(GetSpan(bytes.Length));
        Length += bytes.Length;
    }

    public Span<byte> WrittenSpan(int offset, int count) => _buffer.AsSpan(offset, count);

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, Length);

    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Grow(int size)
    {
        var required = (long)Length + size;
        if (required > Array.MaxLength)
        {
            throw new InvalidOperationException($"The output would exceed {Array.MaxLength} bytes.");
        }

        var next = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(required, (long)_buffer.Length * 2)));
        _buffer.AsSpan(0, Length).CopyTo(next);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = next;
    }
}
