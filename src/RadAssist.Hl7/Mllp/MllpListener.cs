using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace RadAssist.Hl7;

/// <summary>
/// Handles one received message and returns the acknowledgment to send, or <see langword="null"/> to close the
/// connection without one so that the sender sends the message again.
/// </summary>
internal delegate ValueTask<byte[]?> MllpMessageHandler(long connectionId, byte[] message, CancellationToken cancellationToken);

/// <summary>
/// Accepts MLLP connections and hands every framed message to a handler, one message at a time per connection,
/// sending the acknowledgment the handler returns.
/// </summary>
/// <remarks>
/// Each connection reads through a <see cref="PipeReader"/> with zero-byte reads, so an idle connection keeps no
/// read buffer. Framing tolerates frames split across reads, several frames in one read and bytes outside frames.
/// </remarks>
internal sealed class MllpListener : IAsyncDisposable
{
    private readonly MllpListenerOptions _options;
    private readonly MllpMessageHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _aborting = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private long _nextConnectionId;
    private int _stopped;

    public MllpListener(MllpListenerOptions options, MllpMessageHandler handler, ILogger logger, TimeProvider timeProvider)
    {
        options.Validate();
        _options = options;
        _handler = handler;
        _logger = logger;
        _timeProvider = timeProvider;
    }

    public IPEndPoint LocalEndPoint =>
        (IPEndPoint?)_listener?.LocalEndpoint ?? throw new InvalidOperationException("The MLLP listener is not started.");

    /// <summary>Gets the number of open connections.</summary>
    public int ConnectionCount => _connections.Count;

    public void Start()
    {
        if (_listener is not null)
        {
            throw new InvalidOperationException("The MLLP listener is already started.");
        }

        var listener = new TcpListener(_options.BindAddress, _options.Port);
        listener.Start(backlog: 512);
        _listener = listener;
        Log.ListenerStarted(_logger, listener.LocalEndpoint);
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>
    /// Stops accepting, lets messages being processed finish within the shutdown timeout, then closes every
    /// connection. A message not acknowledged by then is sent again by its sender.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0 || _listener is null)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(false);
        }

        try
        {
            await Task.WhenAll(_connections.Values).WaitAsync(_options.ShutdownTimeout, _timeProvider, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Messages still being processed are dropped unacknowledged; their senders resend them.
        }
        finally
        {
            await _aborting.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        Log.ListenerStopped(_logger, _listener.LocalEndpoint);
    }

    /// <summary>Closes every connection at once without acknowledging messages being processed, as a crash would.</summary>
    public async Task AbortAsync()
    {
        await _aborting.CancelAsync().ConfigureAwait(false);
        await StopAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _aborting.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        var listener = _listener!;
        try
        {
            while (!_stopping.IsCancellationRequested)
            {
                Socket socket;
                try
                {
                    socket = await listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (SocketException) when (_stopping.IsCancellationRequested)
                {
                    break;
                }
                catch (SocketException exception)
                {
                    // A connection reset between SYN and accept; the listener itself is fine.
                    Log.ConnectionFailed(_logger, 0, exception);
                    continue;
                }

                if (_connections.Count >= _options.MaxConnections)
                {
                    Log.ConnectionLimitReached(_logger, socket.RemoteEndPoint, _options.MaxConnections);
                    socket.Dispose();
                    continue;
                }

                var connectionId = Interlocked.Increment(ref _nextConnectionId);
                socket.NoDelay = true;
                var task = Task.Run(() => RunConnectionAsync(connectionId, socket));
                _connections[connectionId] = task;
                _ = task.ContinueWith(
                    (_, state) => _connections.TryRemove((long)state!, out Task? _),
                    connectionId,
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.AcceptLoopFailed(_logger, listener.LocalEndpoint, exception);
        }
    }

    private async Task RunConnectionAsync(long connectionId, Socket socket)
    {
        Log.ConnectionOpened(_logger, connectionId, socket.RemoteEndPoint);
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token, _aborting.Token);

        // Closing the stream on abort ends pending reads and writes at once.
        await using var abortRegistration = _aborting.Token.Register(static state => ((Stream)state!).Dispose(), stream)
            .ConfigureAwait(false);
        PipeReader? reader = null;
        try
        {
            if (_options.ServerCertificate is not null)
            {
                stream = await AuthenticateAsync(stream).ConfigureAwait(false);
            }

            reader = PipeReader.Create(
                stream,
                new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
            await ServeAsync(connectionId, stream, reader, idle).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested || _aborting.IsCancellationRequested)
        {
            // The listener is stopping; the connection closes without acknowledging what is in flight.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // One failing connection (I/O error, failed TLS handshake, a handler fault) must not affect the others.
            Log.ConnectionFailed(_logger, connectionId, exception);
        }
        finally
        {
            if (reader is not null)
            {
                await reader.CompleteAsync().ConfigureAwait(false);
            }

            await stream.DisposeAsync().ConfigureAwait(false);
            Log.ConnectionClosed(_logger, connectionId);
        }
    }

    private async Task<Stream> AuthenticateAsync(Stream stream)
    {
        var tls = new SslStream(stream, leaveInnerStreamOpen: false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(_options.HandshakeTimeout);
        try
        {
            await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions { ServerCertificate = _options.ServerCertificate },
                    timeout.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException exception) when (!_stopping.IsCancellationRequested)
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"The TLS handshake timed out after {_options.HandshakeTimeout}.", exception);
        }
        catch
        {
            await tls.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return tls;
    }

    private async Task ServeAsync(long connectionId, Stream stream, PipeReader reader, CancellationTokenSource idle)
    {
        while (true)
        {
            idle.CancelAfter(_options.IdleTimeout);
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!_stopping.IsCancellationRequested && !_aborting.IsCancellationRequested)
            {
                Log.IdleTimeout(_logger, connectionId, _options.IdleTimeout);
                return;
            }

            if (!idle.TryReset())
            {
                return;
            }

            var buffer = result.Buffer;
            while (true)
            {
                var status = MllpFraming.TryReadFrame(ref buffer, _options.MaxMessageSize, out var frame, out var skipped);
                if (skipped > 0)
                {
                    Log.BytesSkipped(_logger, connectionId, skipped);
                }

                if (status == MllpFrameStatus.Incomplete)
                {
                    break;
                }

                if (status == MllpFrameStatus.TooLarge)
                {
                    Log.FrameTooLarge(_logger, connectionId, _options.MaxMessageSize);
                    await SendAsync(stream, BuildTooLargeNak(buffer), _aborting.Token).ConfigureAwait(false);
                    return;
                }

                var acknowledgment = await _handler(connectionId, frame.ToArray(), _aborting.Token).ConfigureAwait(false);
                if (acknowledgment is null)
                {
                    return;
                }

                await SendAsync(stream, acknowledgment, _aborting.Token).ConfigureAwait(false);
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                if (!buffer.IsEmpty)
                {
                    Log.PartialFrameDropped(_logger, connectionId, buffer.Length);
                }

                return;
            }
        }
    }

    private byte[] BuildTooLargeNak(ReadOnlySequence<byte> partialFrame)
    {
        var head = partialFrame.Slice(1, Math.Min(1024, partialFrame.Length - 1)).ToArray();
        return Hl7Acknowledgment.BuildForUnparsed(
            head,
            Hl7AckCode.Reject,
            MllpControlIds.Next(_timeProvider),
            _timeProvider.GetUtcNow(),
            new Hl7AckError(
                Hl7ErrorConditions.ApplicationInternalError,
                $"The message is longer than the maximum of {_options.MaxMessageSize} bytes the receiver accepts."));
    }

    private static async Task SendAsync(Stream stream, byte[] acknowledgment, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(MllpFraming.Frame(acknowledgment), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Generates message control ids for acknowledgments: unique per process and at most 20 characters.</summary>
internal static class MllpControlIds
{
    private static long s_counter;

    public static string Next(TimeProvider timeProvider)
    {
        var counter = Interlocked.Increment(ref s_counter) % 1_000_000;
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"A{timeProvider.GetUtcNow():yyMMddHHmmss}{counter:D6}");
    }
}
