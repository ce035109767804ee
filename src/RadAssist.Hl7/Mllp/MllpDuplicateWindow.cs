namespace RadAssist.Hl7;

/// <summary>The acknowledgment code and error sent for a message the host accepted or rejected.</summary>
internal sealed record MllpOutcome(Hl7AckCode Code, Hl7AckError? Error);

/// <summary>
/// Remembers the outcome of the most recent messages by sending application, sending facility and control id
/// (MSH-3, MSH-4, MSH-10), so that a message sent again after a lost acknowledgment gets the same acknowledgment
/// code without reaching the host twice.
/// </summary>
/// <remarks>
/// A copy that arrives while the first is still being processed waits for its outcome. When the first ends without
/// an acknowledgment (timeout, shutdown), its claim is dropped and the next copy is processed. The window keeps the
/// last <c>capacity</c> claims; older ones are forgotten, first in, first out.
/// </remarks>
internal sealed class MllpDuplicateWindow
{
    private readonly int _capacity;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Claim> _entries = new(StringComparer.Ordinal);
    private readonly Queue<Claim> _order = new();

    public MllpDuplicateWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Gets the number of remembered messages.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Returns the key of a message: raw MSH-3, MSH-4 and MSH-10 joined with the field separator.</summary>
    public static string KeyOf(Hl7Message message)
    {
        var separator = (char)message.Delimiters.Field;
        return string.Concat(
            message.GetField(0, 3).RawValue,
            new string(separator, 1),
            message.GetField(0, 4).RawValue,
            new string(separator, 1),
            message.GetField(0, 10).RawValue);
    }

    /// <summary>
    /// Claims a key for processing. Returns <see langword="true"/> when the caller now owns it and must call
    /// <see cref="Complete"/>; otherwise <paramref name="earlier"/> is the outcome of the earlier copy, which is
    /// <see langword="null"/> when that copy was not acknowledged.
    /// </summary>
    public bool TryClaim(
        string key,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Claim? claim,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out Task<MllpOutcome?>? earlier)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                claim = null;
                earlier = existing.Outcome.Task;
                return false;
            }

            claim = new Claim(key);
            _entries[key] = claim;
            _order.Enqueue(claim);
            while (_order.Count > _capacity)
            {
                var oldest = _order.Dequeue();
                if (_entries.TryGetValue(oldest.Key, out var current) && ReferenceEquals(current, oldest))
                {
                    _entries.Remove(oldest.Key);
                }
            }

            earlier = null;
            return true;
        }
    }

    /// <summary>
    /// Records the outcome of a claimed key, or removes the claim when the message was not acknowledged, so that the
    /// sender's next copy is processed.
    /// </summary>
    public void Complete(Claim claim, MllpOutcome? outcome)
    {
        if (outcome is null)
        {
            lock (_lock)
            {
                if (_entries.TryGetValue(claim.Key, out var current) && ReferenceEquals(current, claim))
                {
                    _entries.Remove(claim.Key);
                }
            }
        }

        claim.Outcome.TrySetResult(outcome);
    }

    /// <summary>One message being processed or processed already.</summary>
    public sealed class Claim(string key)
    {
        public string Key { get; } = key;

        public TaskCompletionSource<MllpOutcome?> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
