using System.Buffers.Binary;

namespace RadAssist.Dicom.StructuredReport;

/// <summary>
/// Reads the content tree and document attributes of any SR IOD (DICOM PS3.3 C.17). Lenient where peers write
/// non-conformant files: an empty Content Sequence reads as no children, and two code value attributes at once
/// prefer Code Value, each with a warning.
/// </summary>
internal sealed class SrDatasetReader
{
    private readonly List<string> _warnings = [];

    public static SrDocument Read(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var reader = new SrDatasetReader();
        if (dataset.GetString(DicomTags.ValueType) != "CONTAINER")
        {
            throw new DicomFormatException("NotStructuredReport", -1, DicomTags.ValueType, $"The root Value Type is '{dataset.GetString(DicomTags.ValueType)}', not CONTAINER; the dataset is not an SR document.");
        }

        var root = reader.ReadItem(dataset, "1", isRoot: true);
        var sopClass = dataset.GetString(DicomTags.SopClassUid);
        return new SrDocument
        {
            DocumentType = sopClass switch
            {
                "1.2.840.10008.5.1.4.1.1.88.11" => SrDocumentType.BasicText,
                "1.2.840.10008.5.1.4.1.1.88.22" => SrDocumentType.Enhanced,
                "1.2.840.10008.5.1.4.1.1.88.34" => SrDocumentType.Comprehensive3D,
                _ => SrDocumentType.Comprehensive,
            },
            Root = root,
            StudyInstanceUid = dataset.GetString(DicomTags.StudyInstanceUid) ?? string.Empty,
            SeriesInstanceUid = dataset.GetString(DicomTags.SeriesInstanceUid) ?? string.Empty,
            SopInstanceUid = dataset.GetString(DicomTags.SopInstanceUid) ?? string.Empty,
            PatientName = dataset.GetString(DicomTags.PatientName),
            PatientId = dataset.GetString(DicomTags.PatientId),
            PatientSex = dataset.GetString(DicomTags.PatientSex),
            AccessionNumber = dataset.GetString(DicomTags.AccessionNumber),
            StudyId = dataset.GetString(DicomTags.StudyId),
            StudyDescription = dataset.GetString(DicomTags.StudyDescription),
            SeriesDescription = dataset.GetString(DicomTags.SeriesDescription),
            CompletionFlag = dataset.GetString(DicomTags.CompletionFlag) ?? string.Empty,
            VerificationFlag = dataset.GetString(DicomTags.VerificationFlag) ?? string.Empty,
            CompletionFlagDescription = dataset.GetString(DicomTags.CompletionFlagDescription),
            Manufacturer = dataset.GetString(DicomTags.Manufacturer) ?? string.Empty,
            Evidence = ReadEvidence(dataset),
            Warnings = reader._warnings,
        };
    }

    private SrContentItem ReadItem(DicomDataset dataset, string position, bool isRoot)
    {
        var valueTypeText = dataset.GetString(DicomTags.ValueType);
        var valueType = ParseValueType(valueTypeText)
            ?? throw new DicomFormatException("InvalidValueType", -1, DicomTags.ValueType, $"Content item {position} has Value Type '{valueTypeText}', which PS3.3 C.17.3.2.1 does not define.");
        var relationship = isRoot ? SrRelationship.None : ParseRelationship(dataset.GetString(DicomTags.RelationshipType), position);
        var conceptName = ReadCode(dataset.GetItems(DicomTags.ConceptNameCodeSequence), position);

        string? value = valueType switch
        {
            SrValueType.Text => dataset.Get(DicomTags.TextValue)?.Text,
            SrValueType.Date => dataset.GetString(DicomTags.Date),
            SrValueType.Time => dataset.GetString(DicomTags.Time),
            SrValueType.DateTime => dataset.GetString(DicomTags.DateTime),
            SrValueType.PName => dataset.GetString(DicomTags.PersonName),
            SrValueType.UidRef => dataset.GetString(DicomTags.UidValue),
            _ => null,
        };

        CodedConcept? code = null, units = null;
        string? numeric = null;
        if (valueType == SrValueType.Code)
        {
            code = ReadCode(dataset.GetItems(DicomTags.ConceptCodeSequence), position);
        }
        else if (valueType == SrValueType.Num && dataset.GetItems(DicomTags.MeasuredValueSequence) is [var measured, ..])
        {
            numeric = measured.GetString(DicomTags.NumericValue);
            units = ReadCode(measured.GetItems(DicomTags.MeasurementUnitsCodeSequence), position);
        }

        SrReference? reference = null;
        if (valueType is SrValueType.Image or SrValueType.Composite)
        {
            if (dataset.GetItems(DicomTags.ReferencedSopSequence) is [var sop, ..])
            {
                reference = new SrReference(
                    sop.GetString(DicomTags.ReferencedSopClassUid) ?? string.Empty,
                    sop.GetString(DicomTags.ReferencedSopInstanceUid) ?? string.Empty,
                    string.Empty);
            }
            else
            {
                _warnings.Add($"Content item {position} ({valueTypeText}) has no Referenced SOP Sequence (0008,1199).");
            }
        }

        var graphicData = valueType is SrValueType.SCoord or SrValueType.SCoord3D
            ? ReadFloats(dataset.Get(DicomTags.GraphicData))
            : [];

        var item = SrContentItem.FromRead(
            valueType,
            relationship,
            conceptName,
            value,
            code,
            numeric,
            units,
            reference,
            dataset.GetString(DicomTags.GraphicType),
            graphicData,
            dataset.GetString(DicomTags.ReferencedFrameOfReferenceUid),
            dataset.GetString(DicomTags.ContinuityOfContent) == "CONTINUOUS",
            dataset.GetItems(DicomTags.ContentTemplateSequence) is [var template, ..] ? template.GetString(DicomTags.TemplateIdentifier) : null);

        var content = dataset.Get(DicomTags.ContentSequence);
        if (content is { Items.Count: 0 })
        {
            _warnings.Add($"Content item {position} has an empty Content Sequence (0040,A730), read as no children; PS3.3 requires one or more items or none at all.");
        }

        var children = content?.Items ?? [];
        for (var index = 0; index < children.Count; index++)
        {
            var child = children[index];
            if (child.Contains(DicomTags.ReferencedContentItemIdentifier) && !child.Contains(DicomTags.ValueType))
            {
                // A by-reference relationship (PS3.3 C.17.3.2.5) points at another item; the tree keeps it out.
                _warnings.Add($"Content item {position}.{index + 1} is a by-reference relationship, which the tree does not include.");
                continue;
            }

            item.Children.Add(ReadItem(child, $"{position}.{index + 1}", isRoot: false));
        }

        return item;
    }

    /// <summary>Reads a code from whichever of Code Value, Long Code Value or URN Code Value is present (PS3.3 8.8).</summary>
    private CodedConcept? ReadCode(IReadOnlyList<DicomDataset> items, string position)
    {
        if (items.Count == 0)
        {
            return null;
        }

        var item = items[0];
        var codeValue = item.GetString(DicomTags.CodeValue);
        var longValue = item.GetString(DicomTags.LongCodeValue);
        var urnValue = item.GetString(DicomTags.UrnCodeValue);
        if (new[] { codeValue, longValue, urnValue }.Count(v => v is not null) > 1)
        {
            _warnings.Add($"Content item {position} has more than one of Code Value, Long Code Value and URN Code Value; Code Value is used.");
        }

        var value = codeValue ?? longValue ?? urnValue ?? string.Empty;
        return new CodedConcept(value, item.GetString(DicomTags.CodingSchemeDesignator) ?? string.Empty, item.GetString(DicomTags.CodeMeaning) ?? string.Empty);
    }

    private static List<SrReference> ReadEvidence(DicomDataset dataset)
    {
        var references = new List<SrReference>();
        foreach (var study in dataset.GetItems(DicomTags.CurrentRequestedProcedureEvidenceSequence))
        {
            var studyUid = study.GetString(DicomTags.StudyInstanceUid);
            foreach (var series in study.GetItems(DicomTags.ReferencedSeriesSequence))
            {
                var seriesUid = series.GetString(DicomTags.SeriesInstanceUid) ?? string.Empty;
                foreach (var sop in series.GetItems(DicomTags.ReferencedSopSequence))
                {
                    references.Add(new SrReference(
                        sop.GetString(DicomTags.ReferencedSopClassUid) ?? string.Empty,
                        sop.GetString(DicomTags.ReferencedSopInstanceUid) ?? string.Empty,
                        seriesUid,
                        studyUid));
                }
            }
        }

        return references;
    }

    private static float[] ReadFloats(DicomElement? element)
    {
        if (element is null)
        {
            return [];
        }

        var bytes = element.Bytes.Span;
        if (element.VR == DicomVR.FD)
        {
            var doubles = new float[bytes.Length / 8];
            for (var index = 0; index < doubles.Length; index++)
            {
                doubles[index] = (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes[(index * 8)..]);
            }

            return doubles;
        }

        var values = new float[bytes.Length / 4];
        for (var index = 0; index < values.Length; index++)
        {
            values[index] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(index * 4)..]);
        }

        return values;
    }

    private static SrValueType? ParseValueType(string? text) => text switch
    {
        "CONTAINER" => SrValueType.Container,
        "TEXT" => SrValueType.Text,
        "CODE" => SrValueType.Code,
        "NUM" => SrValueType.Num,
        "DATE" => SrValueType.Date,
        "TIME" => SrValueType.Time,
        "DATETIME" => SrValueType.DateTime,
        "PNAME" => SrValueType.PName,
        "UIDREF" => SrValueType.UidRef,
        "IMAGE" => SrValueType.Image,
        "COMPOSITE" => SrValueType.Composite,
        "SCOORD" => SrValueType.SCoord,
        "SCOORD3D" => SrValueType.SCoord3D,
        _ => null,
    };

    private static SrRelationship ParseRelationship(string? text, string position) => text switch
    {
        "CONTAINS" => SrRelationship.Contains,
        "HAS PROPERTIES" => SrRelationship.HasProperties,
        "HAS OBS CONTEXT" => SrRelationship.HasObsContext,
        "HAS ACQ CONTEXT" => SrRelationship.HasAcqContext,
        "INFERRED FROM" => SrRelationship.InferredFrom,
        "SELECTED FROM" => SrRelationship.SelectedFrom,
        "HAS CONCEPT MOD" => SrRelationship.HasConceptModifier,
        _ => throw new DicomFormatException("InvalidRelationship", -1, DicomTags.RelationshipType, $"Content item {position} has Relationship Type '{text}', which PS3.3 C.17.3.2.4 does not define."),
    };
}
