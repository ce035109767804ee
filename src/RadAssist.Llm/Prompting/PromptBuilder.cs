using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;
using RadAssist.Llm.Grounding;

namespace RadAssist.Llm.Prompting;

/// <summary>
/// Builds the chat messages for one de-identified context: fixed instructions in the system message and every
/// piece of free text, prior reports included, as delimited data in the user message.
/// </summary>
internal sealed partial class PromptBuilder
{
    /// <summary>Replacement of a prior-report sentence that reads as an instruction to a model.</summary>
    public const string WithheldSentence = "[instruction-like text withheld]";

    private readonly PromptTemplateSet _templates;

    // The system template split once into literal text and variable names, and the fixed section instructions that
    // follow it, so a request only fills in the variables.
    private readonly List<(string Literal, string? Variable)> _systemParts;
    private readonly string _sectionInstructions;

    public PromptBuilder(PromptTemplateSet templates)
    {
        _templates = templates;
        _systemParts = Split(templates["system"]);
        _sectionInstructions = templates["comparison"] + templates["findings"] + templates["impression"];
    }

    // The data tags of the user message; text that opens or closes one of them is escaped so data cannot end its block.
    [GeneratedRegex(
        @"<\s*/?\s*(?=(?:study|indication|history|image_findings|prior_report|data|system|instructions)\b)",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TagOpening();

    [GeneratedRegex(@"[^A-Za-z0-9 /+-]", RegexOptions.CultureInvariant)]
    private static partial Regex UnsafeVariableCharacter();

    [GeneratedRegex(@"\{\{(?<name>[a-z_]+)\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();

    public string PromptVersion => _templates.Name;

    /// <summary>Builds the messages, with the prior-report sentences that <paramref name="sources"/> already read for grounding.</summary>
    public List<ChatMessage> Build(ReportingContext context, GroundingSources sources)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["subspecialty"] = Sanitize(context.Radiologist?.Subspecialty, "general"),
            ["style"] = Sanitize(context.Radiologist?.PreferredStyle, "concise"),
            ["modality"] = Sanitize(context.Study.Modality, "imaging study"),
            ["body_part"] = Sanitize(context.Study.BodyPart, "unspecified body part"),
        };

        var system = new StringBuilder(_templates["system"].Length + _sectionInstructions.Length + 128);
        foreach (var (literal, variable) in _systemParts)
        {
            system.Append(literal);
            if (variable is not null)
            {
                system.Append(ValueOf(variables, variable));
            }
        }

        system.Append(_sectionInstructions);

        return
        [
            new ChatMessage(ChatRole.System, system.ToString()),
            new ChatMessage(ChatRole.User, BuildData(context, sources)),
        ];
    }

    /// <summary>Returns the messages of a repair request: the first request, the invalid answer and the errors.</summary>
    public List<ChatMessage> BuildRepair(IReadOnlyList<ChatMessage> request, string answer, IReadOnlyList<string> errors)
    {
        var list = string.Join('\n', errors.Select(error => "- " + error));
        return
        [
            .. request,
            new ChatMessage(ChatRole.Assistant, answer),
            new ChatMessage(ChatRole.User, Render(_templates["repair"], new Dictionary<string, string>(StringComparer.Ordinal) { ["errors"] = list })),
        ];
    }

    private static string BuildData(ReportingContext context, GroundingSources sources)
    {
        var capacity = 1024;
        foreach (var prior in context.PriorReports)
        {
            capacity += prior.Text.Length + 256;
        }

        var data = new StringBuilder(capacity);
        data.Append("<study>\n");
        AppendLine(data, "modality", context.Study.Modality);
        AppendLine(data, "body part", context.Study.BodyPart);
        AppendLine(data, "description", context.Study.Description);
        AppendLine(data, "date", FormatDate(context.Study.StudyDate));
        data.Append("</study>\n");

        var indication = context.Study.ReasonForStudy ?? context.Event.ClinicalIndication;
        data.Append("<indication>\n").Append(Escape(indication ?? "none")).Append("\n</indication>\n");

        data.Append("<history>\n");
        foreach (var item in context.History)
        {
            data.Append("- ").Append(Escape(item.Kind));
            if (item.Date is { } date)
            {
                data.Append(" (").Append(FormatDate(date)).Append(')');
            }

            data.Append(": ").Append(Escape(item.Text)).Append('\n');
        }

        data.Append("</history>\n<image_findings>\n");
        foreach (var finding in context.ImageFindings)
        {
            data.Append("- ").Append(Escape(finding.Sentence ?? DescribeFinding(finding))).Append('\n');
        }

        data.Append("</image_findings>\n");
        for (var index = 0; index < context.PriorReports.Count; index++)
        {
            var prior = context.PriorReports[index];
            data.Append(CultureInfo.InvariantCulture, $"<prior_report number=\"{index + 1}\"");
            data.Append(" exam=\"").Append(EscapeAttribute(prior.ExamDescription ?? prior.Modality ?? "unknown")).Append('"');
            data.Append(" date=\"").Append(FormatDate(prior.ExamDate) ?? "unknown").Append("\">\n");
            foreach (var sentence in sources.PriorSentences[index])
            {
                if (sentence.Heading is not null)
                {
                    data.Append(Escape(sentence.Heading)).Append(":\n");
                }

                data.Append(sentence.Withheld ? WithheldSentence : Escape(sentence.Text)).Append('\n');
            }

            data.Append("</prior_report>\n");
        }

        return data.ToString();
    }

    private static string DescribeFinding(Finding finding)
    {
        var parts = new List<string>();
        if (finding.Laterality != Laterality.None)
        {
            parts.Add(finding.Laterality.ToString().ToLowerInvariant());
        }

        if (finding.Site is not null)
        {
            parts.Add(finding.Site);
        }

        parts.Add(finding.Type);
        parts.AddRange(finding.Measurements.Select(m => m.Text));
        return string.Join(' ', parts);
    }

    private static void AppendLine(StringBuilder data, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            data.Append(name).Append(": ").Append(Escape(value)).Append('\n');
        }
    }

    private static string? FormatDate(DateOnly? date) =>
        date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Escape(string text) => TagOpening().Replace(text, match => "&lt;" + match.Value[1..]);

    private static string EscapeAttribute(string text) => Escape(text).Replace("\"", "&quot;", StringComparison.Ordinal);

    private static string Sanitize(string? value, string fallback)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        var clean = UnsafeVariableCharacter().Replace(value, " ").Trim();
        if (clean.Length > 40)
        {
            clean = clean[..40].Trim();
        }

        return clean.Length == 0 ? fallback : clean;
    }

    private static string Render(string template, Dictionary<string, string> variables) =>
        Variable().Replace(template, match => ValueOf(variables, match.Groups["name"].Value));

    private static string ValueOf(Dictionary<string, string> variables, string name) =>
        variables.TryGetValue(name, out var value)
            ? value
            : throw new InvalidOperationException($"Prompt template variable '{name}' has no value.");

    /// <summary>Splits a template into literal text, each part followed by the variable after it or <see langword="null"/> at the end.</summary>
    private static List<(string Literal, string? Variable)> Split(string template)
    {
        var parts = new List<(string, string?)>();
        var position = 0;
        foreach (Match match in Variable().Matches(template))
        {
            parts.Add((template[position..match.Index], match.Groups["name"].Value));
            position = match.Index + match.Length;
        }

        parts.Add((template[position..], null));
        return parts;
    }
}
