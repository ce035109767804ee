using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace RadAssist.Fhir.Writing;

/// <summary>FHIR R4 JSON through Firely's System.Text.Json converters, which keep decimal scale as written.</summary>
internal static class FhirJson
{
    /// <summary>Strict options: a resource that breaks the R4 JSON rules fails to parse, with every error listed.</summary>
    public static readonly JsonSerializerOptions Options = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static byte[] SerializeToUtf8Bytes(Resource resource) => JsonSerializer.SerializeToUtf8Bytes(resource, Options);

    public static string Serialize(Resource resource) => JsonSerializer.Serialize(resource, Options);

    /// <summary>Parses a resource of a known type.</summary>
    /// <exception cref="DeserializationFailedException">The JSON is not a valid R4 resource of that type.</exception>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json)
        where T : Resource =>
        JsonSerializer.Deserialize<T>(utf8Json, Options)
        ?? throw new JsonException($"The JSON is null where a {typeof(T).Name} was expected.");

    /// <inheritdoc cref="Parse{T}(ReadOnlySpan{byte})"/>
    public static T Parse<T>(string json)
        where T : Resource =>
        JsonSerializer.Deserialize<T>(json, Options)
        ?? throw new JsonException($"The JSON is null where a {typeof(T).Name} was expected.");
}
