using Microsoft.Extensions.Options;

namespace RadAssist.Governance;

/// <summary>The rollout mode chosen for one exam, with the reason.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Reason">Why: the kill switch, the matching rule, or the default.</param>
public sealed record RolloutDecision(RolloutMode Mode, string Reason)
{
    /// <summary>Whether a draft is generated at all.</summary>
    public bool GeneratesDraft => Mode != RolloutMode.Off;

    /// <summary>Whether renderings are sent to delivery targets.</summary>
    public bool DeliversDraft => Mode is RolloutMode.Suggest or RolloutMode.MandatoryReview;
}

/// <summary>
/// Decides the rollout mode of each exam from <see cref="RolloutOptions"/>, reading the current options on every
/// call so that a configuration reload, including the kill switch, applies to the next exam without a restart.
/// </summary>
public sealed class RolloutPolicy
{
    /// <summary>The use case of the main job: drafting the report of a study.</summary>
    public const string ReportDraftUseCase = "report-draft";

    private readonly IOptionsMonitor<RolloutOptions> _options;

    /// <summary>Creates a policy that reads options from a monitor.</summary>
    /// <param name="options">The options monitor, bound to configuration with reload on change.</param>
    public RolloutPolicy(IOptionsMonitor<RolloutOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    /// <summary>Decides the mode for an exam.</summary>
    /// <param name="modality">Modality code of the study, when known.</param>
    /// <param name="bodyPart">Body part of the study, when known.</param>
    /// <param name="useCase">Use case; <see cref="ReportDraftUseCase"/> when omitted.</param>
    public RolloutDecision Decide(string? modality, string? bodyPart, string? useCase = null)
    {
        var options = _options.CurrentValue;
        if (options.KillSwitch)
        {
            return new RolloutDecision(RolloutMode.Off, "kill switch is on: human-only workflow");
        }

        useCase ??= ReportDraftUseCase;
        RolloutRule? best = null;
        var bestSpecificity = -1;
        for (var i = 0; i < options.Rules.Count; i++)
        {
            var rule = options.Rules[i];
            if (!Matches(rule.Modality, modality) || !Matches(rule.BodyPart, bodyPart) || !Matches(rule.UseCase, useCase))
            {
                continue;
            }

            var specificity = (rule.Modality is null ? 0 : 1) + (rule.BodyPart is null ? 0 : 1) + (rule.UseCase is null ? 0 : 1);
            if (specificity > bestSpecificity)
            {
                best = rule;
                bestSpecificity = specificity;
            }
        }

        return best is null
            ? new RolloutDecision(options.DefaultMode, "no rollout rule matches: default mode")
            : new RolloutDecision(best.Mode, $"rollout rule modality={best.Modality ?? "*"} body_part={best.BodyPart ?? "*"} use_case={best.UseCase ?? "*"}");
    }

    /// <summary>
    /// Applies a decision to a generated draft: in <see cref="RolloutMode.MandatoryReview"/> every draft requires
    /// review, and in <see cref="RolloutMode.Suggest"/> a draft with critical results or flagged (low-confidence)
    /// sentences does.
    /// </summary>
    /// <param name="decision">The decision for the exam.</param>
    /// <param name="draft">The generated draft.</param>
    /// <returns>The draft, marked for mandatory review when the decision requires it.</returns>
    public static DraftReport Apply(RolloutDecision decision, DraftReport draft)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(draft);

        var lowConfidence = draft.Sections.Any(s => s.Sentences.Any(sentence => sentence.Flag is not null));
        var requiresReview = decision.Mode == RolloutMode.MandatoryReview
            || (decision.Mode == RolloutMode.Suggest && (draft.CriticalResults.Count > 0 || lowConfidence));
        return requiresReview && !draft.RequiresMandatoryReview ? draft with { RequiresMandatoryReview = true } : draft;
    }

    /// <summary>Returns the lower-case name of a mode as stored under <see cref="GovernanceDataKeys.RolloutMode"/>.</summary>
    /// <param name="mode">The mode.</param>
    public static string ModeName(RolloutMode mode) => mode switch
    {
        RolloutMode.Off => "off",
        RolloutMode.Silent => "silent",
        RolloutMode.Suggest => "suggest",
        RolloutMode.MandatoryReview => "mandatory-review",
        _ => mode.ToString().ToLowerInvariant(),
    };

    private static bool Matches(string? criterion, string? value) =>
        criterion is null || string.Equals(criterion.Trim(), value?.Trim(), StringComparison.OrdinalIgnoreCase);
}
