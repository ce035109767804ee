using System.Collections.Concurrent;

namespace RadAssist.Audit;

/// <summary>
/// Collects concurrent appends and writes them in batches, one batch at a time, so that many callers share one
/// durable commit while each call returns only after the commit that contains its event.
/// </summary>
/// <remarks>
/// There is no background writer: the first caller that gets the write lock writes every queued event (up to the
/// batch size) and completes the other callers' tasks. This file is compiled into each durable sink package.
/// </remarks>
internal sealed class GroupCommitQueue : IDisposable
{
    private readonly ConcurrentQueue<PendingAppend> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Func<IReadOnlyList<AuditEvent>, Task<IReadOnlyList<AuditRecord>>> _writeBatch;
    private readonly int _maxBatchSize;

    /// <summary>Creates a queue.</summary>
    /// <param name="writeBatch">
    /// Stores events as the next records of the chain in one transaction and returns them in order, or throws and
    /// stores none of them.
    /// </param>
    /// <param name="maxBatchSize">Maximum events per transaction.</param>
    public GroupCommitQueue(
        Func<IReadOnlyList<AuditEvent>, Task<IReadOnlyList<AuditRecord>>> writeBatch,
        int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _writeBatch = writeBatch;
        _maxBatchSize = maxBatchSize;
    }

    /// <summary>Queues an event and returns once the transaction that stored it has committed.</summary>
    public async ValueTask<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();

        var pending = new PendingAppend(auditEvent, cancellationToken);
        _pending.Enqueue(pending);

        while (!pending.Completion.Task.IsCompleted)
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!pending.Completion.Task.IsCompleted)
                {
                    await WriteNextBatchAsync().ConfigureAwait(false);
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }

        return await pending.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>Runs an action while no batch is being written, such as a read that must see a quiet store.</summary>
    public async Task<T> RunExclusiveAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Dispose() => _writeLock.Dispose();

    private async Task WriteNextBatchAsync()
    {
        var batch = new List<PendingAppend>();
        while (batch.Count < _maxBatchSize && _pending.TryDequeue(out var item))
        {
            // An append cancelled before its batch started is dropped; once written it is kept and reported.
            if (item.CancellationToken.IsCancellationRequested)
            {
                item.Completion.TrySetCanceled(item.CancellationToken);
                continue;
            }

            batch.Add(item);
        }

        if (batch.Count == 0)
        {
            return;
        }

        IReadOnlyList<AuditRecord> records;
        try
        {
            records = await _writeBatch(batch.ConvertAll(item => item.Event)).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            foreach (var item in batch)
            {
                item.Completion.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Completion.TrySetResult(records[i]);
        }
    }

    private sealed class PendingAppend(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        public AuditEvent Event { get; } = auditEvent;

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public TaskCompletionSource<AuditRecord> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
