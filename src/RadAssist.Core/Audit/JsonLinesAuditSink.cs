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
/// <para>
/// The sink is safe for concurrent use, also by several processes on one machine: each append holds an exclusive
/// lock on <c>audit.jsonl.lock</c> and rereads the end of the log. Before its first append a process verifies the
/// whole chain and refuses to append to a broken one.
/// </para>
/// </remarks>
public sealed class JsonLinesAuditSink : IAuditSink, IAsyncDisposable, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _path;
    private FileStream? _stream;
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);

    private long _lastSequence;
    private long _knownLength = -1;
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
            // Another process may append to the same file, so each append takes the file lock and rereads the tail.
            using var fileLock = await AcquireFileLockAsync(cancellationToken).ConfigureAwait(false);
            var stream = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await RefreshTailAsync(stream, cancellationToken).ConfigureAwait(false);
            var record = AuditRecord.Create(auditEvent, _lastSequence + 1, _lastHash);
            var line = Encoding.UTF8.GetBytes(record.ToJson() + "\n");

            // The record counts as stored only once it is on the device, so no acknowledged record is lost in a crash.
            stream.Seek(0, SeekOrigin.End);
            await stream.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            WriteHead(_path, record.Sequence, record.Hash);
            _lastSequence = record.Sequence;
            _lastHash = record.Hash;
            _knownLength = stream.Length;
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
        var temporary = $"{headPath}.{Environment.ProcessId}.tmp";
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

        var stream = new FileStream(_path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite, 4096, useAsync: true);
        try
        {
            var complete = await FindCompleteLengthAsync(stream, cancellationToken).ConfigureAwait(false);
            if (complete < stream.Length)
            {
                // A torn last line from a crash mid-append: it was never acknowledged.
                stream.SetLength(complete);
            }

            // The whole chain is checked once per process before the first append, so nothing is appended to a log
            // that was already edited, cut or reordered.
            var verification = await VerifyFileAsync(_path, cancellationToken).ConfigureAwait(false);
            if (!verification.IsValid)
            {
                throw new InvalidDataException(
                    $"Audit file '{_path}' is broken at {verification.FirstBadLocation}: {verification.Reason}. " +
                    "Appending is refused; keep the file as evidence and start a new audit file.");
            }
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        _stream = stream;
        _knownLength = -1;
        return stream;
    }

    // Brings the sequence number and hash up to date with what other processes appended since this one last wrote.
    private async ValueTask RefreshTailAsync(FileStream stream, CancellationToken cancellationToken)
    {
        if (stream.Length == _knownLength)
        {
            return;
        }

        var complete = await FindCompleteLengthAsync(stream, cancellationToken).ConfigureAwait(false);
        if (complete < stream.Length)
        {
            // A torn last line from a crash mid-append: it was never acknowledged.
            stream.SetLength(complete);
        }

        _lastSequence = 0;
        _lastHash = AuditRecord.GenesisHash;
        if (complete > 0)
        {
            var last = await ReadLastLineAsync(stream, complete, cancellationToken).ConfigureAwait(false);
            AuditRecord record;
            try
            {
                record = AuditRecord.Parse(last);
            }
            catch (FormatException ex)
            {
                throw new InvalidDataException($"Audit file '{_path}' cannot be continued: its last line is invalid: {ex.Message}", ex);
            }

            var head = ReadHead(_path);
            if (head is { } known && known.Sequence > record.Sequence)
            {
                throw new InvalidDataException(
                    $"Audit file '{_path}' ends at record {record.Sequence} but its head file records {known.Sequence}: " +
                    "records are missing; run a verification before appending.");
            }

            _lastSequence = record.Sequence;
            _lastHash = record.Hash;

            // The last line may be one append ahead of the head after a crash; that append was written in full.
            if (head?.Sequence != record.Sequence)
            {
                WriteHead(_path, record.Sequence, record.Hash);
            }
        }

        _knownLength = stream.Length;
    }

    private static async ValueTask<string> ReadLastLineAsync(FileStream stream, long completeLength, CancellationToken cancellationToken)
    {
        // Records are small; the last one is found by scanning back from the final newline.
        var window = (int)Math.Min(completeLength, 1024 * 1024);
        var buffer = new byte[window];
        stream.Seek(completeLength - window, SeekOrigin.Begin);
        await stream.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        var end = window - 1;
        var start = buffer.AsSpan(0, end).LastIndexOf((byte)'\n') + 1;
        return Encoding.UTF8.GetString(buffer, start, end - start);
    }

    private async ValueTask<FileStream> AcquireFileLockAsync(CancellationToken cancellationToken)
    {
        var lockPath = _path + ".lock";
        var deadline = DateTime.UtcNow + LockTimeout;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive lock that other processes see (flock on Unix).
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(5, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new TimeoutException(
                    $"Audit file '{_path}' stayed locked by another writer for {LockTimeout.TotalSeconds:F0} s.", ex);
            }
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
