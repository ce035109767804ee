namespace RadAssist.Governance;

/// <summary>How drafts fared with radiologists for one modality, body part and model.</summary>
/// <param name="Modality">Modality code, or <c>unknown</c>.</param>
/// <param name="BodyPart">Body part, or <c>unknown</c>.</param>
/// <param name="Model">Model or generator id and version, such as <c>radassist-deterministic 1.0</c>.</param>
/// <param name="Drafts">Drafts generated.</param>
/// <param name="Decisions">Accept, edit and reject actions, on whole drafts or sentences.</param>
/// <param name="AcceptanceRate">Accepts divided by <paramref name="Decisions"/>, or <see langword="null"/> without decisions.</param>
/// <param name="Signed">Drafts whose report was signed.</param>
/// <param name="MeanEditDistance">
/// Mean normalized word edit distance from draft to signed report (0 unchanged, 1 nothing in common), or
/// <see langword="null"/> when nothing was signed.
/// </param>
/// <param name="SignedUnchangedShare">Share of signed reports equal to their draft apart from white space, or <see langword="null"/>.</param>
/// <param name="MedianTimeToSignature">Median time from draft to signature, or <see langword="null"/>.</param>
/// <param name="MajorDiscrepancies">Signed reports with at least one major discrepancy from their draft.</param>
public sealed record DraftMetrics(
    string Modality,
    string BodyPart,
    string Model,
    int Drafts,
    int Decisions,
    double? AcceptanceRate,
    int Signed,
    double? MeanEditDistance,
    double? SignedUnchangedShare,
    TimeSpan? MedianTimeToSignature,
    int MajorDiscrepancies);

/// <summary>Keys of <see cref="AuditEvent.Data"/> that the governance features write and read.</summary>
public static class GovernanceDataKeys
{
    /// <summary>Modality code of the study, such as <c>CT</c>.</summary>
    public const string Modality = "modality";

    /// <summary>Body part of the study, such as <c>CHEST</c>.</summary>
    public const string BodyPart = "body_part";

    /// <summary>Use case of a rollout decision, such as <c>report-draft</c>.</summary>
    public const string UseCase = "use_case";

    /// <summary>Rollout mode applied to the run: <c>off</c>, <c>silent</c>, <c>suggest</c> or <c>mandatory-review</c>.</summary>
    public const string RolloutMode = "rollout_mode";
}

/// <summary>Reads runs from audit records: the draft of each run, what the radiologist did, and the signed report.</summary>
internal sealed record AuditedRun(
    string CorrelationId,
    string Modality,
    string BodyPart,
    string Model,
    AuditRecord Generated,
    string DraftText,
    IReadOnlyList<AuditRecord> Feedback,
    AuditRecord? Signed)
{
    public static IEnumerable<AuditedRun> Read(IEnumerable<AuditRecord> records)
    {
        foreach (var run in records.GroupBy(r => r.Event.CorrelationId, StringComparer.Ordinal))
        {
            var generated = run.LastOrDefault(r =>
                r.Event.EventType == AuditEventTypes.Generate && r.Event.Outcome == AuditOutcomes.Success);
            if (generated is null)
            {
                continue;
            }

            var modality = FindData(run, GovernanceDataKeys.Modality);
            var bodyPart = FindData(run, GovernanceDataKeys.BodyPart);
            var generatorId = generated.Event.ModelId ?? generated.Event.Data.GetValueOrDefault("generator_id") ?? generated.Event.Actor;
            var version = generated.Event.ModelVersion ?? generated.Event.Data.GetValueOrDefault("generator_version");
            var model = version is null ? generatorId : $"{generatorId} {version}";

            yield return new AuditedRun(
                run.Key,
                modality?.ToUpperInvariant() ?? "unknown",
                bodyPart?.ToUpperInvariant() ?? "unknown",
                model,
                generated,
                StripBanner(generated.Event.Output ?? string.Empty),
                run.Where(r => r.Event.EventType == AuditEventTypes.Feedback).ToArray(),
                run.LastOrDefault(r => r.Event.EventType == AuditEventTypes.Signed && r.Event.Output is not null));
        }
    }

    /// <summary>Removes the draft banner, which every rendering carries and no signed report should.</summary>
    public static string StripBanner(string text) => text.Replace(DraftReport.DraftBanner, string.Empty, StringComparison.Ordinal);

    private static string? FindData(IEnumerable<AuditRecord> run, string key) =>
        run.Select(r => r.Event.Data.GetValueOrDefault(key)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}

/// <summary>Computes draft metrics from audit records.</summary>
public static class DraftMetricsCalculator
{
    /// <summary>
    /// Groups runs by modality, body part and model, and computes acceptance, edit distance, unchanged signatures,
    /// time to signature and major discrepancies for each group.
    /// </summary>
    /// <param name="records">Audit records, such as every record of a time range; runs without a generated draft are skipped.</param>
    /// <param name="analyzer">Analyzer for draft against signed report; the default options when omitted.</param>
    /// <returns>One row per group, ordered by modality, body part and model.</returns>
    public static IReadOnlyList<DraftMetrics> Compute(IEnumerable<AuditRecord> records, DiscrepancyAnalyzer? analyzer = null)
    {
        ArgumentNullException.ThrowIfNull(records);
        analyzer ??= new DiscrepancyAnalyzer();

        var rows = new List<DraftMetrics>();
        var groups = AuditedRun.Read(records).GroupBy(r => (r.Modality, r.BodyPart, r.Model));
        foreach (var group in groups.OrderBy(g => g.Key.Modality, StringComparer.Ordinal)
                     .ThenBy(g => g.Key.BodyPart, StringComparer.Ordinal)
                     .ThenBy(g => g.Key.Model, StringComparer.Ordinal))
        {
            var runs = group.ToArray();
            var actions = runs.SelectMany(r => r.Feedback)
                .Select(f => f.Event.Data.GetValueOrDefault(FeedbackDataKeys.Action))
                .ToArray();
            var accepts = actions.Count(a => a == "accept");
            var decisions = accepts + actions.Count(a => a is "edit" or "reject");

            var signed = runs.Where(r => r.Signed is not null).ToArray();
            var analyses = signed.Select(r => analyzer.Analyze(r.DraftText, r.Signed!.Event.Output!)).ToArray();
            var times = signed.Select(r => r.Signed!.Event.Timestamp - r.Generated.Event.Timestamp).Order().ToArray();

            rows.Add(new DraftMetrics(
                group.Key.Modality,
                group.Key.BodyPart,
                group.Key.Model,
                runs.Length,
                decisions,
                decisions == 0 ? null : (double)accepts / decisions,
                signed.Length,
                analyses.Length == 0 ? null : analyses.Average(a => a.NormalizedEditDistance),
                analyses.Length == 0 ? null : (double)analyses.Count(a => a.SignedUnchanged) / analyses.Length,
                times.Length == 0 ? null : Median(times),
                analyses.Count(a => a.Severity == DiscrepancySeverity.Major)));
        }

        return rows;
    }

    private static TimeSpan Median(TimeSpan[] sorted) =>
        sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}
