using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace RadAssist.Llm.Tests.Server;

/// <summary>One reply the loopback server sends to the next chat-completions request.</summary>
internal abstract record ScriptedReply
{
    /// <summary>A chat completion whose assistant message is <paramref name="Content"/>.</summary>
    public static ScriptedReply Text(string content, int promptTokens = 812, int completionTokens = 143) =>
        new TextReply(content, promptTokens, completionTokens);

    /// <summary>An HTTP error with an OpenAI error body.</summary>
    public static ScriptedReply Error(int status) => new ErrorReply(status);

    /// <summary>The inner reply after a delay; the delay ends early when the client disconnects.</summary>
    public static ScriptedReply Slow(TimeSpan delay, ScriptedReply inner) => new SlowReply(delay, inner);

    /// <summary>A server-sent-events stream of the content in chunks of the given sizes.</summary>
    public static ScriptedReply Stream(string content, int chunkSize) => new StreamReply(content, chunkSize);

    /// <summary>A reply computed from the request, as a model that reads its prompt would answer.</summary>
    public static ScriptedReply From(Func<RecordedRequest, ScriptedReply> reply) => new ComputedReply(reply);
}

internal sealed record TextReply(string Content, int PromptTokens, int CompletionTokens) : ScriptedReply;

internal sealed record ErrorReply(int Status) : ScriptedReply;

internal sealed record SlowReply(TimeSpan Delay, ScriptedReply Inner) : ScriptedReply;

internal sealed record StreamReply(string Content, int ChunkSize) : ScriptedReply;

internal sealed record ComputedReply(Func<RecordedRequest, ScriptedReply> Reply) : ScriptedReply;

/// <summary>A chat-completions request as the server received it.</summary>
internal sealed record RecordedRequest(string Body, JsonObject Json)
{
    public IReadOnlyList<(string Role, string Content)> Messages =>
        [.. Json["messages"]!.AsArray().Select(m => (m!["role"]!.GetValue<string>(), m["content"] is JsonValue v ? v.GetValue<string>() : ContentText(m["content"])))];

    public string SystemMessage => Messages.First(m => m.Role is "system" or "developer").Content;

    public string UserMessage => Messages.First(m => m.Role == "user").Content;

    private static string ContentText(JsonNode? content) =>
        string.Concat(content?.AsArray().Select(part => part?["text"]?.GetValue<string>() ?? string.Empty) ?? []);
}

/// <summary>
/// An HTTP server on 127.0.0.1 that speaks the OpenAI chat-completions wire format (<c>POST /v1/chat/completions</c>,
/// JSON or server-sent events) and answers from a script, so tests drive the real OpenAI client over real HTTP.
/// </summary>
internal sealed class OpenAiLoopbackServer : IAsyncDisposable
{
    public const string ServedModel = "radassist-test-model-2025-01-01";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _script = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private OpenAiLoopbackServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Base address for the OpenAI client, such as <c>http://127.0.0.1:41234/v1</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    public static async Task<OpenAiLoopbackServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new OpenAiLoopbackServer(app);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Queues replies; each request takes the next, and a request with none left gets HTTP 500.</summary>
    public void Enqueue(params ScriptedReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>Creates an <see cref="IChatClient"/> over the OpenAI client, with the client's own retries off.</summary>
    public IChatClient CreateChatClient(ILoggerFactory? loggerFactory = null)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(30),
        };
        var client = new OpenAI.Chat.ChatClient("radassist-test-model", new ApiKeyCredential("loopback-test-key"), options).AsIChatClient();
        return loggerFactory is null ? client : client.AsBuilder().UseLogging(loggerFactory).Build();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var request = new RecordedRequest(body, JsonNode.Parse(body)!.AsObject());
        _requests.Enqueue(request);

        if (!_script.TryDequeue(out var reply))
        {
            reply = ScriptedReply.Error(500);
        }

        await SendAsync(context, request, reply);
    }

    private static async Task SendAsync(HttpContext context, RecordedRequest request, ScriptedReply reply)
    {
        switch (reply)
        {
            case ComputedReply computed:
                await SendAsync(context, request, computed.Reply(request));
                break;
            case SlowReply slow:
                try
                {
                    await Task.Delay(slow.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                await SendAsync(context, request, slow.Inner);
                break;
            case ErrorReply error:
                context.Response.StatusCode = error.Status;
                await context.Response.WriteAsJsonAsync(new
                {
                    error = new { message = "scripted failure", type = "server_error", code = (string?)null },
                });
                break;
            case TextReply text:
                await context.Response.WriteAsJsonAsync(new
                {
                    id = "chatcmpl-loopback",
                    @object = "chat.completion",
                    created = 1733300000,
                    model = ServedModel,
                    choices = new[]
                    {
                        new { index = 0, message = new { role = "assistant", content = text.Content }, finish_reason = "stop" },
                    },
                    usage = new
                    {
                        prompt_tokens = text.PromptTokens,
                        completion_tokens = text.CompletionTokens,
                        total_tokens = text.PromptTokens + text.CompletionTokens,
                    },
                });
                break;
            case StreamReply stream:
                context.Response.ContentType = "text/event-stream";
                for (var offset = 0; offset < stream.Content.Length; offset += stream.ChunkSize)
                {
                    var piece = stream.Content.Substring(offset, Math.Min(stream.ChunkSize, stream.Content.Length - offset));
                    var chunk = JsonSerializer.Serialize(new
                    {
                        id = "chatcmpl-loopback",
                        @object = "chat.completion.chunk",
                        created = 1733300000,
                        model = ServedModel,
                        choices = new[] { new { index = 0, delta = new { content = piece }, finish_reason = (string?)null } },
                    });
                    await context.Response.WriteAsync($"data: {chunk}\n\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }

                await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
                break;
        }
    }
}
