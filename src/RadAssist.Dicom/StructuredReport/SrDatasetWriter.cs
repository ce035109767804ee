using System.Globalization;

namespace RadAssist.Dicom.StructuredReport;

/// <summary>
/// Encodes an <see cref="SrDocument"/> as a dataset of its SR IOD (DICOM PS3.3 A.35). Type 1 and 1C sequences
/// are written with at least one item or left out; Type 2 attributes are always present, empty when unknown.
/// </summary>
internal sealed class SrDatasetWriter
{
    // Code items repeat (units, concept names), so one dataset per concept is shared by every sequence using it.
    private readonly Dictionary<CodedConcept, DicomDataset> _codeItems = [];
    private readonly List<SrReference> _references = [];
    private readonly SrDocumentType _type;

    private SrDatasetWriter(SrDocumentType type)
    {
        _type = type;
    }

    public static DicomDataset Write(SrDocument document)
    {
        var root = document.Root;
        if (root.ValueType != SrValueType.Container || root.Relationship != SrRelationship.None || root.ConceptName is null)
        {
            throw new InvalidOperationException("The root content item must be a CONTAINER with a concept name and no relationship (PS3.3 C.17.3).");
        }

        RequireUid(document.StudyInstanceUid, "Study Instance UID (0020,000D)");
        RequireUid(document.SeriesInstanceUid, "Series Instance UID (0020,000E)");
        RequireUid(document.SopInstanceUid, "SOP Instance UID (0008,0018)");
        if (document.AuthorDevice is { } device)
        {
            RequireUid(device.Uid, "Device Observer UID");
        }

        var writer = new SrDatasetWriter(document.DocumentType);
        var dataset = new DicomDataset(48);
        writer.WriteHeader(document, dataset);
        writer.WriteContent(root, dataset, isRoot: true);
        writer.WriteEvidence(document, dataset);
        return dataset;
    }

    private void WriteHeader(SrDocument document, DicomDataset dataset)
    {
        var created = document.ContentDateTime;
        var studyDate = document.StudyDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? string.Empty;
        dataset
            .Set(DicomTags.InstanceCreationDate, DicomVR.DA, SrFormat.Date(created))
            .Set(DicomTags.InstanceCreationTime, DicomVR.TM, SrFormat.Time(created))
            .Set(DicomTags.SopClassUid, DicomVR.UI, SrDocument.SopClassUidOf(_type))
            .Set(DicomTags.SopInstanceUid, DicomVR.UI, document.SopInstanceUid)
            .Set(DicomTags.StudyDate, DicomVR.DA, studyDate)
            .Set(DicomTags.ContentDate, DicomVR.DA, SrFormat.Date(created))
            .Set(DicomTags.StudyTime, DicomVR.TM, string.Empty)
            .Set(DicomTags.ContentTime, DicomVR.TM, SrFormat.Time(created))
            .Set(DicomTags.AccessionNumber, DicomVR.SH, document.AccessionNumber ?? string.Empty)
            .Set(DicomTags.Modality, DicomVR.CS, "SR")
            .Set(DicomTags.Manufacturer, DicomVR.LO, document.Manufacturer)
            .Set(DicomTags.ReferringPhysicianName, DicomVR.PN, string.Empty)
            .Set(DicomElement.FromItems(DicomTags.ReferencedPerformedProcedureStepSequence, []))
            .Set(DicomTags.PatientName, DicomVR.PN, document.PatientName ?? string.Empty)
            .Set(DicomTags.PatientId, DicomVR.LO, document.PatientId ?? string.Empty)
            .Set(DicomTags.PatientBirthDate, DicomVR.DA, document.PatientBirthDate?.ToString("yyyyMMdd", CultureInfo.InvariantCulture) ?? string.Empty)
            .Set(DicomTags.PatientSex, DicomVR.CS, document.PatientSex ?? string.Empty)
            .Set(DicomTags.StudyInstanceUid, DicomVR.UI, document.StudyInstanceUid)
            .Set(DicomTags.SeriesInstanceUid, DicomVR.UI, document.SeriesInstanceUid)
            .Set(DicomTags.StudyId, DicomVR.SH, document.StudyId ?? string.Empty)
            .Set(DicomTags.SeriesNumber, DicomVR.IS, document.SeriesNumber.ToString(CultureInfo.InvariantCulture))
            .Set(DicomTags.InstanceNumber, DicomVR.IS, document.InstanceNumber.ToString(CultureInfo.InvariantCulture))
            .Set(DicomTags.CompletionFlag, DicomVR.CS, "PARTIAL")
            .Set(DicomTags.VerificationFlag, DicomVR.CS, "UNVERIFIED")
            .Set(DicomElement.FromItems(DicomTags.PerformedProcedureCodeSequence, []));

        if (document.StudyDescription is { Length: > 0 } studyDescription)
        {
            dataset.Set(DicomTags.StudyDescription, DicomVR.LO, studyDescription);
        }

        if (document.SeriesDescription is { Length: > 0 } seriesDescription)
        {
            dataset.Set(DicomTags.SeriesDescription, DicomVR.LO, seriesDescription);
        }

        if (document.CompletionFlagDescription is { Length: > 0 } description)
        {
            dataset.Set(DicomTags.CompletionFlagDescription, DicomVR.LO, description.Length <= 64 ? description : description[..64]);
        }

        if (document.AuthorDevice is { } device)
        {
            // Identified Person or Device Macro (PS3.3 table 10-23) for a device author.
            var observer = new DicomDataset(8)
                .Set(DicomTags.Manufacturer, DicomVR.LO, Limit(device.Manufacturer ?? document.Manufacturer, 64))
                .Set(DicomTags.InstitutionName, DicomVR.LO, Limit(device.Manufacturer ?? document.Manufacturer, 64))
                .Set(DicomTags.ManufacturerModelName, DicomVR.LO, Limit(device.ModelName ?? device.Name, 64))
                .Set(DicomElement.FromItems(new DicomTag(0x0008, 0x0082), []))
                .Set(new DicomTag(0x0008, 0x1010), DicomVR.SH, string.Empty)
                .Set(DicomTags.DeviceSerialNumber, DicomVR.LO, Limit(device.SerialNumber ?? device.Uid, 64))
                .Set(new DicomTag(0x0018, 0x1002), DicomVR.UI, device.Uid)
                .Set(DicomTags.ObserverType, DicomVR.CS, "DEV");
            dataset.Set(DicomTags.AuthorObserverSequence, observer);
        }
    }

    private void WriteContent(SrContentItem item, DicomDataset dataset, bool isRoot)
    {
        CheckAllowed(item);
        if (!isRoot)
        {
            dataset.Set(DicomTags.RelationshipType, DicomVR.CS, RelationshipCode(item.Relationship));
        }

        dataset.Set(DicomTags.ValueType, DicomVR.CS, ValueTypeCode(item.ValueType));
        if (item.ConceptName is { } conceptName)
        {
            dataset.Set(DicomElement.FromItems(DicomTags.ConceptNameCodeSequence, [CodeItem(conceptName)]));
        }
        else if (isRoot || item.ValueType == SrValueType.Container)
        {
            throw new InvalidOperationException("A CONTAINER content item needs a concept name (PS3.3 C.17.3.2.2).");
        }

        switch (item.ValueType)
        {
            case SrValueType.Container:
                dataset.Set(DicomTags.ContinuityOfContent, DicomVR.CS, item.IsContinuous ? "CONTINUOUS" : "SEPARATE");
                if (item.TemplateId is { } templateId)
                {
                    var template = new DicomDataset(2)
                        .Set(DicomTags.MappingResource, DicomVR.CS, "DCMR")
                        .Set(DicomTags.TemplateIdentifier, DicomVR.CS, templateId);
                    dataset.Set(DicomTags.ContentTemplateSequence, template);
                }

                break;
            case SrValueType.Text:
                dataset.Set(DicomTags.TextValue, DicomVR.UT, WithoutControlCharacters(item.Value!));
                break;
            case SrValueType.Code:
                dataset.Set(DicomElement.FromItems(DicomTags.ConceptCodeSequence, [CodeItem(item.Code!)]));
                break;
            case SrValueType.Num:
                var measured = new DicomDataset(2)
                    .Set(DicomElement.FromItems(DicomTags.MeasurementUnitsCodeSequence, [CodeItem(item.Units!)]))
                    .Set(DicomTags.NumericValue, DicomVR.DS, item.NumericValue!);
                dataset.Set(DicomElement.FromItems(DicomTags.MeasuredValueSequence, [measured]));
                break;
            case SrValueType.Date:
                dataset.Set(DicomTags.Date, DicomVR.DA, item.Value!);
                break;
            case SrValueType.Time:
                dataset.Set(DicomTags.Time, DicomVR.TM, item.Value!);
                break;
            case SrValueType.DateTime:
                dataset.Set(DicomTags.DateTime, DicomVR.DT, item.Value!);
                break;
            case SrValueType.PName:
                dataset.Set(DicomTags.PersonName, DicomVR.PN, item.Value!);
                break;
            case SrValueType.UidRef:
                dataset.Set(DicomTags.UidValue, DicomVR.UI, item.Value!);
                break;
            case SrValueType.Image:
            case SrValueType.Composite:
                var reference = item.Reference ?? throw new InvalidOperationException($"{ValueTypeCode(item.ValueType)} item '{item.ConceptName?.Meaning}' has no referenced instance; PS3.3 C.17.3.2.4 requires Referenced SOP Sequence.");
                var sop = new DicomDataset(2)
                    .Set(DicomTags.ReferencedSopClassUid, DicomVR.UI, reference.SopClassUid)
                    .Set(DicomTags.ReferencedSopInstanceUid, DicomVR.UI, reference.SopInstanceUid);
                dataset.Set(DicomElement.FromItems(DicomTags.ReferencedSopSequence, [sop]));
                _references.Add(reference);
                break;
            case SrValueType.SCoord:
            case SrValueType.SCoord3D:
                if (item.FrameOfReferenceUid is { } frameOfReference)
                {
                    dataset.Set(DicomTags.ReferencedFrameOfReferenceUid, DicomVR.UI, frameOfReference);
                }

                dataset.Set(DicomElement.FromBytes(DicomTags.GraphicData, DicomVR.FL, EncodePoints(item)));
                dataset.Set(DicomTags.GraphicType, DicomVR.CS, item.GraphicType!);
                break;
        }

        // An empty Content Sequence is invalid (Type 1C, one or more items), so a leaf has none at all.
        if (item.Children.Count > 0)
        {
            var children = new DicomDataset[item.Children.Count];
            for (var index = 0; index < children.Length; index++)
            {
                var child = new DicomDataset(8);
                WriteContent(item.Children[index], child, isRoot: false);
                children[index] = child;
            }

            dataset.Set(DicomElement.FromItems(DicomTags.ContentSequence, children));
        }
    }

    private void WriteEvidence(SrDocument document, DicomDataset dataset)
    {
        _references.AddRange(document.Evidence);
        if (_references.Count == 0)
        {
            return;
        }

        var studies = new List<DicomDataset>();
        foreach (var study in _references.GroupBy(r => r.StudyInstanceUid ?? document.StudyInstanceUid))
        {
            var series = new List<DicomDataset>();
            foreach (var seriesGroup in study.GroupBy(r => r.SeriesInstanceUid))
            {
                var instances = seriesGroup
                    .DistinctBy(r => r.SopInstanceUid)
                    .Select(r => new DicomDataset(2)
                        .Set(DicomTags.ReferencedSopClassUid, DicomVR.UI, r.SopClassUid)
                        .Set(DicomTags.ReferencedSopInstanceUid, DicomVR.UI, r.SopInstanceUid))
                    .ToArray();
                series.Add(new DicomDataset(2)
                    .Set(DicomElement.FromItems(DicomTags.ReferencedSopSequence, instances))
                    .Set(DicomTags.SeriesInstanceUid, DicomVR.UI, seriesGroup.Key));
            }

            studies.Add(new DicomDataset(2)
                .Set(DicomElement.FromItems(DicomTags.ReferencedSeriesSequence, series))
                .Set(DicomTags.StudyInstanceUid, DicomVR.UI, study.Key));
        }

        dataset.Set(DicomElement.FromItems(DicomTags.CurrentRequestedProcedureEvidenceSequence, studies));
    }

    private DicomDataset CodeItem(CodedConcept concept)
    {
        if (_codeItems.TryGetValue(concept, out var existing))
        {
            return existing;
        }

        var item = EncodeCode(concept);
        _codeItems[concept] = item;
        return item;
    }

    /// <summary>
    /// Encodes a code in exactly one of three attributes (PS3.3 8.8). A URN or URL goes to URN Code Value, up to 16
    /// characters to Code Value, and anything longer to Long Code Value.
    /// </summary>
    internal static DicomDataset EncodeCode(CodedConcept concept)
    {
        ArgumentException.ThrowIfNullOrEmpty(concept.Value);
        var item = new DicomDataset(4);
        var value = concept.Value;
        if (IsUrn(value))
        {
            item.Set(DicomTags.UrnCodeValue, DicomVR.UR, value);
        }
        else if (value.Length > 16)
        {
            item.Set(DicomTags.LongCodeValue, DicomVR.UC, value);
        }
        else
        {
            item.Set(DicomTags.CodeValue, DicomVR.SH, value);
        }

        // Coding Scheme Designator is optional with URN Code Value, but dcmtk 3.6.7 rejects the item without it.
        if (!string.IsNullOrEmpty(concept.Scheme))
        {
            item.Set(DicomTags.CodingSchemeDesignator, DicomVR.SH, concept.Scheme);
        }

        item.Set(DicomTags.CodeMeaning, DicomVR.LO, Limit(concept.Meaning, 64));
        return item;
    }

    // UT allows CR, LF, FF, TAB and ESC (character set switching) among control characters (PS3.5 section 6.1.3);
    // any other one, such as a NUL from a copied report, becomes a space so that the SR stays valid.
    private static string WithoutControlCharacters(string text)
    {
        if (!text.AsSpan().ContainsAnyInRange('\u0000', '\u001f') && !text.Contains('\u007f', StringComparison.Ordinal))
        {
            return text;
        }

        return string.Create(text.Length, text, static (output, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                output[i] = (c < ' ' && c is not ('\r' or '\n' or '\f' or '\t' or '\u001b')) || c == '\u007f' ? ' ' : c;
            }
        });
    }

    private static bool IsUrn(string value) =>
        value.StartsWith("urn:", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ||
        value.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    private void CheckAllowed(SrContentItem item)
    {
        var allowed = _type switch
        {
            SrDocumentType.BasicText => item.ValueType is not (SrValueType.Num or SrValueType.SCoord or SrValueType.SCoord3D),
            SrDocumentType.Enhanced or SrDocumentType.Comprehensive => item.ValueType != SrValueType.SCoord3D,
            _ => true,
        };
        if (!allowed)
        {
            throw new InvalidOperationException($"{ValueTypeCode(item.ValueType)} item '{item.ConceptName?.Meaning}' is not allowed in a {_type} SR document (PS3.3 A.35); choose a richer SrDocumentType.");
        }
    }

    private static byte[] EncodePoints(SrContentItem item)
    {
        // Graphic Data (0070,0022) is FL for SCOORD and SCOORD3D alike (PS3.3 C.18.6 and C.18.9).
        var bytes = new byte[item.GraphicData.Count * 4];
        for (var index = 0; index < item.GraphicData.Count; index++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(index * 4), item.GraphicData[index]);
        }

        return bytes;
    }

    internal static string RelationshipCode(SrRelationship relationship) => relationship switch
    {
        SrRelationship.Contains => "CONTAINS",
        SrRelationship.HasProperties => "HAS PROPERTIES",
        SrRelationship.HasObsContext => "HAS OBS CONTEXT",
        SrRelationship.HasAcqContext => "HAS ACQ CONTEXT",
        SrRelationship.InferredFrom => "INFERRED FROM",
        SrRelationship.SelectedFrom => "SELECTED FROM",
        SrRelationship.HasConceptModifier => "HAS CONCEPT MOD",
        _ => throw new InvalidOperationException("Only the root content item has no relationship type."),
    };

    internal static string ValueTypeCode(SrValueType valueType) => valueType switch
    {
        SrValueType.Container => "CONTAINER",
        SrValueType.Text => "TEXT",
        SrValueType.Code => "CODE",
        SrValueType.Num => "NUM",
        SrValueType.Date => "DATE",
        SrValueType.Time => "TIME",
        SrValueType.DateTime => "DATETIME",
        SrValueType.PName => "PNAME",
        SrValueType.UidRef => "UIDREF",
        SrValueType.Image => "IMAGE",
        SrValueType.Composite => "COMPOSITE",
        SrValueType.SCoord => "SCOORD",
        _ => "SCOORD3D",
    };

    private static string Limit(string value, int length) => value.Length <= length ? value : value[..length];

    private static void RequireUid(string uid, string attribute)
    {
        if (!DicomUid.IsValid(uid))
        {
            throw new ArgumentException($"{attribute} '{uid}' is not a valid UID (PS3.5 9.1: digits and dots, root 0, 1 or 2, no leading zeros, at most 64 characters).", nameof(uid));
        }
    }
}
