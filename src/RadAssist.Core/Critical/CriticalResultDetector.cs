using System.Collections.Frozen;

namespace RadAssist;

/// <summary>
/// Finds critical results in analyzed report text: affirmed findings of a lexicon of conditions that must be
/// communicated to the referring clinician, graded by urgency.
/// </summary>
/// <remarks>
/// A finding counts when the text affirms it, including when it hedges ("possible pneumothorax"), because a missed
/// critical result costs more than a false alert. Negated findings ("no pneumothorax") and resolved ones ("the
/// pneumothorax has resolved") never count. <see cref="ReportAnalyzer"/> passes only the findings a report states as
/// current results, so past history and questions ("rule out pneumothorax") never reach the detector. The three
/// urgency levels follow the ACR Practice Parameter for Communication of Diagnostic Imaging Findings and the ACR
/// Actionable Reporting Work Group (Larson et al., J Am Coll Radiol 2014): minutes, hours, days. Which term gets which level is this engine's default and a host may override it.
/// </remarks>
public sealed class CriticalResultDetector
{
    /// <summary>The default lexicon: finding type and urgency.</summary>
    public static readonly IReadOnlyDictionary<string, CriticalUrgency> DefaultLexicon = new Dictionary<string, CriticalUrgency>
    {
        ["tension pneumothorax"] = CriticalUrgency.Emergent,
        ["pneumothorax"] = CriticalUrgency.Urgent,
        ["hydropneumothorax"] = CriticalUrgency.Urgent,
        ["pneumomediastinum"] = CriticalUrgency.Urgent,
        ["mediastinal hematoma"] = CriticalUrgency.Emergent,
        ["pulmonary embolism"] = CriticalUrgency.Emergent,
        ["aortic dissection"] = CriticalUrgency.Emergent,
        ["ruptured aortic aneurysm"] = CriticalUrgency.Emergent,
        ["intracranial hemorrhage"] = CriticalUrgency.Emergent,
        ["subdural hematoma"] = CriticalUrgency.Emergent,
        ["epidural hematoma"] = CriticalUrgency.Emergent,
        ["subarachnoid hemorrhage"] = CriticalUrgency.Emergent,
        ["hemorrhage"] = CriticalUrgency.Emergent,
        ["acute infarct"] = CriticalUrgency.Emergent,
        ["large vessel occlusion"] = CriticalUrgency.Emergent,
        ["midline shift"] = CriticalUrgency.Emergent,
        ["herniation"] = CriticalUrgency.Emergent,
        ["cord compression"] = CriticalUrgency.Emergent,
        ["pneumoperitoneum"] = CriticalUrgency.Emergent,
        ["perforation"] = CriticalUrgency.Emergent,
        ["volvulus"] = CriticalUrgency.Emergent,
        ["pneumatosis"] = CriticalUrgency.Emergent,
        ["bowel obstruction"] = CriticalUrgency.Urgent,
        ["appendicitis"] = CriticalUrgency.Urgent,
        ["cholecystitis"] = CriticalUrgency.Urgent,
        ["abscess"] = CriticalUrgency.Urgent,
        ["testicular torsion"] = CriticalUrgency.Emergent,
        ["ovarian torsion"] = CriticalUrgency.Emergent,
        ["torsion"] = CriticalUrgency.Emergent,
        ["ectopic pregnancy"] = CriticalUrgency.Emergent,
        ["malpositioned tube"] = CriticalUrgency.Emergent,
        ["deep vein thrombosis"] = CriticalUrgency.Urgent,
        ["hydrocephalus"] = CriticalUrgency.Urgent,
        ["metastasis"] = CriticalUrgency.NonUrgent,
        ["tumor"] = CriticalUrgency.NonUrgent,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private readonly IReadOnlyDictionary<string, CriticalUrgency> _lexicon;

    /// <summary>Creates a detector with <see cref="DefaultLexicon"/>.</summary>
    public CriticalResultDetector()
        : this(DefaultLexicon)
    {
    }

    /// <summary>Creates a detector with a host's own lexicon.</summary>
    /// <param name="lexicon">
    /// Finding types, as <see cref="Finding.Type"/> names them, and the urgency of each. Types the analyzer does not
    /// produce never match.
    /// </param>
    public CriticalResultDetector(IReadOnlyDictionary<string, CriticalUrgency> lexicon)
    {
        ArgumentNullException.ThrowIfNull(lexicon);
        _lexicon = lexicon;
    }

    /// <summary>Returns one critical result per affirmed finding of the lexicon, in reading order.</summary>
    /// <param name="findings">Findings read from report text.</param>
    public IReadOnlyList<CriticalResult> Detect(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);

        var results = new List<CriticalResult>();
        foreach (var finding in findings)
        {
            if (finding.Negated || finding.Temporal == TemporalChange.Resolved
                || !_lexicon.TryGetValue(finding.Type, out var urgency))
            {
                continue;
            }

            results.Add(new CriticalResult
            {
                Term = finding.Type,
                Urgency = urgency,
                Sentence = finding.Sentence ?? string.Empty,
                Source = finding.Source,
            });
        }

        return results;
    }
}
