using Hl7.Fhir.Model;

namespace RadAssist.Fhir.Writing;

/// <summary>Code systems and codes the writers use, from the FHIR R4 terminology and LOINC, SNOMED CT and UCUM.</summary>
internal static class FhirCodes
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string Ucum = "http://unitsofmeasure.org";
    public const string RadLex = "http://radlex.org";
    public const string Dicom = "http://dicom.nema.org/resources/ontology/DCM";
    public const string DiagnosticServiceSection = "http://terminology.hl7.org/CodeSystem/v2-0074";
    public const string IdentifierType = "http://terminology.hl7.org/CodeSystem/v2-0203";
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string ProvenanceParticipantType = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    public const string DataOperation = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";
    public const string CommunicationCategory = "http://terminology.hl7.org/CodeSystem/communication-category";
    public const string SignatureType = "urn:iso-astm:E1762-95:2013";
    public const string DeviceNameType = "http://hl7.org/fhir/device-nametype";

    /// <summary>The identifier system whose values are URIs (RFC 3986), used for the urn:uuid identifiers of drafts.</summary>
    public const string UriIdentifierSystem = "urn:ietf:rfc:3986";

    /// <summary>The identifier system of DICOM UIDs written as <c>urn:oid:</c> values (FHIR R4 ImagingStudy.identifier).</summary>
    public const string DicomUidSystem = "urn:dicom:uid";

    public static CodeableConcept RadiologyCategory() => new()
    {
        Coding =
        [
            new Coding(DiagnosticServiceSection, "RAD", "Radiology"),
            new Coding(Loinc, "LP29684-5", "Radiology"),
        ],
    };

    public static CodeableConcept ImagingObservationCategory() =>
        new(ObservationCategory, "imaging", "Imaging");

    /// <summary>LOINC 18748-4 "Diagnostic imaging study", the report code when the procedure has no code of its own.</summary>
    public static CodeableConcept ImagingReportCode(string? procedureText) => new()
    {
        Coding = [new Coding(Loinc, "18748-4", "Diagnostic imaging study")],
        Text = procedureText,
    };

    /// <summary>SNOMED CT 410668003 "Length", the concept DICOM TID 1410 uses for linear measurements.</summary>
    public static CodeableConcept Length(string text) => new()
    {
        Coding = [new Coding(Snomed, "410668003", "Length")],
        Text = text,
    };

    /// <summary>
    /// Maps a DICOM coding scheme designator (PS3.16 section 8) to the FHIR code system URI, or returns
    /// <see langword="null"/> for a designator with no known URI, so the coding carries code and display only.
    /// </summary>
    public static string? SystemOf(string scheme) => scheme.ToUpperInvariant() switch
    {
        "SCT" or "SNM3" => Snomed,
        "LN" => Loinc,
        "RADLEX" => RadLex,
        "DCM" => Dicom,
        "UCUM" => Ucum,
        _ => scheme.Contains(':', StringComparison.Ordinal) ? scheme : null,
    };

    public static Coding ToCoding(CodedConcept concept) =>
        new(SystemOf(concept.Scheme), concept.Value, concept.Meaning);

    /// <summary>The LOINC narrative section code of a draft section, after the IHE Imaging Diagnostic Report profile.</summary>
    public static Coding? SectionCode(DraftSectionKind kind) => kind switch
    {
        DraftSectionKind.Findings => new Coding(Loinc, "18782-3", "Radiology Study observation (narrative)"),
        DraftSectionKind.Impression => new Coding(Loinc, "19005-8", "Radiology Imaging study [Impression] (narrative)"),
        DraftSectionKind.Comparison => new Coding(Loinc, "18834-2", "Radiology Comparison study (narrative)"),
        DraftSectionKind.Recommendations => new Coding(Loinc, "18783-1", "Radiology Study recommendation (narrative)"),
        _ => null,
    };
}
