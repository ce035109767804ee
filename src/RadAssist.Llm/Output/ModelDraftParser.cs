using System.Globalization;
using System.Text.Json;

namespace RadAssist.Llm.Output;

/// <summary>The outcome of parsing a model answer: a draft, or the reasons it is invalid.</summary>
internal sealed record ModelDraftParseResult(ModelDraft? Draft, IReadOnlyList<string> Errors)
{
    public bool IsValid => Draft is not null;
}

/// <summary>
/// Parses and validates a model answer against the draft JSON schema (<c>Prompting/Templates/v1/draft-schema.json</c>).
/// </summary>
/// <remarks>
/// Validation is strict, as OpenAI structured outputs are: unknown properties, missing required properties, wrong
/// types and values outside an enumeration are errors. Each error names its JSON path. One surrounding Markdown
/// code fence is tolerated, because some OpenAI-compatible servers add it even in JSON mode.
/// </remarks>
internal static class ModelDraftParser
{
    /// <summary>Largest answer accepted, in characters.</summary>
    public const int MaxAnswerLength = 200_000;

    /// <summary>Largest sentence accepted, in characters.</summary>
    public const int MaxSentenceLength = 2_000;

    private const int MaxErrors = 10;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16 };

    private static readonly Dictionary<string, DraftSectionKind> SectionKinds = new(StringComparer.Ordinal)
    {
        ["comparison"] = DraftSectionKind.Comparison,
        ["findings"] = DraftSectionKind.Findings,
        ["impression"] = DraftSectionKind.Impression,
        ["recommendations"] = DraftSectionKind.Recommendations,
    };

    private static readonly Dictionary<string, Laterality> Lateralities = new(StringComparer.Ordinal)
    {
        ["none"] = Laterality.None,
        ["left"] = Laterality.Left,
        ["right"] = Laterality.Right,
        ["bilateral"] = Laterality.Bilateral,
    };

    private static readonly Dictionary<string, TemporalChange> TemporalChanges = new(StringComparer.Ordinal)
    {
        ["none"] = TemporalChange.None,
        ["new"] = TemporalChange.New,
        ["unchanged"] = TemporalChange.Unchanged,
        ["increased"] = TemporalChange.Increased,
        ["decreased"] = TemporalChange.Decreased,
        ["resolved"] = TemporalChange.Resolved,
    };

    private static readonly string[] RootProperties = ["sections", "findings"];
    private static readonly string[] SectionProperties = ["kind", "sentences"];
    private static readonly string[] FindingProperties =
        ["type", "site", "laterality", "negated", "uncertain", "temporal", "measurements_mm", "sentence"];

    public static ModelDraftParseResult Parse(string? answer)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return Invalid("$: the answer is empty");
        }

        if (answer.Length > MaxAnswerLength)
        {
            return Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"$: the answer has {answer.Length} characters, more than the maximum of {MaxAnswerLength}"));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(StripCodeFence(answer), DocumentOptions);
        }
        catch (JsonException exception)
        {
            return Invalid(string.Create(
                CultureInfo.InvariantCulture,
                $"$: invalid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}"));
        }

        using (document)
        {
            var errors = new List<string>();
            var draft = ReadDraft(document.RootElement, errors);
            return errors.Count == 0 ? new ModelDraftParseResult(draft, []) : new ModelDraftParseResult(null, errors.Take(MaxErrors).ToList());
        }
    }

    private static ModelDraft ReadDraft(JsonElement root, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"$: expected an object but found {Describe(root.ValueKind)}");
            return new ModelDraft([], []);
        }

        CheckProperties(root, "$", RootProperties, errors);
        var sections = new List<ModelSection>();
        if (root.TryGetProperty("sections", out var sectionsElement) && Expect(sectionsElement, JsonValueKind.Array, "$.sections", errors))
        {
            var index = 0;
            foreach (var element in sectionsElement.EnumerateArray())
            {
                var section = ReadSection(element, $"$.sections[{index++}]", errors);
                if (section is null)
                {
                    continue;
                }

                if (sections.Any(s => s.Kind == section.Kind))
                {
                    errors.Add($"$.sections[{index - 1}].kind: section '{section.Kind.ToString().ToLowerInvariant()}' appears twice");
                    continue;
                }

                sections.Add(section);
            }

            if (index == 0)
            {
                errors.Add("$.sections: at least one section is required");
            }
        }

        var findings = new List<ModelFinding>();
        if (root.TryGetProperty("findings", out var findingsElement) && Expect(findingsElement, JsonValueKind.Array, "$.findings", errors))
        {
            var index = 0;
            foreach (var element in findingsElement.EnumerateArray())
            {
                var finding = ReadFinding(element, $"$.findings[{index++}]", errors);
                if (finding is not null)
                {
                    findings.Add(finding);
                }
            }
        }

        return new ModelDraft(sections, findings);
    }

    private static ModelSection? ReadSection(JsonElement element, string path, List<string> errors)
    {
        if (!Expect(element, JsonValueKind.Object, path, errors))
        {
            return null;
        }

        var before = errors.Count;
        CheckProperties(element, path, SectionProperties, errors);
        var kind = ReadEnum(element, "kind", path, SectionKinds, errors);
        var sentences = new List<string>();
        if (element.TryGetProperty("sentences", out var sentencesElement) && Expect(sentencesElement, JsonValueKind.Array, path + ".sentences", errors))
        {
            var index = 0;
            foreach (var sentence in sentencesElement.EnumerateArray())
            {
                var text = ReadSentence(sentence, $"{path}.sentences[{index++}]", errors);
                if (text is not null)
                {
                    sentences.Add(text);
                }
            }
        }

        return errors.Count == before ? new ModelSection(kind, sentences) : null;
    }

    private static ModelFinding? ReadFinding(JsonElement element, string path, List<string> errors)
    {
        if (!Expect(element, JsonValueKind.Object, path, errors))
        {
            return null;
        }

        var before = errors.Count;
        CheckProperties(element, path, FindingProperties, errors);
        var type = ReadString(element, "type", path, nullable: false, errors);
        var site = ReadString(element, "site", path, nullable: true, errors);
        var laterality = ReadEnum(element, "laterality", path, Lateralities, errors);
        var negated = ReadBoolean(element, "negated", path, errors);
        var uncertain = ReadBoolean(element, "uncertain", path, errors);
        var temporal = ReadEnum(element, "temporal", path, TemporalChanges, errors);
        var sentence = element.TryGetProperty("sentence", out var sentenceElement)
            ? ReadSentence(sentenceElement, path + ".sentence", errors)
            : null;

        var values = new List<decimal>();
        if (element.TryGetProperty("measurements_mm", out var measurements) && Expect(measurements, JsonValueKind.Array, path + ".measurements_mm", errors))
        {
            var index = 0;
            foreach (var value in measurements.EnumerateArray())
            {
                var itemPath = $"{path}.measurements_mm[{index++}]";
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetDecimal(out var mm) || mm <= 0 || mm > 10_000)
                {
                    errors.Add($"{itemPath}: expected a number of millimetres above 0 and at most 10000 but found {Describe(value)}");
                    continue;
                }

                values.Add(mm);
            }
        }

        return errors.Count == before && type is not null && sentence is not null
            ? new ModelFinding(type, site, laterality, negated, uncertain, temporal, values, sentence)
            : null;
    }

    private static string? ReadSentence(JsonElement element, string path, List<string> errors)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{path}: expected a string but found {Describe(element)}");
            return null;
        }

        var text = element.GetString()!.Trim();
        if (text.Length == 0)
        {
            errors.Add($"{path}: the sentence is empty");
            return null;
        }

        if (text.Length > MaxSentenceLength)
        {
            errors.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: the sentence has {text.Length} characters, more than the maximum of {MaxSentenceLength}"));
            return null;
        }

        return text;
    }

    private static string? ReadString(JsonElement parent, string name, string path, bool nullable, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var element))
        {
            return null;
        }

        if (nullable && element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
        {
            errors.Add($"{path}.{name}: expected a non-empty string{(nullable ? " or null" : string.Empty)} but found {Describe(element)}");
            return null;
        }

        return element.GetString()!.Trim();
    }

    private static bool ReadBoolean(JsonElement parent, string name, string path, List<string> errors)
    {
        if (!parent.TryGetProperty(name, out var element))
        {
            return false;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add($"{path}.{name}: expected true or false but found {Describe(element)}");
            return false;
        }

        return element.GetBoolean();
    }

    private static T ReadEnum<T>(JsonElement parent, string name, string path, Dictionary<string, T> values, List<string> errors)
        where T : struct
    {
        if (!parent.TryGetProperty(name, out var element))
        {
            return default;
        }

        if (element.ValueKind == JsonValueKind.String && values.TryGetValue(element.GetString()!, out var value))
        {
            return value;
        }

        errors.Add($"{path}.{name}: expected one of {string.Join(", ", values.Keys)} but found {Describe(element)}");
        return default;
    }

    private static void CheckProperties(JsonElement element, string path, string[] required, List<string> errors)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!required.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add($"{path}: unknown property '{Shorten(property.Name)}'");
            }
        }

        foreach (var name in required)
        {
            if (!element.TryGetProperty(name, out _))
            {
                errors.Add($"{path}: required property '{name}' is missing");
            }
        }
    }

    private static bool Expect(JsonElement element, JsonValueKind kind, string path, List<string> errors)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        errors.Add($"{path}: expected {Describe(kind)} but found {Describe(element.ValueKind)}");
        return false;
    }

    private static string StripCodeFence(string answer)
    {
        var trimmed = answer.Trim();
        if (!trimmed.StartsWith("```", StringComparison.Ordinal) || !trimmed.EndsWith("```", StringComparison.Ordinal) || trimmed.Length < 6)
        {
            return trimmed;
        }

        var firstLineEnd = trimmed.IndexOf('\n', StringComparison.Ordinal);
        return firstLineEnd < 0 ? trimmed : trimmed[(firstLineEnd + 1)..^3];
    }

    private static ModelDraftParseResult Invalid(string error) => new(null, [error]);

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{Shorten(element.GetString()!)}\"",
        JsonValueKind.Number => element.GetRawText(),
        _ => Describe(element.ValueKind),
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
