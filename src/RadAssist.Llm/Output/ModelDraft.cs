namespace RadAssist.Llm.Output;

/// <summary>A draft as the model returned it, after parsing and validation, still in de-identified terms.</summary>
internal sealed record ModelDraft(IReadOnlyList<ModelSection> Sections, IReadOnlyList<ModelFinding> Findings);

/// <summary>One section of a model draft.</summary>
internal sealed record ModelSection(DraftSectionKind Kind, IReadOnlyList<string> Sentences);

/// <summary>One structured finding of a model draft.</summary>
internal sealed record ModelFinding(
    string Type,
    string? Site,
    Laterality Laterality,
    bool Negated,
    bool Uncertain,
    TemporalChange Temporal,
    IReadOnlyList<decimal> MeasurementsMm,
    string Sentence);
