using System.Reflection;
using System.Text.Json;

namespace RadAssist.Llm.Prompting;

/// <summary>One versioned set of prompt templates and the draft JSON schema, read from embedded resources.</summary>
internal sealed class PromptTemplateSet
{
    /// <summary>Names of the template sets this assembly embeds.</summary>
    public static readonly IReadOnlyList<string> Available = ["v1"];

    private static readonly string[] TemplateNames = ["system", "comparison", "findings", "impression", "repair"];

    private readonly Dictionary<string, string> _templates;

    private PromptTemplateSet(string name, Dictionary<string, string> templates, JsonElement schema)
    {
        Name = name;
        _templates = templates;
        Schema = schema;
    }

    /// <summary>Name of the set, such as <c>v1</c>; recorded as the prompt version of every draft.</summary>
    public string Name { get; }

    /// <summary>The JSON schema of the model response.</summary>
    public JsonElement Schema { get; }

    public string this[string template] => _templates[template];

    /// <summary>Loads a set by name.</summary>
    /// <exception cref="ArgumentException">No set of that name is embedded.</exception>
    public static PromptTemplateSet Load(string name)
    {
        if (!Available.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"Prompt template set '{name}' does not exist; available sets: {string.Join(", ", Available)}.",
                nameof(name));
        }

        var templates = TemplateNames.ToDictionary(t => t, t => Read($"{name}/{t}.md"), StringComparer.Ordinal);
        using var schema = JsonDocument.Parse(Read($"{name}/draft-schema.json"));
        return new PromptTemplateSet(name, templates, schema.RootElement.Clone());
    }

    private static string Read(string resource)
    {
        var assembly = typeof(PromptTemplateSet).Assembly;
        var fullName = $"RadAssist.Llm.Templates.{resource}";
        using var stream = assembly.GetManifestResourceStream(fullName)
            ?? throw new InvalidOperationException($"Embedded resource '{fullName}' is missing from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
