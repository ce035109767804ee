using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace RadAssist.Fhir.Tests.Infrastructure;

/// <summary>
/// A FHIRcast hub on 127.0.0.1 that takes WebSocket subscriptions, lets a test send events and read responses,
/// and records published events. It is a stand-in, because no FHIRcast hub installs on the test machine.
/// </summary>
internal sealed class LoopbackFhirCastHub : IAsyncDisposable
{
    private readonly Channel<HubConnection> _connections = Channel.CreateUnbounded<HubConnection>();
    private LoopbackHttpServer _server = null!;
    private int _connectionCount;

    /// <summary>Subscription and unsubscription forms received, in order.</summary>
    public ConcurrentQueue<Dictionary<string, string>> SubscriptionRequests { get; } = new();

    /// <summary>Published event bodies received, in order.</summary>
    public ConcurrentQueue<JsonDocument> Published { get; } = new();

    /// <summary>HTTP statuses for the responses to the next subscription requests; 202 when empty.</summary>
    public ConcurrentQueue<int> SubscriptionStatuses { get; } = new();

    /// <summary>HTTP statuses for the responses to the next published events; 202 when empty.</summary>
    public ConcurrentQueue<int> PublishStatuses { get; } = new();

    /// <summary>The body of GET {hub}/{topic}.</summary>
    public string CurrentContext { get; set; } = "{}";

    public int CurrentContextRequests;

    public Uri HubUrl => new(_server.BaseUrl, "hub");

    public static async Task<LoopbackFhirCastHub> StartAsync()
    {
        var hub = new LoopbackFhirCastHub();
        hub._server = await LoopbackHttpServer.StartAsync(hub.HandleAsync, webSockets: true);
        return hub;
    }

    /// <summary>Waits for the subscriber's next WebSocket connection.</summary>
    public async Task<HubConnection> NextConnectionAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        return await _connections.Reader.ReadAsync(cancellation.Token);
    }

    public async ValueTask DisposeAsync()
    {
        while (_connections.Reader.TryRead(out var connection))
        {
            connection.Abort();
        }

        await _server.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (context.WebSockets.IsWebSocketRequest && path.StartsWith("/ws/", StringComparison.Ordinal))
        {
            var socket = await context.WebSockets.AcceptWebSocketAsync();
            var connection = new HubConnection(socket);
            await _connections.Writer.WriteAsync(connection);
            await connection.Finished;
            return;
        }

        if (context.Request.Method == "GET" && path.StartsWith("/hub/", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref CurrentContextRequests);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(CurrentContext);
            return;
        }

        if (context.Request.Method == "POST" && path == "/hub" && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync();
            SubscriptionRequests.Enqueue(form.ToDictionary(f => f.Key, f => f.Value.ToString()));
            context.Response.StatusCode = SubscriptionStatuses.TryDequeue(out var status) ? status : 202;
            if (context.Response.StatusCode == 202 && form["hub.mode"] == "subscribe")
            {
                var number = Interlocked.Increment(ref _connectionCount);
                var endpoint = new Uri(_server.BaseUrl, $"ws/{number}").ToString().Replace("http://", "ws://", StringComparison.Ordinal);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["hub.channel.endpoint"] = endpoint }));
            }

            return;
        }

        if (context.Request.Method == "POST" && path == "/hub")
        {
            Published.Enqueue(await JsonDocument.ParseAsync(context.Request.Body));
            context.Response.StatusCode = PublishStatuses.TryDequeue(out var status) ? status : 202;
            return;
        }

        context.Response.StatusCode = 404;
    }
}

/// <summary>The hub's side of one subscriber WebSocket.</summary>
internal sealed class HubConnection
{
    private readonly WebSocket _socket;
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HubConnection(WebSocket socket) => _socket = socket;

    public Task Finished => _finished.Task;

    public async Task SendAsync(string json) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Sends the subscription confirmation the hub sends first on a new channel.</summary>
    public Task ConfirmAsync(string topic) =>
        SendAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["hub.mode"] = "subscribe", ["hub.topic"] = topic }));

    /// <summary>Reads the subscriber's next message, such as an event response.</summary>
    public async Task<JsonDocument> ReceiveAsync(TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellation.Token);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray());
            }
        }
    }

    /// <summary>Drops the connection without a close handshake, as a crashed hub or a network fault does.</summary>
    public void Abort()
    {
        _socket.Abort();
        _finished.TrySetResult();
    }
}
