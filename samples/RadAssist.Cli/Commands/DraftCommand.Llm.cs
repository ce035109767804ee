using System.ClientModel;
using System.ClientModel.Primitives;
using System.CommandLine;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace RadAssist.Cli.Commands;

/// <summary>The <c>--llm</c> options of <c>radassist draft</c>: drafts from an OpenAI-compatible endpoint.</summary>
internal static partial class DraftCommand
{
    /// <summary>Environment variable that contains the API key unless <c>--api-key-env</c> names another.</summary>
    private const string DefaultApiKeyVariable = "RADASSIST_LLM_API_KEY";

    private static LlmOptions AddLlmOptions(Command command)
    {
        var options = new LlmOptions(
            new Option<string?>("--llm") { Description = "Draft with a language model instead of the deterministic generator: openai (any OpenAI-compatible chat-completions endpoint)." },
            new Option<string?>("--endpoint") { Description = "Base URL of the OpenAI-compatible API, such as http://127.0.0.1:11434/v1; required with --llm." },
            new Option<string?>("--model") { Description = "Model name sent with every request; required with --llm." },
            new Option<string>("--api-key-env")
            {
                Description = $"Environment variable that holds the API key; optional for a loopback endpoint. Default: {DefaultApiKeyVariable}.",
                DefaultValueFactory = _ => DefaultApiKeyVariable,
            });
        command.Options.Add(options.Llm);
        command.Options.Add(options.Endpoint);
        command.Options.Add(options.Model);
        command.Options.Add(options.ApiKeyVariable);
        return options;
    }

    private sealed record LlmOptions(Option<string?> Llm, Option<string?> Endpoint, Option<string?> Model, Option<string> ApiKeyVariable)
    {
        /// <summary>
        /// Returns the registrations for the chosen model, <see langword="null"/> when <c>--llm</c> is absent, or an
        /// error message naming the invalid option and value.
        /// </summary>
        public (Action<IServiceCollection>? Configure, string? Error) Resolve(ParseResult parseResult)
        {
            var llm = parseResult.GetValue(Llm);
            if (llm is null)
            {
                return (null, null);
            }

            if (!string.Equals(llm, "openai", StringComparison.OrdinalIgnoreCase))
            {
                return (null, $"Option '--llm' value '{llm}' is not supported; give openai.");
            }

            var endpointText = parseResult.GetValue(Endpoint);
            if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                return (null, $"Option '--endpoint' value '{endpointText}' is invalid; give an absolute http or https URL.");
            }

            var model = parseResult.GetValue(Model);
            if (string.IsNullOrWhiteSpace(model))
            {
                return (null, "Option '--model' is required with --llm; give the model name.");
            }

            var variable = parseResult.GetValue(ApiKeyVariable)!;
            var key = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(key))
            {
                if (!endpoint.IsLoopback)
                {
                    return (null, $"Environment variable '{variable}' is empty; set it to the API key of {endpoint}.");
                }

                // Local servers such as Ollama and llama.cpp ignore the key, but the OpenAI client requires one.
                key = "unused";
            }

            return (services =>
            {
                // The generator retries and falls back itself, so the OpenAI client's own retries are off.
                var clientOptions = new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
                services.AddChatClient(new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(key), clientOptions).AsIChatClient());
                services.AddRadAssistChatDraftGenerator(options => options.ModelId = model);
            }, null);
        }
    }
}
