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
        var words = ReportLanguage.ContentWords(sentence);
        var measurements = ReportLanguage.MeasurementsMm(sentence);
        var sides = ReportLanguage.SidesOf(sentence);
        var negated = ReportLanguage.IsNegated(sentence);

        if (words.Count == 0 && measurements.Count == 0)
        {
            // A sentence with no content word ("Unchanged.") states no finding of its own.
            return new SentenceVerdict(true, [], null, [], Sides.None);
        }

        var candidates = _sources.Sources
            .Select(source => (Source: source, Overlap: Overlap(words, source.Words)))
            .Where(candidate => candidate.Overlap >= MinimumWordOverlap)
            .OrderByDescending(candidate => candidate.Overlap)
            .ToList();
        if (candidates.Count == 0)
        {
            return Unsupported("no input sentence states it");
        }

        var agreeing = candidates
            .Where(c => (sides & ~c.Source.Sides) == Sides.None || (sides == Sides.None))
            .ToList();
        if (agreeing.Count == 0)
        {
            var best = candidates[0].Source;
            return Unsupported(
                $"laterality '{Describe(sides)}' disagrees with the input, which states '{Describe(best.Sides)}': \"{best.Text}\"");
        }

        var samePolarity = agreeing.Where(c => c.Source.Negated == negated).ToList();
        if (samePolarity.Count == 0)
        {
            var best = agreeing[0].Source;
            return Unsupported(negated
                ? $"it denies what the input states: \"{best.Text}\""
                : $"it states what the input denies: \"{best.Text}\"");
        }

        foreach (var (source, _) in samePolarity)
        {
            if (measurements.All(value => source.MeasurementsMm.Contains(value)))
            {
                return new SentenceVerdict(true, [source.ToReference()], null, source.MeasurementsMm, source.Sides);
            }
        }

        var closest = samePolarity[0].Source;
        var missing = measurements.Where(value => !closest.MeasurementsMm.Contains(value)).ToList();
        return Unsupported(
            $"measurement {FormatMm(missing)} does not equal any measurement of the input ({FormatMm(closest.MeasurementsMm)}): \"{closest.Text}\"");
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

        var sides = ReportLanguage.SidesOf(finding.Laterality);
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
