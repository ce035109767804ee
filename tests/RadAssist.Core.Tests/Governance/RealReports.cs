using RadAssist.Demo;
using RadAssist.Testing;

namespace RadAssist.Core.Tests.Governance;

/// <summary>Reads report texts from the bundled public report collections, unaltered.</summary>
internal static class RealReports
{
    /// <summary>
    /// Returns one report as signed text: for Open-i rows the FINDINGS and IMPRESSION columns under their headings,
    /// for MTSamples rows the transcription.
    /// </summary>
    public static string Text(string file, string id)
    {
        foreach (var row in ReportCorpus.ReadRows(TestData.PathOf("reports/" + file)))
        {
            if (file == ReportCorpus.OpenIFile && row["uid"] == id)
            {
                return $"FINDINGS: {row["findings"]}\nIMPRESSION: {row["impression"]}";
            }

            if (file == ReportCorpus.MtSamplesFile && row["note_id"] == id)
            {
                return row["transcription"];
            }
        }

        throw new ArgumentException($"Report '{id}' was not found in {file}.", nameof(id));
    }
}
