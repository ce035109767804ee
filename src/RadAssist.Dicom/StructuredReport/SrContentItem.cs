namespace RadAssist.Dicom.StructuredReport;

/// <summary>Value type of an SR content item (DICOM PS3.3 C.17.3.2.1).</summary>
public enum SrValueType
{
    /// <summary>A heading that groups other items.</summary>
    Container,

    /// <summary>Free text.</summary>
    Text,

    /// <summary>A coded concept.</summary>
    Code,

    /// <summary>A number with units.</summary>
    Num,

    /// <summary>A date.</summary>
    Date,

    /// <summary>A time.</summary>
    Time,

    /// <summary>A date and time.</summary>
    DateTime,

    /// <summary>A person name.</summary>
    PName,

    /// <summary>A UID.</summary>
    UidRef,

    /// <summary>A reference to an image.</summary>
    Image,

    /// <summary>A reference to any composite object.</summary>
    Composite,

    /// <summary>Spatial coordinates in an image.</summary>
    SCoord,

    /// <summary>Spatial coordinates in a frame of reference.</summary>
    SCoord3D,
}

/// <summary>Relationship of a content item to its parent (DICOM PS3.3 C.17.3.2.4).</summary>
public enum SrRelationship
{
    /// <summary>No relationship: the root item.</summary>
    None,

    /// <summary>CONTAINS.</summary>
    Contains,

    /// <summary>HAS PROPERTIES.</summary>
    HasProperties,

    /// <summary>HAS OBS CONTEXT.</summary>
    HasObsContext,

    /// <summary>HAS ACQ CONTEXT.</summary>
    HasAcqContext,

    /// <summary>INFERRED FROM.</summary>
    InferredFrom,

    /// <summary>SELECTED FROM.</summary>
    SelectedFrom,

    /// <summary>HAS CONCEPT MOD.</summary>
    HasConceptModifier,
}

/// <summary>A reference to a SOP instance, as IMAGE and COMPOSITE items and the evidence sequences carry it.</summary>
/// <param name="SopClassUid">Referenced SOP Class UID (0008,1150).</param>
/// <param name="SopInstanceUid">Referenced SOP Instance UID (0008,1155).</param>
/// <param name="SeriesInstanceUid">Series Instance UID of the instance, for the evidence sequence.</param>
/// <param name="StudyInstanceUid">Study Instance UID of the instance; the document's study when <see langword="null"/>.</param>
public sealed record SrReference(
    string SopClassUid,
    string SopInstanceUid,
    string SeriesInstanceUid,
    string? StudyInstanceUid = null);

/// <summary>
/// One node of an SR content tree (DICOM PS3.3 C.17.3): a value type, a concept name, a value and children.
/// </summary>
public sealed class SrContentItem
{
    private SrContentItem(SrValueType valueType, SrRelationship relationship, CodedConcept? conceptName)
    {
        ValueType = valueType;
        Relationship = relationship;
        ConceptName = conceptName;
    }

    /// <summary>The value type.</summary>
    public SrValueType ValueType { get; }

    /// <summary>The relationship to the parent; <see cref="SrRelationship.None"/> for the root.</summary>
    public SrRelationship Relationship { get; }

    /// <summary>Concept Name Code Sequence (0040,A043); required except for some children of CONTAINER.</summary>
    public CodedConcept? ConceptName { get; }

    /// <summary>Text Value (0040,A160) of TEXT; DA, TM or DT text of DATE, TIME and DATETIME; PN; UID.</summary>
    public string? Value { get; private init; }

    /// <summary>Concept Code Sequence (0040,A168) of a CODE item.</summary>
    public CodedConcept? Code { get; private init; }

    /// <summary>Numeric Value (0040,A30A) of a NUM item as DS text, kept exactly as given.</summary>
    public string? NumericValue { get; private init; }

    /// <summary>Measurement Units Code Sequence (0040,08EA) of a NUM item, in UCUM.</summary>
    public CodedConcept? Units { get; private init; }

    /// <summary>The referenced instance of an IMAGE or COMPOSITE item.</summary>
    public SrReference? Reference { get; private init; }

    /// <summary>Graphic Type (0070,0023) of SCOORD and SCOORD3D items, such as <c>POINT</c> or <c>POLYLINE</c>.</summary>
    public string? GraphicType { get; private init; }

    /// <summary>Graphic Data (0070,0022): column and row pairs, or x, y, z triplets for SCOORD3D.</summary>
    public IReadOnlyList<float> GraphicData { get; private init; } = [];

    /// <summary>Referenced Frame of Reference UID (3006,0024) of a SCOORD3D item.</summary>
    public string? FrameOfReferenceUid { get; private init; }

    /// <summary>Whether a CONTAINER's children read as one continuous text (CONTINUOUS) or separate items.</summary>
    public bool IsContinuous { get; private init; }

    /// <summary>Template Identifier (0040,DB00) of a CONTAINER built from a template, such as <c>1500</c>.</summary>
    public string? TemplateId { get; private init; }

    /// <summary>The children in order.</summary>
    public List<SrContentItem> Children { get; } = [];

    /// <summary>Adds children and returns this item, for building trees in one expression.</summary>
    /// <param name="children">The children to add; <see langword="null"/> entries are skipped.</param>
    public SrContentItem Add(params IEnumerable<SrContentItem?> children)
    {
        foreach (var child in children)
        {
            if (child is not null)
            {
                Children.Add(child);
            }
        }

        return this;
    }

    /// <summary>Creates a CONTAINER.</summary>
    /// <param name="relationship">Relationship to the parent; <see cref="SrRelationship.None"/> for the root.</param>
    /// <param name="conceptName">The heading.</param>
    /// <param name="templateId">Template the container follows, such as <c>2000</c>, when any.</param>
    /// <param name="continuous">Whether the children form continuous text.</param>
    public static SrContentItem Container(SrRelationship relationship, CodedConcept conceptName, string? templateId = null, bool continuous = false) =>
        new(SrValueType.Container, relationship, conceptName) { TemplateId = templateId, IsContinuous = continuous };

    /// <summary>Creates a TEXT item.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The concept the text states.</param>
    /// <param name="text">The text.</param>
    public static SrContentItem Text(SrRelationship relationship, CodedConcept conceptName, string text) =>
        new(SrValueType.Text, relationship, conceptName) { Value = Require(text, nameof(text)) };

    /// <summary>Creates a CODE item.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The question, such as Finding Site.</param>
    /// <param name="code">The answer.</param>
    public static SrContentItem CodeItem(SrRelationship relationship, CodedConcept conceptName, CodedConcept code) =>
        new(SrValueType.Code, relationship, conceptName) { Code = code ?? throw new ArgumentNullException(nameof(code)) };

    /// <summary>Creates a NUM item.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">What was measured, such as Long Axis.</param>
    /// <param name="value">The number as Decimal String text, at most 16 characters (PS3.5 6.2).</param>
    /// <param name="units">The UCUM unit, such as <c>mm</c>.</param>
    /// <exception cref="ArgumentException">The value is not a valid DS of at most 16 characters.</exception>
    public static SrContentItem Num(SrRelationship relationship, CodedConcept conceptName, string value, CodedConcept units)
    {
        if (value is null || value.Length is 0 or > 16 || !decimal.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            throw new ArgumentException($"Numeric value '{value}' is not a Decimal String of 1 to 16 characters (PS3.5 6.2).", nameof(value));
        }

        return new(SrValueType.Num, relationship, conceptName) { NumericValue = value, Units = units ?? throw new ArgumentNullException(nameof(units)) };
    }

    /// <summary>Creates a DATE item.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The concept.</param>
    /// <param name="date">The date.</param>
    public static SrContentItem Date(SrRelationship relationship, CodedConcept conceptName, DateOnly date) =>
        new(SrValueType.Date, relationship, conceptName) { Value = date.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>Creates a TIME item.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The concept.</param>
    /// <param name="time">The time.</param>
    public static SrContentItem Time(SrRelationship relationship, CodedConcept conceptName, TimeOnly time) =>
        new(SrValueType.Time, relationship, conceptName) { Value = time.ToString("HHmmss", System.Globalization.CultureInfo.InvariantCulture) };

    /// <summary>Creates a DATETIME item.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The concept.</param>
    /// <param name="dateTime">The date and time, written with its UTC offset.</param>
    public static SrContentItem DateTime(SrRelationship relationship, CodedConcept conceptName, DateTimeOffset dateTime) =>
        new(SrValueType.DateTime, relationship, conceptName) { Value = SrFormat.DateTime(dateTime) };

    /// <summary>Creates a PNAME item.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The role, such as Person Observer Name.</param>
    /// <param name="personName">The name in DICOM PN form, <c>Family^Given</c>.</param>
    public static SrContentItem PName(SrRelationship relationship, CodedConcept conceptName, string personName) =>
        new(SrValueType.PName, relationship, conceptName) { Value = Require(personName, nameof(personName)) };

    /// <summary>Creates a UIDREF item.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The concept, such as Device Observer UID.</param>
    /// <param name="uid">A valid UID (PS3.5 9.1).</param>
    /// <exception cref="ArgumentException">The UID is not valid.</exception>
    public static SrContentItem UidRef(SrRelationship relationship, CodedConcept conceptName, string uid) =>
        new(SrValueType.UidRef, relationship, conceptName) { Value = RequireUid(uid, conceptName?.Meaning ?? "UID") };

    /// <summary>Creates an IMAGE item with its Referenced SOP Sequence.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The concept, or <see langword="null"/> where the template allows none.</param>
    /// <param name="reference">The image.</param>
    public static SrContentItem Image(SrRelationship relationship, CodedConcept? conceptName, SrReference reference) =>
        new(SrValueType.Image, relationship, conceptName) { Reference = RequireReference(reference) };

    /// <summary>Creates a COMPOSITE item with its Referenced SOP Sequence.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The concept.</param>
    /// <param name="reference">The referenced object.</param>
    public static SrContentItem Composite(SrRelationship relationship, CodedConcept? conceptName, SrReference reference) =>
        new(SrValueType.Composite, relationship, conceptName) { Reference = RequireReference(reference) };

    /// <summary>Creates a SCOORD item; add the IMAGE it is selected from as a child.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The concept, such as Image Region.</param>
    /// <param name="graphicType">POINT, MULTIPOINT, POLYLINE, CIRCLE or ELLIPSE (PS3.3 C.18.6.1.2).</param>
    /// <param name="graphicData">Column and row pairs in image pixels.</param>
    public static SrContentItem SCoord(SrRelationship relationship, CodedConcept conceptName, string graphicType, IReadOnlyList<float> graphicData) =>
        new(SrValueType.SCoord, relationship, conceptName) { GraphicType = graphicType, GraphicData = RequirePoints(graphicData, 2) };

    /// <summary>Creates a SCOORD3D item.</summary>
    /// <param name="relationship">Relationship to the parent.</param>
    /// <param name="conceptName">The concept.</param>
    /// <param name="graphicType">POINT, MULTIPOINT, POLYLINE, POLYGON, ELLIPSE or ELLIPSOID (PS3.3 C.18.9.1.2).</param>
    /// <param name="graphicData">x, y, z triplets in millimetres in the frame of reference.</param>
    /// <param name="frameOfReferenceUid">Referenced Frame of Reference UID.</param>
    public static SrContentItem SCoord3D(SrRelationship relationship, CodedConcept conceptName, string graphicType, IReadOnlyList<float> graphicData, string frameOfReferenceUid) =>
        new(SrValueType.SCoord3D, relationship, conceptName)
        {
            GraphicType = graphicType,
            GraphicData = RequirePoints(graphicData, 3),
            FrameOfReferenceUid = RequireUid(frameOfReferenceUid, "Referenced Frame of Reference UID"),
        };

    /// <summary>Creates an item read from a file, where the reader fills what it found.</summary>
    internal static SrContentItem FromRead(
        SrValueType valueType,
        SrRelationship relationship,
        CodedConcept? conceptName,
        string? value,
        CodedConcept? code,
        string? numericValue,
        CodedConcept? units,
        SrReference? reference,
        string? graphicType,
        IReadOnlyList<float> graphicData,
        string? frameOfReferenceUid,
        bool continuous,
        string? templateId) => new(valueType, relationship, conceptName)
        {
            Value = value,
            Code = code,
            NumericValue = numericValue,
            Units = units,
            Reference = reference,
            GraphicType = graphicType,
            GraphicData = graphicData,
            FrameOfReferenceUid = frameOfReferenceUid,
            IsContinuous = continuous,
            TemplateId = templateId,
        };

    /// <summary>Returns the item and its descendants, depth first.</summary>
    public IEnumerable<SrContentItem> Descendants()
    {
        var stack = new Stack<SrContentItem>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var item = stack.Pop();
            yield return item;
            for (var index = item.Children.Count - 1; index >= 0; index--)
            {
                stack.Push(item.Children[index]);
            }
        }
    }

    private static string Require(string value, string name) =>
        value ?? throw new ArgumentNullException(name);

    private static string RequireUid(string uid, string name) =>
        DicomUid.IsValid(uid) ? uid : throw new ArgumentException($"{name} '{uid}' is not a valid UID (PS3.5 9.1).", nameof(uid));

    private static SrReference RequireReference(SrReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        RequireUid(reference.SopClassUid, "Referenced SOP Class UID");
        RequireUid(reference.SopInstanceUid, "Referenced SOP Instance UID");
        RequireUid(reference.SeriesInstanceUid, "Series Instance UID of the referenced instance");
        if (reference.StudyInstanceUid is not null)
        {
            RequireUid(reference.StudyInstanceUid, "Study Instance UID of the referenced instance");
        }

        return reference;
    }

    private static IReadOnlyList<float> RequirePoints(IReadOnlyList<float> points, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0 || points.Count % dimensions != 0)
        {
            throw new ArgumentException($"Graphic Data needs a non-empty list of {dimensions}-value points; got {points.Count} values.", nameof(points));
        }

        return points;
    }
}
