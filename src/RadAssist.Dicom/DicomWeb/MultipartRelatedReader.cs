using System.Buffers;
using System.Text;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>One body part of a multipart/related message: its headers and its bytes.</summary>
internal sealed record MultipartPart(IReadOnlyDictionary<string, string> Headers, byte[] Content)
{
    public string? ContentType => Headers.GetValueOrDefault("Content-Type");
}

/// <summary>
/// Reads the parts of a multipart/related body (RFC 2046 5.1, RFC 2387) from a stream, one part at a time.
/// </summary>
/// <remarks>
/// A delimiter is CRLF, two hyphens and the boundary at the start of a line. The CRLF before it belongs to the
/// delimiter, not to the part. The preamble and the epilogue are ignored, part headers end at the first empty line,
/// and a part may have no headers. Only the current part is kept in memory, so the whole body is never buffered.
/// </remarks>
internal sealed class MultipartRelatedReader : IDisposable
{
    private const int ReadSize = 64 * 1024;
    private const int MaxHeaderBytes = 16 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _dashBoundary;
    private readonly byte[] _delimiter;
    private readonly int _maxPartBytes;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _endOfStream;
    private bool _started;
    private bool _finished;

    public MultipartRelatedReader(Stream stream, string boundary, int maxPartBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(boundary);

        _stream = stream;
        _dashBoundary = Encoding.ASCII.GetBytes("--" + boundary);
        _delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        _maxPartBytes = maxPartBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(ReadSize * 2);
    }

    /// <summary>Gets how many parts were returned so far.</summary>
    public int PartCount { get; private set; }

    /// <summary>
    /// Returns the boundary parameter of a multipart/related Content-Type value, with quotes removed. The media type
    /// and parameter names compare case-insensitively and parameters may come in any order.
    /// </summary>
    /// <remarks>
    /// Parses the raw header because servers send unquoted values such as <c>type=application/dicom</c>, which RFC 2045
    /// does not allow and <see cref="System.Net.Http.Headers.MediaTypeHeaderValue"/> rejects.
    /// </remarks>
    /// <exception cref="FormatException">The media type is not multipart/related or has no boundary.</exception>
    public static string BoundaryOf(string? contentType)
    {
        var parts = SplitParameters(contentType ?? string.Empty);
        if (parts.Count == 0 || !string.Equals(parts[0].Trim(), "multipart/related", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException(
                $"Content-Type '{contentType}' is not multipart/related (DICOM PS3.18 8.7.3.3).");
        }

        string? boundary = null;
        foreach (var parameter in parts.Skip(1))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && string.Equals(parameter[..equals].Trim(), "boundary", StringComparison.OrdinalIgnoreCase))
            {
                boundary = parameter[(equals + 1)..].Trim().Trim('"');
            }
        }

        if (string.IsNullOrEmpty(boundary) || boundary.Length > 70)
        {
            throw new FormatException(
                $"Content-Type '{contentType}' has no boundary parameter of 1 to 70 characters (RFC 2046 5.1.1).");
        }

        return boundary;
    }

    /// <summary>Splits a header value at semicolons that are outside quoted strings.</summary>
    private static List<string> SplitParameters(string value)
    {
        var parts = new List<string>();
        var builder = new StringBuilder();
        var quoted = false;
        foreach (var character in value)
        {
            if (character == '"')
            {
                quoted = !quoted;
            }

            if (character == ';' && !quoted)
            {
                parts.Add(builder.ToString());
                builder.Clear();
                continue;
            }

            builder.Append(character);
        }

        if (builder.Length > 0 || parts.Count > 0)
        {
            parts.Add(builder.ToString());
        }

        return parts;
    }

    /// <summary>Reads the next part, or returns null after the closing delimiter.</summary>
    /// <exception cref="FormatException">The body has no delimiter, ends early or has a malformed part.</exception>
    public async ValueTask<MultipartPart?> ReadPartAsync(CancellationToken cancellationToken)
    {
        if (_finished)
        {
            return null;
        }

        if (!_started)
        {
            await SkipPreambleAsync(cancellationToken).ConfigureAwait(false);
            _started = true;
            if (await ReadAfterDelimiterAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }
        }

        var headers = await ReadHeadersAsync(cancellationToken).ConfigureAwait(false);
        var content = await ReadContentAsync(cancellationToken).ConfigureAwait(false);
        PartCount++;
        _finished = await ReadAfterDelimiterAsync(cancellationToken).ConfigureAwait(false);
        return new MultipartPart(headers, content);
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private int Available => _end - _start;

    private ReadOnlySpan<byte> Window => _buffer.AsSpan(_start, Available);

    private async ValueTask SkipPreambleAsync(CancellationToken cancellationToken)
    {
        // The first delimiter may open the body without a CRLF before it (RFC 2046 5.1.1).
        await FillAsync(_dashBoundary.Length, cancellationToken).ConfigureAwait(false);
        if (Window.StartsWith(_dashBoundary))
        {
            _start += _dashBoundary.Length;
            return;
        }

        while (true)
        {
            var index = Window.IndexOf(_delimiter);
            if (index >= 0)
            {
                _start += index + _delimiter.Length;
                return;
            }

            if (_endOfStream)
            {
                throw new FormatException("The multipart body contains no delimiter line with its boundary.");
            }

            // Keep the bytes that could be the start of a delimiter split across two reads.
            _start = Math.Max(_start, _end - (_delimiter.Length - 1));
            await FillAsync(Available + 1, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Consumes what follows a boundary and returns true for the closing delimiter.</summary>
    private async ValueTask<bool> ReadAfterDelimiterAsync(CancellationToken cancellationToken)
    {
        await FillAsync(2, cancellationToken).ConfigureAwait(false);
        if (Window.StartsWith("--"u8))
        {
            // The epilogue after the closing delimiter is ignored and not read.
            _start += 2;
            return true;
        }

        // Transport padding (spaces and tabs) may follow the boundary before the line break.
        while (true)
        {
            await FillAsync(1, cancellationToken).ConfigureAwait(false);
            if (Available == 0 || (Window[0] != (byte)' ' && Window[0] != (byte)'\t'))
            {
                break;
            }

            _start++;
        }

        await FillAsync(2, cancellationToken).ConfigureAwait(false);
        if (!Window.StartsWith("\r\n"u8))
        {
            throw new FormatException(Available == 0
                ? $"The multipart body ended after delimiter {PartCount + 1} without the closing delimiter."
                : $"The delimiter before part {PartCount + 1} is not followed by a line break (RFC 2046 5.1.1).");
        }

        _start += 2;
        return false;
    }

    private async ValueTask<Dictionary<string, string>> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var headerBytes = 0;
        while (true)
        {
            int lineEnd;
            while ((lineEnd = Window.IndexOf("\r\n"u8)) < 0)
            {
                if (_endOfStream || Available > MaxHeaderBytes)
                {
                    throw new FormatException($"The headers of part {PartCount + 1} end without an empty line.");
                }

                await FillAsync(Available + 1, cancellationToken).ConfigureAwait(false);
            }

            headerBytes += lineEnd + 2;
            if (headerBytes > MaxHeaderBytes)
            {
                throw new FormatException(
                    $"The headers of part {PartCount + 1} are longer than {MaxHeaderBytes} bytes without an empty line.");
            }

            var line = Encoding.Latin1.GetString(Window[..lineEnd]);
            _start += lineEnd + 2;
            if (line.Length == 0)
            {
                return headers;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"Header line {headers.Count + 1} of part {PartCount + 1} has no field name and colon.");
            }

            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
    }

    private async ValueTask<byte[]> ReadContentAsync(CancellationToken cancellationToken)
    {
        var content = new ArrayBufferWriter<byte>();
        var searchFrom = 0;
        while (true)
        {
            var index = Window[searchFrom..].IndexOf(_delimiter);
            if (index >= 0)
            {
                index += searchFrom;
                var after = index + _delimiter.Length;
                if (Available < after + 2 && !_endOfStream)
                {
                    await FillAsync(after + 2, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // "--b" followed by "x" is content when the boundary is "b": a delimiter ends the boundary (RFC 2046 5.1.1).
                if (IsDelimiterEnd(Window[after..]))
                {
                    Append(content, Window[..index]);
                    _start += after;
                    return content.WrittenSpan.ToArray();
                }

                searchFrom = index + 1;
                continue;
            }

            if (_endOfStream)
            {
                throw new FormatException(
                    $"The multipart body ended inside part {PartCount + 1}, after {content.WrittenCount + Available} bytes, without a delimiter.");
            }

            // Everything except a possible partial delimiter at the end belongs to the part.
            var safe = Math.Max(0, Available - (_delimiter.Length - 1));
            Append(content, Window[..safe]);
            _start += safe;
            searchFrom = Math.Max(0, searchFrom - safe);
            await FillAsync(Available + 1, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsDelimiterEnd(ReadOnlySpan<byte> next) =>
        next.IsEmpty || next.StartsWith("--"u8) || next.StartsWith("\r\n"u8) || next[0] == (byte)' ' || next[0] == (byte)'\t';

    private void Append(ArrayBufferWriter<byte> content, ReadOnlySpan<byte> bytes)
    {
        if (content.WrittenCount + bytes.Length > _maxPartBytes)
        {
            throw new FormatException($"Part {PartCount + 1} is larger than the limit of {_maxPartBytes} bytes.");
        }

        content.Write(bytes);
    }

    /// <summary>Reads until at least <paramref name="count"/> bytes are buffered or the stream ends.</summary>
    private async ValueTask FillAsync(int count, CancellationToken cancellationToken)
    {
        while (Available < count && !_endOfStream)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, Available);
                _end -= _start;
                _start = 0;
            }

            if (_buffer.Length - _end < ReadSize)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _end + ReadSize));
                Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            var read = await _stream.ReadAsync(_buffer.AsMemory(_end, ReadSize), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _endOfStream = true;
            }

            _end += read;
        }
    }
}
