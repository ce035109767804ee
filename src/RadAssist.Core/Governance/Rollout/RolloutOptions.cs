namespace RadAssist.Governance;

/// <summary>How far AI drafting is rolled out for an exam type.</summary>
public enum RolloutMode
{
    /// <summary>No draft is generated; the exam follows the human-only workflow.</summary>
    Off,

    /// <summary>A draft is generated, checked, rendered and audited, but nothing is delivered or shown.</summary>
    Silent,

    /// <summary>The draft is delivered as a suggestion. Drafts with critical results or flagged sentences still require review.</summary>
    Suggest,

    /// <summary>Every draft is delivered marked for mandatory review before anything else happens with it.</summary>
    MandatoryReview,
}

/// <summary>
/// Rollout policy per modality, body part and use case, with a kill switch. Bind it to a configuration section
/// (by default <c>RadAssist:Rollout</c>) so that changes apply without a restart.
/// </summary>
public sealed class RolloutOptions
{
    /// <summary>The default configuration section.</summary>
    public const string SectionName = "RadAssist:Rollout";

    /// <summary>Returns every exam to the human-only workflow: no draft is generated while it is set.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool KillSwitch { get; set; }

    /// <summary>Mode for exams that no rule matches.</summary>
    /// <value>Default <see cref="RolloutMode.Suggest"/>, so that a host that configures no rollout gets drafts.</value>
    public RolloutMode DefaultMode { get; set; } = RolloutMode.Suggest;

    /// <summary>Rules; the most specific matching rule wins, and the first of equally specific ones.</summary>
    public IList<RolloutRule> Rules { get; } = [];
}

/// <summary>One rollout rule. Unset criteria match every exam.</summary>
public sealed class RolloutRule
{
    /// <summary>Modality code to match, such as <c>CT</c>; compared without regard to case.</summary>
    public string? Modality { get; set; }

    /// <summary>Body part to match, such as <c>CHEST</c>; compared without regard to case.</summary>
    public string? BodyPart { get; set; }

    /// <summary>Use case to match, such as <c>report-draft</c>; compared without regard to case.</summary>
    public string? UseCase { get; set; }

    /// <summary>Mode for matching exams.</summary>
    /// <value>Default <see cref="RolloutMode.Off"/>.</value>
    public RolloutMode Mode { get; set; } = RolloutMode.Off;
}
