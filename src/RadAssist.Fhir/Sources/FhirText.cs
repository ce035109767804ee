using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace RadAssist.Fhir.Sources;

/// <summary>Turns FHIR data types into the short plain-text statements that reports and history items use.</summary>
internal static partial class FhirText
{
    /// <summary>Returns the text of a CodeableConcept: its text, else the first display, else the first code.</summary>
    public static string? Of(CodeableConcept? concept)
    {
        if (concept is null)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(concept.Text))
        {
            return concept.Text;
        }

        var coding = concept.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display))
            ?? concept.Coding.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Code));
        return coding?.Display ?? coding?.Code;
    }

    /// <summary>
    /// Formats an Observation or component value. Quantities keep their decimal text as the server sent it
    /// ("0.700 cm" stays 0.700).
    /// </summary>
    public static string? OfValue(DataType? value) => value switch
    {
        null => null,
        Quantity quantity => OfQuantity(quantity),
        CodeableConcept concept => Of(concept),
        FhirString text => text.Value,
        FhirBoolean flag => flag.Value is null ? null : (flag.Value.Value ? "yes" : "no"),
        Integer number => number.Value?.ToString(CultureInfo.InvariantCulture),
        Hl7.Fhir.Model.Range range => $"{OfQuantity(range.Low)} to {OfQuantity(range.High)}",
        Ratio ratio => $"{OfQuantity(ratio.Numerator)} / {OfQuantity(ratio.Denominator)}",
        FhirDateTime dateTime => dateTime.Value,
        Period period => $"{period.Start} to {period.End}",
        _ => value.ToString(),
    };

    public static string? OfQuantity(Quantity? quantity)
    {
        if (quantity?.Value is not { } number)
        {
            return null;
        }

        var unit = quantity.Unit ?? quantity.Code;
        var text = number.ToString(CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(unit) ? text : text + " " + unit;
    }

    /// <summary>Returns the date part of a FHIR date or dateTime string, or null when it has no full date.</summary>
    public static DateOnly? DateOf(string? fhirDateTime)
    {
        if (fhirDateTime is null || fhirDateTime.Length < 10)
        {
            return null;
        }

        return DateOnly.TryParseExact(fhirDateTime.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;
    }

    /// <summary>Returns the date of an effective[x] or onset[x] or performed[x] value.</summary>
    public static DateOnly? DateOf(DataType? value) => value switch
    {
        FhirDateTime dateTime => DateOf(dateTime.Value),
        Period period => DateOf(period.Start) ?? DateOf(period.End),
        Instant instant => instant.Value is { } time ? DateOnly.FromDateTime(time.UtcDateTime) : null,
        _ => null,
    };

    /// <summary>
    /// Decodes an Attachment's inline data as text: plain text in its charset (UTF-8 when none is given) and HTML or
    /// XHTML with the markup removed and block ends kept as line breaks. Other media types give null.
    /// </summary>
    public static string? OfAttachment(Attachment attachment)
    {
        if (attachment.Data is not { Length: > 0 } data)
        {
            return null;
        }

        var contentType = (attachment.ContentType ?? "text/plain").ToLowerInvariant();
        var mediaType = contentType.Split(';')[0].Trim();
        var encoding = EncodingOf(contentType);

        return mediaType switch
        {
            "text/plain" => encoding.GetString(data).Trim(),
            "text/html" or "application/xhtml" or "application/xhtml+xml" => HtmlToText(encoding.GetString(data)),
            _ => null,
        };
    }

    internal static string HtmlToText(string html)
    {
        var withoutHead = HeadOrScript().Replace(html, string.Empty);
        var withBreaks = BlockEnd().Replace(withoutHead, "\n");
        var plain = WebUtility.HtmlDecode(Tag().Replace(withBreaks, string.Empty));

        var lines = plain.Split('\n')
            .Select(line => Whitespace().Replace(line, " ").Trim())
            .Where(line => line.Length > 0);
        return string.Join('\n', lines);
    }

    private static Encoding EncodingOf(string contentType)
    {
        var match = Charset().Match(contentType);
        if (!match.Success)
        {
            return Encoding.UTF8;
        }

        try
        {
            return Encoding.GetEncoding(match.Groups[1].Value);
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    [GeneratedRegex(@"<(head|script|style)\b.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant)]
    private static partial Regex HeadOrScript();

    [GeneratedRegex(@"<br\s*/?>|</(p|div|li|tr|h[1-6])\s*>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockEnd();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"charset\s*=\s*""?([A-Za-z0-9_\-]+)", RegexOptions.CultureInvariant)]
    private static partial Regex Charset();
}
