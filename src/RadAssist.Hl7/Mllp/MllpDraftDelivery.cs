namespace RadAssist.Hl7;

/// <summary>Delivers rendered ORU drafts to an MLLP peer and confirms each with its acknowledgment.</summary>
internal sealed class MllpDraftDelivery : IDraftDelivery, IAsyncDisposable
{
    private readonly MllpClient _client;
    private readonly MllpClientOptions _options;

    public MllpDraftDelivery(MllpClient client, MllpClientOptions options)
    {
        _client = client;
        _options = options;
    }

    public string Name => "mllp";

    public string Format => "hl7";

    public async ValueTask<DeliveryResult> DeliverAsync(
        RenderedDraft rendered,
        DraftReport draft,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rendered);

        Hl7Message acknowledgment;
        try
        {
            acknowledgment = await _client.SendAsync(rendered.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is IOException or TimeoutException or System.Net.Sockets.SocketException)
        {
            throw new DeliveryException(
                $"Delivery of draft {draft.DraftId} to MLLP peer {_options.Host}:{_options.Port} failed: {exception.Message}",
                exception) { IsTransient = true };
        }

        var code = acknowledgment.GetValue("MSA-1");
        var controlId = acknowledgment.GetValue("MSA-2");
        if (code is "AA" or "CA")
        {
            return new DeliveryResult(Name, $"mllp://{_options.Host}:{_options.Port}/{controlId}");
        }

        var reason = acknowledgment.GetValue("ERR-8");
        reason = reason.Length > 0 ? reason : acknowledgment.GetValue("MSA-3");
        throw new DeliveryException(
            $"MLLP peer {_options.Host}:{_options.Port} answered draft {draft.DraftId} (message {controlId}) with {code}: " +
            $"{(reason.Length > 0 ? reason : "no reason given")}.");
    }

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
