namespace RadAssist;

/// <summary>Points at the input a statement was derived from, so a reader can check it.</summary>
public sealed record SourceReference
{
    /// <summary>Kind of input.</summary>
    public required SourceKind Kind { get; init; }

    /// <summary>Identifier of the input: a prior report id, an SR SOP Instance UID or the event id.</summary>
    public string? SourceId { get; init; }

    /// <summary>Zero-based index of the sentence within the input's text, when the input is text.</summary>
    public int? SentenceIndex { get; init; }

    /// <summary>The source sentence or value itself.</summary>
    public string? Text { get; init; }
}

/// <summary>Kind of input a statement can be traced to.</summary>
public enum SourceKind
{
    /// <summary>A sentence of a prior report.</summary>
    PriorReport,

    /// <summary>A result of an image-analysis algorithm.</summary>
    ImageFinding,

    /// <summary>The clinical indication of the current study.</summary>
    Indication,

    /// <summary>An item of the patient's history.</summary>
    History,

    /// <summary>Metadata of the current study (modality, date, description).</summary>
    StudyMetadata,

    /// <summary>A fixed phrase of the generator that states no finding ("No prior report is available.").</summary>
    Template,
}
