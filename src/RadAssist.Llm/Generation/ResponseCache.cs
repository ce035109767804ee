using System.Collections.Concurrent;

namespace RadAssist.Llm.Generation;

/// <summary>
/// Valid model answers keyed by the SHA-256 of the de-identified request, oldest evicted first. It holds
/// de-identified text only.
/// </summary>
internal sealed class ResponseCache
{
    private readonly int _capacity;
    private readonly ConcurrentDictionary<string, CachedAnswer> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    public ResponseCache(int capacity)
    {
        _capacity = capacity;
    }

    public bool TryGet(string key, out CachedAnswer answer) => _entries.TryGetValue(key, out answer!);

    public void Add(string key, CachedAnswer answer)
    {
        if (_capacity == 0 || !_entries.TryAdd(key, answer))
        {
            return;
        }

        _order.Enqueue(key);
        while (_entries.Count > _capacity && _order.TryDequeue(out var oldest))
        {
            _entries.TryRemove(oldest, out _);
        }
    }
}

/// <summary>A cached model answer with the model version that wrote it.</summary>
internal sealed record CachedAnswer(string Text, string? ModelVersion);
