using System.Runtime.CompilerServices;
using System.Text;

namespace RadAssist;

/// <summary>Audit sink that appends one JSON object per line to a file, each line chained to the one before.</summary>
/// <remarks>
/// <para>
/// An append returns only after the line is flushed to the storage device. A line cut short by a crash was never
/// acknowledged; opening the sink removes it so the chain continues from the last complete record.
/// </para>
/// <para>
/// A chain alone cannot show that records were cut from its end, so the sink also keeps the sequence number and hash
/// of the last acknowledged record in a head file beside the log (<c>audit.jsonl.head</c>), replaced atomically after
/// each append. Verification compares the log's last record with it.
/// </para>
/// <para>The sink is safe for concurrent use within one process; two processes must not share one file.</para>
/// </remarks>
public sealed class JsonLinesAuditSink : IAuditSink, IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _path;
    private FileStream? _stream;
    private long _lastSequence;
    private string _lastHash = AuditRecord.GenesisHash;

    /// <summary>Opens or creates the audit file; the folder must exist.</summary>
    /// <param name="path">Path of the <c>.jsonl</c> file.</param>
    public JsonLinesAuditSink(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        _path = Path.GetFullPath(path);
    }

    /// <summary>Path of the audit file.</summary>
    public string FilePath => _path;

    /// <inheritdoc />
    public async ValueTask<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stream = await OpenAsync(cancellationToken).ConfigureAwait(false);
            var record = AuditRecord.Create(auditEvent, _lastSequence + 1, _lastHash);
            var line = Encoding.UTF8.GetBytes(record.ToJson() + "\n");

            // The record counts as stored only once it is on the device, so no acknowledged record is lost in a crash.
            await stream.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            WriteHead(_path, record.Sequence, record.Hash);
            _lastSequence = record.Sequence;
            _lastHash = record.Hash;
            return record;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AuditRecord> QueryAsync(
        AuditQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);

        foreach (var (location, record, error) in await ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (record is null)
            {
                throw new FormatException($"Audit file '{_path}' {location}: {error}");
            }

            if (Matches(record, query))
            {
                yield return record;
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        VerifyWithHead(_path, await ReadAllAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Verifies an audit file and its head file without opening them for appends.</summary>
    /// <param name="path">Path of the <c>.jsonl</c> file.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public static async ValueTask<AuditVerification> VerifyFileAsync(string path, CancellationToken cancellationToken = default) =>
        VerifyWithHead(path, await ReadFileAsync(path, cancellationToken).ConfigureAwait(false));

    private static AuditVerification VerifyWithHead(string path, List<(string Location, AuditRecord? Record, string? Error)> records)
    {
        var chain = AuditChainVerifier.Verify(records);
        if (!chain.IsValid)
        {
            return chain;
        }

        var count = chain.RecordCount;
        var head = ReadHead(path);
        if (head is null)
        {
            // Only the very first append can crash between writing its line and writing the head.
            return count <= 1
                ? chain
                : new AuditVerification(false, count, count + 1, "head file", $"head file '{HeadPath(path)}' is missing or unreadable");
        }

        var (headSequence, headHash) = head.Value;
        if (headSequence > count)
        {
            return new AuditVerification(
                false,
                count,
                count + 1,
                $"line {count + 1}",
                $"records {count + 1} to {headSequence} are missing: the head file records {headSequence} records");
        }

        // The last line may be one append ahead of the head when the process stopped before acknowledging it.
        var headRecord = headSequence == 0 ? null : records[(int)headSequence - 1].Record;
        var headMatches = headSequence == 0 || string.Equals(headRecord?.Hash, headHash, StringComparison.Ordinal);
        if (!headMatches || count > headSequence + 1)
        {
            return new AuditVerification(
                false,
                count,
                headSequence + 1,
                $"line {headSequence + 1}",
                "the records do not end where the head file says: records were replaced or appended outside the sink");
        }

        return chain;
    }

    private static string HeadPath(string path) => path + ".head";

    private static (long Sequence, string Hash)? ReadHead(string path)
    {
        var headPath = HeadPath(path);
        if (!File.Exists(headPath))
        {
            return null;
        }

        var parts = File.ReadAllText(headPath, Encoding.ASCII).Trim().Split(' ');
        return parts.Length == 2 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            ? (sequence, parts[1])
            : null;
    }

    // Replaces the head file atomically: write a temporary file, flush it to the device, then rename over the old one.
    private static void WriteHead(string path, long sequence, string hash)
    {
        var headPath = HeadPath(path);
        var temporary = headPath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(Encoding.ASCII.GetBytes(
                string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{sequence} {hash}\n")));
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, headPath, overwrite: true);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_stream is not null)
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
                _stream = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _stream?.Dispose();
            _stream = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    internal static bool Matches(AuditRecord record, AuditQuery query) =>
        (query.CorrelationId is null || string.Equals(record.Event.CorrelationId, query.CorrelationId, StringComparison.Ordinal))
        && (query.StudyInstanceUid is null
            || string.Equals(record.Event.StudyInstanceUid, query.StudyInstanceUid, StringComparison.Ordinal))
        && (query.From is null || record.Event.Timestamp >= query.From)
        && (query.To is null || record.Event.Timestamp < query.To);

    private async ValueTask<FileStream> OpenAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null)
        {
            return _stream;
        }

        var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, useAsync: true);
        try
        {
            var complete = await FindCompleteLengthAsync(stream, cancellationToken).ConfigureAwait(false);
            if (complete < stream.Length)
            {
                // A torn last line from a crash mid-append: it was never acknowledged.
                stream.SetLength(complete);
            }

            stream.Seek(0, SeekOrigin.End);
            var records = await ReadFileAsync(_path, cancellationToken).ConfigureAwait(false);
            if (records.Count > 0)
            {
                var (location, last, error) = records[^1];
                if (last is null)
                {
                    throw new InvalidDataException($"Audit file '{_path}' {location} cannot be continued: {error}");
                }

                _lastSequence = last.Sequence;
                _lastHash = last.Hash;

                var head = ReadHead(_path);
                if (head is { } known && known.Sequence > last.Sequence)
                {
                    throw new InvalidDataException(
                        $"Audit file '{_path}' ends at record {last.Sequence} but its head file records {known.Sequence}: " +
                        "records are missing; run a verification before appending.");
                }

                // The last line may be one append ahead of the head after a crash; that append was written in full.
                if (head?.Sequence != last.Sequence)
                {
                    WriteHead(_path, last.Sequence, last.Hash);
                }
            }

            _stream = stream;
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async ValueTask<long> FindCompleteLengthAsync(FileStream stream, CancellationToken cancellationToken)
    {
        if (stream.Length == 0)
        {
            return 0;
        }

        // Scan back from the end for the last newline; records are small, so a few kilobytes usually suffice.
        var buffer = new byte[8192];
        var end = stream.Length;
        while (end > 0)
        {
            var start = Math.Max(0, end - buffer.Length);
            var count = (int)(end - start);
            stream.Seek(start, SeekOrigin.Begin);
            await stream.ReadExactlyAsync(buffer.AsMemory(0, count), cancellationToken).ConfigureAwait(false);
            var index = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
            if (index >= 0)
            {
                return start + index + 1;
            }

            end = start;
        }

        return 0;
    }

    private async ValueTask<List<(string, AuditRecord?, string?)>> ReadAllAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ReadFileAsync(_path, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async ValueTask<List<(string, AuditRecord?, string?)>> ReadFileAsync(
        string path,
        CancellationToken cancellationToken)
    {
        var result = new List<(string, AuditRecord?, string?)>();
        if (!File.Exists(path))
        {
            return result;
        }

        using var reader = new StreamReader(
            new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 4096, useAsync: true),
            Encoding.UTF8);
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            var location = $"line {lineNumber}";
            if (line.Length == 0)
            {
                result.Add((location, null, "empty line"));
                continue;
            }

            try
            {
                result.Add((location, AuditRecord.Parse(line), null));
            }
            catch (FormatException ex)
            {
                result.Add((location, null, ex.Message));
            }
        }

        return result;
    }
}
