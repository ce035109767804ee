namespace RadAssist;

/// <summary>Result of comparing a report with a prior report.</summary>
/// <param name="Statements">One statement per lesion measured in both reports.</param>
/// <param name="Recist">
/// RECIST 1.1 assessment of the lesions the current report calls target lesions, with the prior report as baseline,
/// or <see langword="null"/> when the current report names no target lesion that the prior report also measured.
/// </param>
public sealed record PriorComparison(IReadOnlyList<ComparisonStatement> Statements, RecistAssessment? Recist);

/// <summary>
/// Matches the measured findings of a current report with those of a prior report and computes each change in
/// millimetres and percent of the longest diameter.
/// </summary>
/// <remarks>
/// Two findings match when their types are equal or both are focal lesions (nodule, mass, lesion), their lateralities
/// do not contradict each other, and their sites are equal or one of them is unstated. Pairs with the same site and
/// type are taken first, then the pairs whose sizes are closest. Negated findings and ranges are never compared.
/// Findings measured in only one of the two reports get no statement: the engine does not infer "new" or "resolved"
/// from a missing measurement.
/// </remarks>
public static class PriorComparer
{
    private static readonly HashSet<string> FocalLesions = new(StringComparer.Ordinal)
    {
        "nodule", "mass", "lesion", "ground-glass nodule", "part-solid nodule",
    };

    /// <summary>Compares a current report with a prior report.</summary>
    /// <param name="current">Analysis of the current report.</param>
    /// <param name="prior">Analysis of the prior report.</param>
    public static PriorComparison Compare(ReportAnalysis current, ReportAnalysis prior)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(prior);

        var currentFindings = Measured(current.Findings);
        var priorFindings = Measured(prior.Findings);

        var candidates = new List<(int Current, int Prior, int Score, decimal Difference)>();
        for (var c = 0; c < currentFindings.Count; c++)
        {
            for (var p = 0; p < priorFindings.Count; p++)
            {
                var score = MatchScore(currentFindings[c].Finding, priorFindings[p].Finding);
                if (score > 0)
                {
                    candidates.Add((c, p, score, Math.Abs(currentFindings[c].SizeMm - priorFindings[p].SizeMm)));
                }
            }
        }

        candidates.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Difference.CompareTo(b.Difference));

        var usedCurrent = new HashSet<int>();
        var usedPrior = new HashSet<int>();
        var pairs = new List<(int Current, int Prior)>();
        foreach (var candidate in candidates)
        {
            if (usedCurrent.Contains(candidate.Current) || usedPrior.Contains(candidate.Prior))
            {
                continue;
            }

            usedCurrent.Add(candidate.Current);
            usedPrior.Add(candidate.Prior);
            pairs.Add((candidate.Current, candidate.Prior));
        }

        pairs.Sort((a, b) => a.Current.CompareTo(b.Current));

        var statements = new List<ComparisonStatement>(pairs.Count);
        foreach (var (c, p) in pairs)
        {
            var now = currentFindings[c];
            var before = priorFindings[p];
            statements.Add(new ComparisonStatement
            {
                FindingType = now.Finding.Type,
                Site = now.Finding.Site ?? before.Finding.Site,
                Laterality = now.Finding.Laterality != Laterality.None ? now.Finding.Laterality : before.Finding.Laterality,
                CurrentMm = now.SizeMm,
                PriorMm = before.SizeMm,
                CurrentSentence = now.Finding.Sentence,
                PriorSentence = before.Finding.Sentence,
                PriorSource = before.Finding.Source,
            });
        }

        return new PriorComparison(statements, AssessTargets(currentFindings, priorFindings, pairs));
    }

    /// <summary>Builds the comparison a single finding states itself ("now 12 mm, previously 8 mm").</summary>
    internal static ComparisonStatement? FromStatedSizes(Finding finding)
    {
        if (finding.Negated || finding.Measurements.Count < 2)
        {
            return null;
        }

        Measurement? current = null;
        Measurement? prior = null;
        foreach (var measurement in finding.Measurements)
        {
            if (measurement.IsRange)
            {
                continue;
            }

            if (measurement.IsPrior)
            {
                prior ??= measurement;
            }
            else
            {
                current ??= measurement;
            }
        }

        if (current is null || prior is null)
        {
            return null;
        }

        return new ComparisonStatement
        {
            FindingType = finding.Type,
            Site = finding.Site,
            Laterality = finding.Laterality,
            CurrentMm = current.LongestMm,
            PriorMm = prior.LongestMm,
            CurrentSentence = finding.Sentence,
            PriorSentence = finding.Sentence,
            PriorSource = finding.Source,
        };
    }

    private static List<(Finding Finding, decimal SizeMm)> Measured(IReadOnlyList<Finding> findings)
    {
        var measured = new List<(Finding, decimal)>();
        foreach (var finding in findings)
        {
            if (finding.Negated)
            {
                continue;
            }

            var measurement = finding.Measurements.FirstOrDefault(m => !m.IsPrior && !m.IsRange);
            if (measurement is not null)
            {
                measured.Add((finding, SizeOf(finding, measurement)));
            }
        }

        return measured;
    }

    // RECIST 1.1 measures lymph nodes by their short axis and every other lesion by its longest diameter.
    private static decimal SizeOf(Finding finding, Measurement measurement) =>
        finding.Type is "lymph node" or "lymphadenopathy" && measurement.ValuesMm.Count > 1
            ? measurement.ValuesMm.Min()
            : measurement.LongestMm;

    private static int MatchScore(Finding current, Finding prior)
    {
        int score;
        if (current.Type == prior.Type)
        {
            score = 2;
        }
        else if (FocalLesions.Contains(current.Type) && FocalLesions.Contains(prior.Type))
        {
            score = 1;
        }
        else
        {
            return 0;
        }

        if (current.Laterality != Laterality.None && prior.Laterality != Laterality.None
            && current.Laterality != prior.Laterality)
        {
            return 0;
        }

        if (current.Site is not null && prior.Site is not null)
        {
            if (!string.Equals(current.Site, prior.Site, StringComparison.Ordinal))
            {
                return 0;
            }

            score += 3;
        }

        return score;
    }

    private static RecistAssessment? AssessTargets(
        List<(Finding Finding, decimal SizeMm)> current,
        List<(Finding Finding, decimal SizeMm)> prior,
        List<(int Current, int Prior)> pairs)
    {
        decimal currentSum = 0m;
        decimal priorSum = 0m;
        var targets = 0;
        foreach (var (c, p) in pairs)
        {
            if (current[c].Finding.Sentence?.Contains("target", StringComparison.OrdinalIgnoreCase) == true)
            {
                currentSum += current[c].SizeMm;
                priorSum += prior[p].SizeMm;
                targets++;
            }
        }

        if (targets == 0)
        {
            return null;
        }

        var newLesions = current.Exists(f => f.Finding.Temporal == TemporalChange.New && FocalLesions.Contains(f.Finding.Type)
            && f.Finding.Sentence?.Contains("target", StringComparison.OrdinalIgnoreCase) != true);
        return Recist.Assess(priorSum, priorSum, currentSum, newLesions);
    }
}
