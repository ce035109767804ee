using System.Globalization;
using RadAssist.Llm.Output;

namespace RadAssist.Llm.Grounding;

/// <summary>The verdict on one draft sentence.</summary>
/// <param name="Supported">Whether an input supports the sentence.</param>
/// <param name="Provenance">The supporting inputs; empty when unsupported.</param>
/// <param name="Reason">Why the sentence is unsupported, or <see langword="null"/>.</param>
/// <param name="SupportMm">Measurements of the supporting inputs, in millimetres.</param>
/// <param name="SupportSides">Sides the supporting inputs name.</param>
internal sealed record SentenceVerdict(
    bool Supported,
    IReadOnlyList<SourceReference> Provenance,
    string? Reason,
    IReadOnlyList<decimal> SupportMm,
    Sides SupportSides);

/// <summary>A model draft after the grounding check: kept sentences with provenance, and what was removed or flagged.</summary>
internal sealed record GroundedDraft(
    IReadOnlyList<DraftSection> Sections,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<DraftIssue> Issues,
    int RemovedCount,
    int FlaggedCount);

/// <summary>
/// Traces every sentence of a model draft to an input sentence: a prior-report sentence, an image-AI finding, the
/// indication, the history or the study metadata.
/// </summary>
/// <remarks>
/// A sentence is supported when at least <see cref="MinimumWordOverlap"/> of its content words occur in one input
/// sentence that also agrees with it on laterality and negation, and every measurement of the sentence equals, in
/// millimetres, a measurement of such an input sentence. Temporal words ("unchanged", "increased") are not counted,
/// because stating stability or change of a prior finding is the model's task.
/// </remarks>
internal sealed class GroundingChecker
{
    /// <summary>Share of a sentence's content words that one input sentence must contain.</summary>
    public const double MinimumWordOverlap = 0.6;

    private static readonly Dictionary<DraftSectionKind, string> Titles = new()
    {
        [DraftSectionKind.Indication] = "INDICATION",
        [DraftSectionKind.Comparison] = "COMPARISON",
        [DraftSectionKind.Findings] = "FINDINGS",
        [DraftSectionKind.Impression] = "IMPRESSION",
        [DraftSectionKind.Recommendations] = "RECOMMENDATIONS",
    };

    private readonly GroundingSources _sources;

    public GroundingChecker(GroundingSources sources)
    {
        _sources = sources;
    }

    public static string TitleOf(DraftSectionKind kind) => Titles[kind];

    /// <summary>Checks a model draft and removes or flags what the inputs do not support.</summary>
    public GroundedDraft Check(ModelDraft draft, UnsupportedSentenceHandling handling)
    {
        var sections = new List<DraftSection>();
        var issues = new List<DraftIssue>();
        var verdicts = new Dictionary<string, SentenceVerdict>(StringComparer.Ordinal);
        var removed = 0;
        var flagged = 0;

        foreach (var section in draft.Sections)
        {
            var sentences = new List<DraftSentence>();
            foreach (var text in section.Sentences)
            {
                var verdict = Judge(text);
                if (verdict.Supported)
                {
                    verdicts[Normalize(text)] = verdict;
                    sentences.Add(new DraftSentence(text, verdict.Provenance));
                    continue;
                }

                issues.Add(new DraftIssue("unsupported-sentence", $"Unsupported sentence: {verdict.Reason}", text));
                if (handling == UnsupportedSentenceHandling.Flag)
                {
                    flagged++;
                    sentences.Add(new DraftSentence(text, []) { Flag = verdict.Reason });
                }
                else
                {
                    removed++;
                }
            }

            if (sentences.Count > 0)
            {
                sections.Add(new DraftSection(section.Kind, TitleOf(section.Kind), sentences));
            }
        }

        var findings = new List<Finding>();
        foreach (var finding in draft.Findings)
        {
            var reason = JudgeFinding(finding, verdicts, out var verdict);
            if (reason is not null)
            {
                issues.Add(new DraftIssue("unsupported-finding", $"Structured finding '{finding.Type}' dropped: {reason}", finding.Sentence));
                continue;
            }

            findings.Add(new Finding
            {
                Type = finding.Type,
                Site = finding.Site,
                Laterality = finding.Laterality,
                Negated = finding.Negated,
                Uncertain = finding.Uncertain,
                Temporal = finding.Temporal,
                Measurements = finding.MeasurementsMm.Count == 0
                    ? []
                    : [new Measurement
                    {
                        Text = string.Join(" x ", finding.MeasurementsMm.Select(v => v.ToString(CultureInfo.InvariantCulture))) + " mm",
                        ValuesMm = finding.MeasurementsMm,
                    }],
                Sentence = finding.Sentence,
                Source = verdict!.Provenance.Count > 0 ? verdict.Provenance[0] : null,
            });
        }

        return new GroundedDraft(sections, findings, issues, removed, flagged);
    }

    /// <summary>Decides whether the inputs support one sentence.</summary>
    public SentenceVerdict Judge(string sentence)
    {
        var features = SentenceFeatures.Analyze(sentence);
        if (features.Words.Count == 0 && features.MeasurementsMm.Count == 0)
        {
            // A sentence with no content word ("Unchanged.") states no finding of its own.
            return new SentenceVerdict(true, [], null, [], Sides.None);
        }

        // Candidates in order of falling overlap. The sort is stable, so equal overlaps keep the input order.
        var candidates = new List<(GroundingSource Source, double Overlap)>();
        foreach (var source in _sources.Sources)
        {
            var overlap = Overlap(features.Words, source.Features.Words);
            if (overlap >= MinimumWordOverlap)
            {
                candidates.Add((source, overlap));
            }
        }

        if (candidates.Count == 0)
        {
            return Unsupported("no input sentence states it");
        }

        SortByOverlap(candidates);
        GroundingSource? firstAgreeing = null;
        GroundingSource? firstSamePolarity = null;
        foreach (var (source, _) in candidates)
        {
            if (!SidesAgree(features, source.Features))
            {
                continue;
            }

            firstAgreeing ??= source;
            if (!PolarityAgrees(features, source.Features))
            {
                continue;
            }

            firstSamePolarity ??= source;
            if (ContainsAll(source.Features.MeasurementsMm, features.MeasurementsMm))
            {
                return new SentenceVerdict(true, [source.ToReference()], null, source.Features.MeasurementsMm, source.Features.Sides);
            }
        }

        if (firstAgreeing is null)
        {
            var best = candidates[0].Source;
            return Unsupported(
                $"laterality '{Describe(SidesOf(features, best.Features))}' disagrees with the input, which states '{Describe(best.Features.Sides)}': \"{best.Text}\"");
        }

        if (firstSamePolarity is null)
        {
            return Unsupported(features.Negated
                ? $"it denies what the input states: \"{firstAgreeing.Text}\""
                : $"it states what the input denies: \"{firstAgreeing.Text}\"");
        }

        var closest = firstSamePolarity.Features.MeasurementsMm;
        var missing = features.MeasurementsMm.Where(value => !closest.Contains(value)).ToList();
        return Unsupported(
            $"measurement {FormatMm(missing)} does not equal any measurement of the input ({FormatMm(closest)}): \"{firstSamePolarity.Text}\"");
    }

    /// <summary>
    /// Whether the sides agree: the sentence names no side the input lacks, and each finding whose type the input
    /// also reads has a side that input finding covers.
    /// </summary>
    private static bool SidesAgree(SentenceFeatures sentence, SentenceFeatures input)
    {
        if ((sentence.Sides & ~input.Sides) != Sides.None)
        {
            return false;
        }

        foreach (var finding in sentence.Findings)
        {
            var sides = SentenceFeatures.SidesOf(finding.Laterality);
            if (sides == Sides.None)
            {
                continue;
            }

            var sameType = false;
            var covered = false;
            foreach (var other in input.Findings)
            {
                var otherSides = SentenceFeatures.SidesOf(other.Laterality);
                if (otherSides == Sides.None || !string.Equals(other.Type, finding.Type, StringComparison.Ordinal))
                {
                    continue;
                }

                sameType = true;
                covered |= (sides & ~otherSides) == Sides.None;
            }

            if (sameType && !covered)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Whether the sentence affirms what the input affirms and denies what it denies, finding by finding where both
    /// read the same finding type, and by the whole sentence otherwise.
    /// </summary>
    private static bool PolarityAgrees(SentenceFeatures sentence, SentenceFeatures input)
    {
        var compared = false;
        foreach (var finding in sentence.Findings)
        {
            var sameType = false;
            var agrees = false;
            foreach (var other in input.Findings)
            {
                if (string.Equals(other.Type, finding.Type, StringComparison.Ordinal))
                {
                    sameType = true;
                    agrees |= other.Negated == finding.Negated;
                }
            }

            if (sameType && !agrees)
            {
                return false;
            }

            compared |= sameType;
        }

        return compared || sentence.Negated == input.Negated;
    }

    /// <summary>Returns the sides of the sentence that the input does not cover, for the message.</summary>
    private static Sides SidesOf(SentenceFeatures sentence, SentenceFeatures input)
    {
        if ((sentence.Sides & ~input.Sides) != Sides.None)
        {
            return sentence.Sides;
        }

        foreach (var finding in sentence.Findings)
        {
            var sides = SentenceFeatures.SidesOf(finding.Laterality);
            if (sides != Sides.None)
            {
                return sides;
            }
        }

        return sentence.Sides;
    }

    private static void SortByOverlap(List<(GroundingSource Source, double Overlap)> candidates)
    {
        // Insertion sort, because it is stable and the list contains a handful of candidates.
        for (var i = 1; i < candidates.Count; i++)
        {
            var item = candidates[i];
            var j = i - 1;
            while (j >= 0 && candidates[j].Overlap < item.Overlap)
            {
                candidates[j + 1] = candidates[j];
                j--;
            }

            candidates[j + 1] = item;
        }
    }

    private static bool ContainsAll(List<decimal> values, List<decimal> required)
    {
        foreach (var value in required)
        {
            if (!values.Contains(value))
            {
                return false;
            }
        }

        return true;
    }

    private static string? JudgeFinding(
        ModelFinding finding,
        Dictionary<string, SentenceVerdict> verdicts,
        out SentenceVerdict? verdict)
    {
        if (!verdicts.TryGetValue(Normalize(finding.Sentence), out verdict))
        {
            return "its sentence is not a supported sentence of the draft";
        }

        var support = verdict.SupportMm;
        var missing = finding.MeasurementsMm.Where(value => !support.Contains(value)).ToList();
        if (missing.Count > 0)
        {
            return $"measurement {FormatMm(missing)} does not equal any measurement of the input";
        }

        var sides = SentenceFeatures.SidesOf(finding.Laterality);
        if (sides != Sides.None && (sides & ~verdict.SupportSides) != Sides.None)
        {
            return $"laterality '{Describe(sides)}' disagrees with the input, which states '{Describe(verdict.SupportSides)}'";
        }

        return null;
    }

    private static SentenceVerdict Unsupported(string reason) => new(false, [], reason, [], Sides.None);

    private static double Overlap(HashSet<string> words, HashSet<string> source)
    {
        if (words.Count == 0)
        {
            return 1.0;
        }

        var shared = 0;
        foreach (var word in words)
        {
            if (source.Contains(word))
            {
                shared++;
            }
        }

        return (double)shared / words.Count;
    }

    private static string Normalize(string sentence) => sentence.Trim().TrimEnd('.').Trim().ToLowerInvariant();

    private static string Describe(Sides sides) => sides switch
    {
        Sides.Left => "left",
        Sides.Right => "right",
        Sides.Left | Sides.Right => "bilateral",
        _ => "none",
    };

    private static string FormatMm(IEnumerable<decimal> values)
    {
        var list = values.Select(v => v.ToString("0.###", CultureInfo.InvariantCulture) + " mm").ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
