using System.Text.Json.Serialization;

namespace RadAssist;

/// <summary>System.Text.Json source-generated metadata for the types Core serializes.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(StudyEvent))]
[JsonSerializable(typeof(DraftReport))]
internal sealed partial class PipelineJsonContext : JsonSerializerContext;
