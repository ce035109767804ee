namespace RadAssist.Fhir.Writing;

/// <summary>The radiologist's signature that turns a reviewed draft into a final report.</summary>
/// <param name="RadiologistId">Identifier of the signing radiologist in the host system.</param>
/// <param name="SignedAt">Time of signing.</param>
/// <param name="Display">Name of the radiologist as displayed, when known.</param>
internal sealed record ReportSignature(string RadiologistId, DateTimeOffset SignedAt, string? Display = null);
