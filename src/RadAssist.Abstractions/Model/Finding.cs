namespace RadAssist;

/// <summary>A finding stated in a report or produced by an image-analysis algorithm.</summary>
public sealed record Finding
{
    /// <summary>Kind of finding in lower case, such as <c>nodule</c>, <c>pleural effusion</c> or <c>pneumothorax</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Anatomic site, such as <c>right upper lobe</c>, when stated.</summary>
    public string? Site { get; init; }

    /// <summary>Laterality of the site.</summary>
    public Laterality Laterality { get; init; }

    /// <summary>Whether the text denies the finding ("no pneumothorax").</summary>
    public bool Negated { get; init; }

    /// <summary>Whether the text hedges the finding ("possible", "cannot exclude").</summary>
    public bool Uncertain { get; init; }

    /// <summary>Change over time stated in the text.</summary>
    public TemporalChange Temporal { get; init; }

    /// <summary>Measurements tied to the finding.</summary>
    public IReadOnlyList<Measurement> Measurements { get; init; } = [];

    /// <summary>The sentence the finding was read from.</summary>
    public string? Sentence { get; init; }

    /// <summary>Where the finding came from, for provenance.</summary>
    public SourceReference? Source { get; init; }

    /// <summary>Coded concept of the finding type, when known (SNOMED CT or RadLex).</summary>
    public CodedConcept? Code { get; init; }
}

/// <summary>Laterality of an anatomic site.</summary>
public enum Laterality
{
    /// <summary>Not stated or not applicable.</summary>
    None,

    /// <summary>Left.</summary>
    Left,

    /// <summary>Right.</summary>
    Right,

    /// <summary>Both sides.</summary>
    Bilateral,
}

/// <summary>Change of a finding since a prior exam, as stated in the text or computed from measurements.</summary>
public enum TemporalChange
{
    /// <summary>No temporal statement.</summary>
    None,

    /// <summary>Not present before.</summary>
    New,

    /// <summary>Unchanged or stable.</summary>
    Unchanged,

    /// <summary>Larger or worse.</summary>
    Increased,

    /// <summary>Smaller or better.</summary>
    Decreased,

    /// <summary>No longer seen.</summary>
    Resolved,
}

/// <summary>A size stated in a report, normalized to millimetres.</summary>
/// <remarks>
/// Values are <see cref="decimal"/> so that the written precision survives: "12.0 mm" stays 12.0 and
/// "1.20 cm" becomes 12.0 mm (the same significant figures), never a binary floating-point approximation.
/// </remarks>
public sealed record Measurement
{
    /// <summary>The measurement as written, such as <c>1.2 x 0.8 cm</c>.</summary>
    public required string Text { get; init; }

    /// <summary>Values in millimetres: one per dimension, or the low and high ends when <see cref="IsRange"/> is set.</summary>
    public required IReadOnlyList<decimal> ValuesMm { get; init; }

    /// <summary>Whether the values are the two ends of a range ("8 to 10 mm") rather than dimensions.</summary>
    public bool IsRange { get; init; }

    /// <summary>Whether the value describes the prior exam ("previously 8 mm") rather than the current one.</summary>
    public bool IsPrior { get; init; }

    /// <summary>Unit as written: <c>mm</c>, <c>cm</c> or <c>m</c>.</summary>
    public string Unit { get; init; } = "mm";

    /// <summary>The longest value in millimetres, which RECIST and Lung-RADS use.</summary>
    public decimal LongestMm => ValuesMm.Count == 0 ? 0m : ValuesMm.Max();
}

/// <summary>A coded concept: code value, coding scheme designator and code meaning (DICOM PS3.3 section 8.8).</summary>
/// <param name="Value">Code value, such as <c>59776-5</c>.</param>
/// <param name="Scheme">Coding scheme designator, such as <c>LN</c>, <c>SCT</c>, <c>DCM</c>, <c>UCUM</c> or <c>RADLEX</c>.</param>
/// <param name="Meaning">Human-readable code meaning.</param>
public sealed record CodedConcept(string Value, string Scheme, string Meaning);

/// <summary>A structured category suggested from findings, such as a Lung-RADS or BI-RADS assessment.</summary>
public sealed record CategoryAssessment
{
    /// <summary>Name and version of the system, such as <c>Lung-RADS v2022</c>.</summary>
    public required string System { get; init; }

    /// <summary>Category, such as <c>4A</c>.</summary>
    public required string Category { get; init; }

    /// <summary>Meaning of the category, such as "probably suspicious".</summary>
    public string? Description { get; init; }

    /// <summary>Management the system recommends for the category.</summary>
    public string? Management { get; init; }

    /// <summary>Why the category was assigned: the rule and the values it used.</summary>
    public string? Basis { get; init; }

    /// <summary>The sentence the category was derived from.</summary>
    public SourceReference? Source { get; init; }
}

/// <summary>A finding that must be communicated to the referring clinician within a set time.</summary>
public sealed record CriticalResult
{
    /// <summary>The lexicon term matched, such as <c>pneumothorax</c>.</summary>
    public required string Term { get; init; }

    /// <summary>How fast the finding must be communicated.</summary>
    public CriticalUrgency Urgency { get; init; }

    /// <summary>The sentence that states the finding.</summary>
    public required string Sentence { get; init; }

    /// <summary>Where the sentence came from.</summary>
    public SourceReference? Source { get; init; }
}

/// <summary>Urgency of a critical result, after the ACR practice parameter on communication of diagnostic imaging findings.</summary>
public enum CriticalUrgency
{
    /// <summary>Actionable but not urgent: communicate within days.</summary>
    NonUrgent,

    /// <summary>Urgent: communicate within hours.</summary>
    Urgent,

    /// <summary>Emergent: communicate within minutes.</summary>
    Emergent,
}
