using System.Text.Json.Serialization;

namespace RadAssist.Adapters;

/// <summary>
/// The generic webhook payload a reporting system posts when a study is ready or opened.
/// </summary>
/// <remarks>Field names are snake_case in JSON. Unknown fields are ignored so senders can add their own.</remarks>
public sealed record WebhookPayload
{
    /// <summary>Study Instance UID of the study to report. Required unless <see cref="AccessionNumber"/> is given.</summary>
    [JsonPropertyName("study_uid")]
    public string? StudyUid { get; init; }

    /// <summary>Accession number of the study. Optional.</summary>
    [JsonPropertyName("accession_number")]
    public string? AccessionNumber { get; init; }

    /// <summary>Patient identifier (MRN). Required.</summary>
    [JsonPropertyName("patient_id")]
    public string? PatientId { get; init; }

    /// <summary>DICOM modality code, such as <c>CT</c>. Required.</summary>
    [JsonPropertyName("modality")]
    public string? Modality { get; init; }

    /// <summary>Body part examined, such as <c>CHEST</c>. Optional.</summary>
    [JsonPropertyName("body_part")]
    public string? BodyPart { get; init; }

    /// <summary>Clinical indication as free text. Optional.</summary>
    [JsonPropertyName("clinical_indication")]
    public string? ClinicalIndication { get; init; }

    /// <summary>Text of the most recent prior report. Optional.</summary>
    [JsonPropertyName("prior_report_text")]
    public string? PriorReportText { get; init; }

    /// <summary>Name of the prior exam, such as "CT chest". Optional.</summary>
    [JsonPropertyName("prior_exam")]
    public string? PriorExam { get; init; }

    /// <summary>Date of the prior exam as an ISO 8601 date (<c>yyyy-MM-dd</c>). Optional.</summary>
    [JsonPropertyName("prior_exam_date")]
    public string? PriorExamDate { get; init; }

    /// <summary>Name of the sending integration, such as <c>sectra_reporting</c>. Optional.</summary>
    [JsonPropertyName("integration_context")]
    public string? IntegrationContext { get; init; }

    /// <summary>Identifier of the event in the sender, for idempotency. Optional.</summary>
    [JsonPropertyName("event_id")]
    public string? EventId { get; init; }
}

[JsonSourceGenerationOptions(
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    AllowTrailingCommas = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
