namespace RadAssist;

/// <summary>
/// Everything known about one study at the time a draft is generated, built up by the context sources.
/// </summary>
/// <remarks>
/// A context is built for one event and used by one pipeline run; it is not thread-safe. Context sources run
/// one after another and add to the lists or fill properties that are still empty.
/// </remarks>
public sealed class ReportingContext
{
    /// <summary>Creates a context for an event, copying what the event already states.</summary>
    /// <param name="studyEvent">The event that started the run.</param>
    /// <param name="correlationId">Identifier that links every audit event of this run.</param>
    public ReportingContext(StudyEvent studyEvent, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(studyEvent);
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationId);

        Event = studyEvent;
        CorrelationId = correlationId;
        Study = new StudyInfo
        {
            StudyInstanceUid = studyEvent.StudyInstanceUid,
            AccessionNumber = studyEvent.AccessionNumber,
            Modality = studyEvent.Modality,
            BodyPart = studyEvent.BodyPart,
            Description = studyEvent.ProcedureDescription,
            StudyDate = studyEvent.StudyDate,
            ReasonForStudy = studyEvent.ClinicalIndication,
        };
        Patient = new PatientInfo { PatientId = studyEvent.PatientId };
        Radiologist = studyEvent.Radiologist;
        PriorReports.AddRange(studyEvent.InlinePriorReports);
    }

    /// <summary>The event that started the run.</summary>
    public StudyEvent Event { get; }

    /// <summary>Identifier that links every audit event of this run.</summary>
    public string CorrelationId { get; }

    /// <summary>The current study.</summary>
    public StudyInfo Study { get; set; }

    /// <summary>The patient. Identifying fields are replaced before the context reaches a model.</summary>
    public PatientInfo Patient { get; set; }

    /// <summary>Earlier reports of the patient, newest first once the pipeline has ordered them.</summary>
    public List<PriorReport> PriorReports { get; } = [];

    /// <summary>Relevant history: problems, procedures and recent observations.</summary>
    public List<HistoryItem> History { get; } = [];

    /// <summary>Findings of image-analysis algorithms already stored for the current study (AI result SRs).</summary>
    public List<Finding> ImageFindings { get; } = [];

    /// <summary>Earlier studies of the patient known to the PACS, with or without a report.</summary>
    public List<StudyInfo> PriorStudies { get; } = [];

    /// <summary>The radiologist who will report the study, when known.</summary>
    public RadiologistProfile? Radiologist { get; set; }

    /// <summary>Warnings raised while the context was built, such as a prior report that could not be read.</summary>
    public List<string> Warnings { get; } = [];
}

/// <summary>What is known about one study.</summary>
public sealed record StudyInfo
{
    /// <summary>Study Instance UID (0020,000D).</summary>
    public string? StudyInstanceUid { get; init; }

    /// <summary>Accession number (0008,0050).</summary>
    public string? AccessionNumber { get; init; }

    /// <summary>Modality code, such as <c>CT</c>.</summary>
    public string? Modality { get; init; }

    /// <summary>Body Part Examined (0018,0015).</summary>
    public string? BodyPart { get; init; }

    /// <summary>Study Description (0008,1030) or the ordered procedure's name.</summary>
    public string? Description { get; init; }

    /// <summary>Study Date (0008,0020).</summary>
    public DateOnly? StudyDate { get; init; }

    /// <summary>Reason for the requested procedure or clinical indication.</summary>
    public string? ReasonForStudy { get; init; }

    /// <summary>Series of the study, when the PACS was asked.</summary>
    public IReadOnlyList<SeriesInfo> Series { get; init; } = [];
}

/// <summary>One series of a study.</summary>
/// <param name="SeriesInstanceUid">Series Instance UID (0020,000E).</param>
/// <param name="Modality">Modality (0008,0060).</param>
/// <param name="Description">Series Description (0008,103E), when present.</param>
/// <param name="InstanceCount">Number of instances in the series, when known.</param>
public sealed record SeriesInfo(string SeriesInstanceUid, string? Modality, string? Description, int? InstanceCount);

/// <summary>Demographics of the patient. Every field here is identifying.</summary>
public sealed record PatientInfo
{
    /// <summary>Patient identifier (MRN).</summary>
    public string? PatientId { get; init; }

    /// <summary>Patient name in DICOM PN form (<c>Family^Given</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Date of birth.</summary>
    public DateOnly? BirthDate { get; init; }

    /// <summary>Administrative sex code (<c>M</c>, <c>F</c>, <c>O</c>, <c>U</c>).</summary>
    public string? Sex { get; init; }
}

/// <summary>One item of the patient's history relevant to the study.</summary>
/// <param name="Kind">What the item is: <c>condition</c>, <c>procedure</c> or <c>observation</c>.</param>
/// <param name="Text">The item as a short human-readable statement.</param>
/// <param name="Date">Onset or performed date, when known.</param>
/// <param name="SourceId">Identifier of the item in its source, for provenance.</param>
public sealed record HistoryItem(string Kind, string Text, DateOnly? Date, string? SourceId);

/// <summary>The radiologist who reports the study, as far as drafting needs to know.</summary>
/// <param name="Id">Identifier of the radiologist in the host system.</param>
/// <param name="Subspecialty">Subspecialty, such as "thoracic" or "neuroradiology".</param>
/// <param name="PreferredStyle">Preferred reporting style, such as "concise" or "structured".</param>
public sealed record RadiologistProfile(string Id, string? Subspecialty = null, string? PreferredStyle = null);
