using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RadAssist.Governance;

/// <summary>
/// Writes draft and signed report pairs from the audit as JSON Lines for retraining, with identifiers removed.
/// </summary>
/// <remarks>
/// <para>
/// Each line contains <c>pair_id</c> (a SHA-256 of the correlation id, so lines stay distinct without naming the run),
/// <c>modality</c>, <c>body_part</c>, <c>model</c>, <c>draft</c>, <c>signed</c>, <c>severity</c> and
/// <c>discrepancies</c>. Study UIDs, accession numbers, actors and times are not written.
/// </para>
/// <para>
/// NOTE: the built-in scrubber replaces dates, times, long digit runs, UIDs, e-mail addresses, telephone numbers
/// and titled names with placeholders. It is pattern based and does not find every name in free text, so
/// hosts with a de-identification service should pass it as the <c>deidentify</c> function.
/// </para>
/// </remarks>
public sealed partial class DraftPairExporter
{
    private readonly DiscrepancyAnalyzer _analyzer;
    private readonly Func<string, string> _deidentify;

    /// <summary>Creates an exporter.</summary>
    /// <param name="deidentify">Removes identifiers from a report text; the built-in pattern scrubber when omitted.</param>
    /// <param name="analyzer">Analyzer that classes each pair; the default options when omitted.</param>
    public DraftPairExporter(Func<string, string>? deidentify = null, DiscrepancyAnalyzer? analyzer = null)
    {
        _deidentify = deidentify ?? Scrub;
        _analyzer = analyzer ?? new DiscrepancyAnalyzer();
    }

    /// <summary>Writes one JSON line per run that has both a draft and a signed report.</summary>
    /// <param name="records">Audit records, such as every record of a time range.</param>
    /// <param name="output">Where the lines go; left open.</param>
    /// <param name="cancellationToken">Cancels the export.</param>
    /// <returns>The number of pairs written.</returns>
    public async Task<int> ExportAsync(IEnumerable<AuditRecord> records, TextWriter output, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(output);

        var count = 0;
        foreach (var run in AuditedRun.Read(records))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (run.Signed?.Event.Output is not { } signedText)
            {
                continue;
            }

            var draft = _deidentify(run.DraftText.Trim());
            var signed = _deidentify(signedText.Trim());
            var analysis = _analyzer.Analyze(draft, signed);

            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WriteString("pair_id", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(run.CorrelationId))));
                writer.WriteString("modality", run.Modality);
                writer.WriteString("body_part", run.BodyPart);
                writer.WriteString("model", run.Model);
                writer.WriteString("draft", draft);
                writer.WriteString("signed", signed);
                writer.WriteString("severity", analysis.Severity.ToString().ToLowerInvariant());
                writer.WriteStartArray("discrepancies");
                foreach (var discrepancy in analysis.Discrepancies)
                {
                    writer.WriteStringValue(discrepancy.Kind.ToString());
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()).AsMemory(), cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>Replaces dates, times, identifiers, contact details and titled names in a report text with placeholders.</summary>
    /// <remarks>
    /// A numeric date has one separator throughout and a year of two or four digits ("2024-01-05", "05.01.24"), so
    /// sizes and ranges such as "0.8-1.0 cm" and "1.2.3" are left alone.
    /// </remarks>
    /// <param name="text">The text.</param>
    public static string Scrub(string text)
    {
        ArgumentNullException.ThrowIfNull(text);

        var scrubbed = EmailPattern().Replace(text, "[EMAIL]");
        scrubbed = UidPattern().Replace(scrubbed, "[UID]");
        scrubbed = DatePattern().Replace(scrubbed, "[DATE]");
        scrubbed = TimePattern().Replace(scrubbed, "[TIME]");
        scrubbed = PhonePattern().Replace(scrubbed, "[PHONE]");
        scrubbed = LongNumberPattern().Replace(scrubbed, "[ID]");
        return TitledNamePattern().Replace(scrubbed, "${title} [NAME]");
    }

    [GeneratedRegex(@"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"\b\d+(?:\.\d+){3,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex UidPattern();

    [GeneratedRegex(
        @"\b(?:(?:\d{4}|\d{1,2})(?<separator>[/.-])\d{1,2}\k<separator>(?:\d{4}|\d{2})(?!\.?\d)|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{4}|(?:19|20)\d{6})\b",
        RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"(?:\+\d{1,3}[\s-]?)?\(?\d{3}\)?[\s-]\d{3}[\s-]\d{4}\b", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"\b[A-Z]{0,3}\d{6,}\b", RegexOptions.CultureInvariant)]
    private static partial Regex LongNumberPattern();

    [GeneratedRegex(@"\b(?<title>Dr|Mr|Mrs|Ms|Miss|Prof)\.?\s+[A-Z][A-Za-z'-]+(?:\s+[A-Z][A-Za-z'-]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex TitledNamePattern();
}
