using System.Globalization;
using System.Text;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>
/// Query parameters of a QIDO-RS search (DICOM PS3.18 8.3.4): attribute matches, <c>includefield</c>,
/// <c>fuzzymatching</c>, <c>limit</c> and <c>offset</c>.
/// </summary>
/// <remarks>
/// Attributes are named by keyword (<c>PatientID</c>) or by tag (<c>00100020</c>). Values use the QIDO-RS matching
/// rules: <c>*</c> and <c>?</c> wildcards, date ranges such as <c>20240101-20241231</c>, and UID lists separated by
/// commas or backslashes.
/// </remarks>
public sealed class DicomQuery
{
    private readonly List<KeyValuePair<string, string>> _matches = [];
    private readonly List<string> _includeFields = [];

    /// <summary>Gets the attribute matches in the order they were added.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Matches => _matches;

    /// <summary>Gets the extra attributes the response should include, or <c>all</c>.</summary>
    public IReadOnlyList<string> IncludeFields => _includeFields;

    /// <summary>Gets or sets a value indicating whether the server may match person names fuzzily.</summary>
    /// <value>Default: false, so the parameter is not sent.</value>
    public bool FuzzyMatching { get; set; }

    /// <summary>Gets or sets the maximum number of results to return; null leaves the limit to the server.</summary>
    public int? Limit { get; set; }

    /// <summary>Gets or sets the number of results to skip; null for none.</summary>
    public int? Offset { get; set; }

    /// <summary>Adds an attribute match.</summary>
    /// <param name="attribute">A keyword such as <c>AccessionNumber</c> or a tag such as <c>00080050</c>.</param>
    /// <param name="value">The value to match; empty asks for the attribute without matching on it.</param>
    /// <returns>This query, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="attribute"/> is empty or not a keyword or tag.</exception>
    public DicomQuery Match(string attribute, string value)
    {
        ValidateAttribute(attribute);
        ArgumentNullException.ThrowIfNull(value);
        _matches.Add(new KeyValuePair<string, string>(attribute, value));
        return this;
    }

    /// <summary>Asks the server to include an attribute that the search level does not return by default.</summary>
    /// <param name="attribute">A keyword, a tag, or <c>all</c>.</param>
    /// <returns>This query, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="attribute"/> is empty or not a keyword or tag.</exception>
    public DicomQuery Include(string attribute)
    {
        if (attribute != "all")
        {
            ValidateAttribute(attribute);
        }

        _includeFields.Add(attribute);
        return this;
    }

    /// <summary>Returns the query string, starting with <c>?</c>, or empty when no parameter is set.</summary>
    /// <returns>The percent-encoded query string.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in _matches)
        {
            Append(builder, key, value);
        }

        foreach (var field in _includeFields)
        {
            Append(builder, "includefield", field);
        }

        if (FuzzyMatching)
        {
            Append(builder, "fuzzymatching", "true");
        }

        if (Limit is { } limit)
        {
            Append(builder, "limit", limit.ToString(CultureInfo.InvariantCulture));
        }

        if (Offset is { } offset)
        {
            Append(builder, "offset", offset.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string key, string value)
    {
        builder.Append(builder.Length == 0 ? '?' : '&');
        builder.Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
    }

    private static void ValidateAttribute(string attribute)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(attribute);
        var isTag = DicomTag.TryParse(attribute, out _);
        var isKeyword = attribute.All(char.IsAsciiLetterOrDigit) && char.IsAsciiLetterUpper(attribute[0]);
        if (!isTag && !isKeyword)
        {
            throw new ArgumentException(
                $"QIDO-RS attribute '{attribute}' is not a keyword such as PatientID or a tag such as 00100020.",
                nameof(attribute));
        }
    }
}
