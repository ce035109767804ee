using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;

namespace RadAssist.Categories;

/// <summary>
/// Finds the categories a report states (BI-RADS, LI-RADS, PI-RADS, Lung-RADS) and suggests one for each measured
/// pulmonary nodule: Lung-RADS when the report is a lung cancer screening exam, Fleischner 2017 otherwise.
/// </summary>
/// <remarks>
/// A nodule suggestion needs an affirmed nodule with a current size. Its composition comes from the words
/// "ground-glass", "nonsolid", "part-solid" or "subsolid" in the sentence, else it is solid. A part-solid nodule gets
/// no suggestion, because its category needs the solid component, which reports rarely state in a form this reader
/// parses. Calcified nodules get none either. The suggestion names its inputs in <see cref="CategoryAssessment.Basis"/>.
/// </remarks>
internal static partial class CategorySuggester
{
    // Words every screening statement and every stated category contains, so most sentences skip the patterns.
    private static readonly SearchValues<string> ScreeningWords =
        SearchValues.Create(["screen", "ldct", "low"], StringComparison.OrdinalIgnoreCase);

    private static readonly SearchValues<string> CategoryWords =
        SearchValues.Create(["rads", "lr-", "lr "], StringComparison.OrdinalIgnoreCase);

    public static List<CategoryAssessment> Suggest(
        IReadOnlyList<ReportSentence> sentences,
        SourceKind? sourceKind,
        string? sourceId)
    {
        var categories = new List<CategoryAssessment>();
        var screening = false;
        foreach (var sentence in sentences)
        {
            if (sentence.Text.AsSpan().ContainsAny(ScreeningWords) && ScreeningPattern().IsMatch(sentence.Text))
            {
                screening = true;
                break;
            }
        }

        foreach (var sentence in sentences)
        {
            SourceReference? source = null;
            SourceReference Source() => source ??= new SourceReference
            {
                Kind = sourceKind ?? SourceKind.PriorReport,
                SourceId = sourceId,
                SentenceIndex = sentence.Index,
                Text = sentence.Text,
            };

            // Every stated category names its system ("BI-RADS", "LR-"), so most sentences skip the patterns.
            if (sentence.Text.AsSpan().ContainsAny(CategoryWords))
            {
                AddStated(categories, sentence.Text, Source());
            }

            foreach (var finding in sentence.Findings)
            {
                if (SuggestForNodule(finding, sentence.Text, screening) is { } suggestion)
                {
                    categories.Add(suggestion with { Source = Source() });
                }
            }
        }

        return categories;
    }

    private static void AddStated(List<CategoryAssessment> categories, string text, SourceReference source)
    {
        foreach (Match match in BiRadsPattern().Matches(text))
        {
            var stated = BiRads.Describe(match.Groups["c"].Value + match.Groups["s"].Value);
            categories.Add(stated with { Basis = "stated in the report", Source = source });
        }

        foreach (Match match in LiRadsPattern().Matches(text))
        {
            var stated = LiRads.Describe(match.Groups["c"].Value);
            categories.Add(stated with { Basis = "stated in the report", Source = source });
        }

        foreach (Match match in PiRadsPattern().Matches(text))
        {
            var stated = PiRads.Describe(int.Parse(match.Groups["c"].Value, CultureInfo.InvariantCulture));
            categories.Add(stated with { Basis = "stated in the report", Source = source });
        }

        foreach (Match match in LungRadsPattern().Matches(text))
        {
            var category = (match.Groups["c"].Value + match.Groups["s"].Value).ToUpperInvariant();
            if (category is "0" or "1" or "2" or "3" or "4A" or "4B" or "4X")
            {
                categories.Add(LungRads.Describe(category) with { Source = source });
            }
        }
    }

    private static CategoryAssessment? SuggestForNodule(Finding finding, string sentence, bool screening)
    {
        if (finding.Negated || finding.Type is not ("nodule" or "ground-glass nodule" or "part-solid nodule")
            || finding.Measurements.Count == 0
            || sentence.Contains("calcified", StringComparison.OrdinalIgnoreCase)
            || !IsPulmonary(finding, sentence))
        {
            return null;
        }

        var measurement = finding.Measurements.FirstOrDefault(m => !m.IsPrior && !m.IsRange);
        if (measurement is null)
        {
            return null;
        }

        var composition = CompositionOf(finding, sentence);
        if (composition == NoduleComposition.PartSolid)
        {
            return null;
        }

        var values = measurement.ValuesMm;
        var multiple = sentence.Contains("nodules", StringComparison.OrdinalIgnoreCase);

        if (screening)
        {
            var mean = values.Count >= 2 ? LungRads.MeanDiameter(values[0], values[1]) : values[0];
            var prior = finding.Measurements.FirstOrDefault(m => m.IsPrior && !m.IsRange);
            var status = finding.Temporal switch
            {
                TemporalChange.New => NoduleStatus.New,
                TemporalChange.Unchanged => NoduleStatus.Stable,
                _ when prior is not null && LungRads.IsGrowth(prior.LongestMm, mean) => NoduleStatus.Growing,
                TemporalChange.Increased when prior is null => NoduleStatus.Growing,
                _ => NoduleStatus.Baseline,
            };
            return LungRads.Assess(new LungNodule { Composition = composition, MeanDiameterMm = mean, Status = status });
        }

        var average = values.Count >= 2 ? (values[0] + values[1]) / 2m : values[0];
        return Fleischner.Assess(composition, average, multiple);
    }

    private static NoduleComposition CompositionOf(Finding finding, string sentence)
    {
        if (finding.Type == "ground-glass nodule" || GroundGlassPattern().IsMatch(sentence))
        {
            return NoduleComposition.GroundGlass;
        }

        return finding.Type == "part-solid nodule" || PartSolidPattern().IsMatch(sentence)
            ? NoduleComposition.PartSolid
            : NoduleComposition.Solid;
    }

    private static bool IsPulmonary(Finding finding, string sentence)
    {
        if (finding.Site is { } site)
        {
            return site.Contains("lobe", StringComparison.Ordinal) || site.Contains("lung", StringComparison.Ordinal)
                || site.Contains("lingula", StringComparison.Ordinal) || site.Contains("fissure", StringComparison.Ordinal);
        }

        return PulmonaryPattern().IsMatch(sentence);
    }

    [GeneratedRegex(@"\b(?:lung cancer screening|screening (?:low[- ]dose )?(?:chest )?CT|LDCT|low[- ]dose (?:chest )?CT)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ScreeningPattern();

    [GeneratedRegex(@"\bBI-?RADS(?:\s*(?:category|assessment|cat\.?))?\s*[:\-]?\s*(?<c>[0-6])(?<s>[ABCabc])?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BiRadsPattern();

    [GeneratedRegex(@"\b(?:LI-?RADS(?:\s*(?:v?2018))?(?:\s*(?:category|cat\.?))?\s*[:\-]?\s*(?:LR-?)?|(?<![\w-])LR-)(?<c>[1-5]|M|TIV|NC)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LiRadsPattern();

    [GeneratedRegex(@"\bPI-?RADS(?:\s*(?:v(?:ersion)?\s*2(?:\.1)?))?(?:\s*(?:score|category|assessment))?\s*[:\-]?\s*(?<c>[1-5])\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PiRadsPattern();

    [GeneratedRegex(@"\bLung-?RADS(?:\s*(?:v(?:ersion)?\s*)?(?:2022|1\.1))?(?:\s*(?:category|cat\.?))?\s*[:\-]?\s*(?<c>[0-4])(?<s>[ABXabx])?\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LungRadsPattern();

    [GeneratedRegex(@"\b(?:ground[- ]glass|non-?solid)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GroundGlassPattern();

    [GeneratedRegex(@"\b(?:part[- ]solid|sub-?solid|semi-?solid)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PartSolidPattern();

    [GeneratedRegex(@"\b(?:lung|lungs|pulmonary|lobe|lingula|perifissural|subpleural)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PulmonaryPattern();
}
