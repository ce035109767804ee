using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RadAssist.Hl7;

/// <summary>
/// Sends HL7 v2 messages over MLLP and waits for each acknowledgment, reconnecting and sending again when the
/// connection fails or no acknowledgment arrives in time.
/// </summary>
/// <remarks>
/// The client keeps one connection open and sends one message at a time on it, as original-mode acknowledgment
/// requires. It reads until a complete frame (0x0B ... 0x1C 0x0D) has arrived, however many reads that takes, and
/// skips acknowledgments whose MSA-2 names another message. Safe for concurrent use: sends are serialized.
/// </remarks>
public sealed class MllpClient : IAsyncDisposable
{
    private readonly MllpClientOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Stream? _stream;
    private PipeReader? _reader;

    /// <summary>Creates a client; it connects on the first send.</summary>
    /// <param name="options">Client options.</param>
    /// <param name="logger">Logger; none by default.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public MllpClient(MllpClientOptions options, ILogger<MllpClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Sends a message and returns its acknowledgment, positive or negative.</summary>
    /// <param name="message">The ER7 message; its MSH-10 is matched against MSA-2 of the acknowledgment.</param>
    /// <param name="cancellationToken">Cancels sending and waiting.</param>
    /// <returns>The parsed acknowledgment; check MSA-1 for AA, AE or AR.</returns>
    /// <exception cref="Hl7ParseException">The message is not valid HL7.</exception>
    /// <exception cref="TimeoutException">No acknowledgment arrived after every retry.</exception>
    /// <exception cref="IOException">The connection failed on every retry.</exception>
    public async Task<Hl7Message> SendAsync(ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default)
    {
        var controlId = Hl7Message.Parse(message).ControlId;
        var frame = MllpFraming.Frame(message.Span);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await SendOnceAsync(frame, controlId, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception exception) when (attempt <= _options.MaxRetryAttempts && IsRetryable(exception, cancellationToken))
                {
                    await CloseConnectionAsync().ConfigureAwait(false);
                    Log.SendRetry(_logger, controlId, _options.Host, _options.Port, attempt, _options.RetryDelay, exception);
                    await Task.Delay(_options.RetryDelay, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    await CloseConnectionAsync().ConfigureAwait(false);
                    throw;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseConnectionAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private static bool IsRetryable(Exception exception, CancellationToken cancellationToken) =>
        exception is IOException or SocketException or TimeoutException or ObjectDisposedException ||
        (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    private async Task<Hl7Message> SendOnceAsync(byte[] frame, string controlId, CancellationToken cancellationToken)
    {
        var (stream, reader) = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.AcknowledgmentTimeout);
        try
        {
            await stream.WriteAsync(frame, timeout.Token).ConfigureAwait(false);
            await stream.FlushAsync(timeout.Token).ConfigureAwait(false);
            while (true)
            {
                var acknowledgment = await ReadFrameAsync(reader, timeout.Token).ConfigureAwait(false);
                var parsed = Hl7Message.Parse(acknowledgment);
                var acknowledged = parsed.GetValue("MSA-2");
                if (acknowledged == controlId)
                {
                    return parsed;
                }

                Log.UnexpectedAcknowledgment(_logger, acknowledged, controlId);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"No acknowledgment for message {controlId} from {_options.Host}:{_options.Port} within " +
                $"{_options.AcknowledgmentTimeout.TotalSeconds} s.");
        }
    }

    private async Task<byte[]> ReadFrameAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var status = MllpFraming.TryReadFrame(ref buffer, _options.MaxMessageSize, out var frame, out _);
            if (status == MllpFrameStatus.Frame)
            {
                var bytes = frame.ToArray();
                reader.AdvanceTo(buffer.Start);
                return bytes;
            }

            if (status == MllpFrameStatus.TooLarge)
            {
                throw new IOException(
                    $"The acknowledgment from {_options.Host}:{_options.Port} is longer than {_options.MaxMessageSize} bytes.");
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                throw new IOException(
                    $"{_options.Host}:{_options.Port} closed the connection before sending a complete acknowledgment.");
            }
        }
    }

    private async Task<(Stream Stream, PipeReader Reader)> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_stream is not null && _reader is not null)
        {
            return (_stream, _reader);
        }

        var client = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.ConnectTimeout);
            try
            {
                await client.ConnectAsync(_options.Host, _options.Port, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Connecting to {_options.Host}:{_options.Port} timed out after {_options.ConnectTimeout.TotalSeconds} s.");
            }

            Stream stream = client.GetStream();
            if (_options.UseTls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, _options.RemoteCertificateValidation);
                await tls.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions { TargetHost = _options.TlsTargetHost ?? _options.Host },
                        timeout.Token)
                    .ConfigureAwait(false);
                stream = tls;
            }

            _stream = stream;
            _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
            Log.ClientConnected(_logger, _options.Host, _options.Port);
            return (_stream, _reader);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private async Task CloseConnectionAsync()
    {
        if (_reader is not null)
        {
            await _reader.CompleteAsync().ConfigureAwait(false);
            _reader = null;
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
            _stream = null;
        }
    }
}
