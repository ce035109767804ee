using System.Diagnostics.CodeAnalysis;

namespace RadAssist.Dicom.StructuredReport;

/// <summary>The algorithm that produced the content (DICOM PS3.16 TID 4019 Algorithm Identification).</summary>
/// <param name="Name">Algorithm Name, such as the model id.</param>
/// <param name="Version">Algorithm Version.</param>
public sealed record SrAlgorithm(string Name, string Version)
{
    /// <summary>Algorithm Parameters, such as the prompt version.</summary>
    public string? Parameters { get; init; }
}

/// <summary>One measurement of a measurement group (DICOM PS3.16 TID 300).</summary>
/// <param name="Concept">What was measured, such as <see cref="SrCodes.LongAxis"/>.</param>
/// <param name="Value">The value as Decimal String text, kept exactly (at most 16 characters).</param>
/// <param name="Units">UCUM unit, such as <see cref="SrCodes.Millimeter"/>.</param>
public sealed record SrMeasurement(CodedConcept Concept, string Value, CodedConcept Units);

/// <summary>A measurement group of TID 1500: one tracked finding and its measurements (DICOM PS3.16 TID 1501).</summary>
/// <param name="TrackingIdentifier">Tracking Identifier, a human-readable label such as <c>Nodule 1</c>.</param>
/// <param name="TrackingUid">Tracking Unique Identifier, a valid UID that follows the finding across reports.</param>
/// <param name="Finding">The finding, such as (27925004, SCT, Nodule).</param>
public sealed record SrMeasurementGroup(string TrackingIdentifier, string TrackingUid, CodedConcept Finding)
{
    /// <summary>Finding Site, such as (45653009, SCT, Upper lobe of right lung).</summary>
    public CodedConcept? FindingSite { get; init; }

    /// <summary>Laterality of the finding site: <see cref="SrCodes.Left"/>, <see cref="SrCodes.Right"/> or <see cref="SrCodes.Bilateral"/>.</summary>
    public CodedConcept? Laterality { get; init; }

    /// <summary>The measurements.</summary>
    public IReadOnlyList<SrMeasurement> Measurements { get; init; } = [];

    /// <summary>The image the measurements were made on, when known.</summary>
    public SrReference? SourceImage { get; init; }
}

/// <summary>A section of a TID 2000 report: a heading and its sentences (DICOM PS3.16 TID 2001).</summary>
/// <param name="Heading">Section heading, such as <see cref="SrCodes.FindingsSection"/>.</param>
/// <param name="ItemConcept">Concept name of each sentence, such as <see cref="SrCodes.Finding"/>.</param>
/// <param name="Sentences">The sentences, one TEXT item each.</param>
public sealed record SrSection(CodedConcept Heading, CodedConcept ItemConcept, IReadOnlyList<string> Sentences)
{
    /// <summary>Coded findings of the section, one CODE item each.</summary>
    public IReadOnlyList<CodedConcept> CodedFindings { get; init; } = [];

    /// <summary>Measurements of the section, one NUM item each; they need the Enhanced SR IOD or richer.</summary>
    public IReadOnlyList<SrMeasurement> Measurements { get; init; } = [];
}

/// <summary>
/// Builds the content trees of the report templates the SDK writes: TID 2000 Basic Diagnostic Imaging Report and
/// TID 1500 Measurement Report (DICOM PS3.16), with the author device of TID 1001/1004.
/// </summary>
[Experimental("RADASSIST001")]
public static class SrTemplates
{
    /// <summary>Builds a TID 2000 Basic Diagnostic Imaging Report root container.</summary>
    /// <param name="device">The device that authored the report, written as observation context (TID 1004).</param>
    /// <param name="sections">The sections in order; a section with no items is left out.</param>
    /// <param name="banner">Text stated first in the report, such as the AI draft banner, when any.</param>
    public static SrContentItem BasicDiagnosticImagingReport(
        SrDeviceObserver device,
        IEnumerable<SrSection> sections,
        string? banner = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(sections);

        var root = SrContentItem.Container(SrRelationship.None, SrCodes.DiagnosticImagingReport, templateId: "2000");
        root.Add(SrContentItem.CodeItem(SrRelationship.HasConceptModifier, SrCodes.LanguageOfContent, SrCodes.EnglishUnitedStates));
        AddDeviceObserver(root, device);
        if (!string.IsNullOrEmpty(banner))
        {
            root.Add(SrContentItem.Text(SrRelationship.Contains, SrCodes.Comment, banner));
        }

        foreach (var section in sections)
        {
            var container = SrContentItem.Container(SrRelationship.Contains, section.Heading);
            foreach (var sentence in section.Sentences)
            {
                if (!string.IsNullOrWhiteSpace(sentence))
                {
                    container.Add(SrContentItem.Text(SrRelationship.Contains, section.ItemConcept, sentence));
                }
            }

            foreach (var finding in section.CodedFindings)
            {
                container.Add(SrContentItem.CodeItem(SrRelationship.Contains, SrCodes.Finding, finding));
            }

            foreach (var measurement in section.Measurements)
            {
                container.Add(SrContentItem.Num(SrRelationship.Contains, measurement.Concept, measurement.Value, measurement.Units));
            }

            // A section left empty would need an empty Content Sequence, which PS3.3 forbids; it is dropped.
            if (container.Children.Count > 0)
            {
                root.Add(container);
            }
        }

        return root;
    }

    /// <summary>Builds a TID 1500 Measurement Report root container.</summary>
    /// <param name="device">The device that authored the report (TID 1004).</param>
    /// <param name="algorithm">The algorithm that made the measurements (TID 4019), stated on every group.</param>
    /// <param name="groups">The measurement groups.</param>
    /// <param name="procedureReported">Procedure reported; (363679005, SCT, Imaging procedure) by default.</param>
    public static SrContentItem MeasurementReport(
        SrDeviceObserver device,
        SrAlgorithm algorithm,
        IReadOnlyList<SrMeasurementGroup> groups,
        CodedConcept? procedureReported = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(algorithm);
        ArgumentNullException.ThrowIfNull(groups);

        var root = SrContentItem.Container(SrRelationship.None, SrCodes.ImagingMeasurementReport, templateId: "1500");
        root.Add(SrContentItem.CodeItem(SrRelationship.HasConceptModifier, SrCodes.LanguageOfContent, SrCodes.EnglishUnitedStates));
        AddDeviceObserver(root, device);
        root.Add(SrContentItem.CodeItem(SrRelationship.HasConceptModifier, SrCodes.ProcedureReported, procedureReported ?? SrCodes.ImagingProcedure));

        var images = groups.Select(g => g.SourceImage).OfType<SrReference>().DistinctBy(r => r.SopInstanceUid).ToList();
        var library = SrContentItem.Container(SrRelationship.Contains, SrCodes.ImageLibrary);
        if (images.Count > 0)
        {
            var libraryGroup = SrContentItem.Container(SrRelationship.Contains, SrCodes.ImageLibraryGroup);
            foreach (var image in images)
            {
                libraryGroup.Add(SrContentItem.Image(SrRelationship.Contains, null, image));
            }

            library.Add(libraryGroup);
        }

        root.Add(library);

        var measurements = SrContentItem.Container(SrRelationship.Contains, SrCodes.ImagingMeasurements);
        var algorithmItems = AlgorithmItems(algorithm);
        foreach (var group in groups)
        {
            measurements.Add(BuildGroup(group, algorithmItems));
        }

        if (measurements.Children.Count > 0)
        {
            root.Add(measurements);
        }

        return root;
    }

    private static SrContentItem BuildGroup(SrMeasurementGroup group, IReadOnlyList<SrContentItem> algorithmItems)
    {
        var container = SrContentItem.Container(SrRelationship.Contains, SrCodes.MeasurementGroup, templateId: "1501");
        container.Add(
            SrContentItem.Text(SrRelationship.HasObsContext, SrCodes.TrackingIdentifier, group.TrackingIdentifier),
            SrContentItem.UidRef(SrRelationship.HasObsContext, SrCodes.TrackingUniqueIdentifier, group.TrackingUid),
            SrContentItem.CodeItem(SrRelationship.Contains, SrCodes.Finding, group.Finding));

        if (group.FindingSite is { } site)
        {
            var siteItem = SrContentItem.CodeItem(SrRelationship.HasConceptModifier, SrCodes.FindingSite, site);
            if (group.Laterality is { } laterality)
            {
                siteItem.Add(SrContentItem.CodeItem(SrRelationship.HasConceptModifier, SrCodes.Laterality, laterality));
            }

            container.Add(siteItem);
        }

        foreach (var measurement in group.Measurements)
        {
            var num = SrContentItem.Num(SrRelationship.Contains, measurement.Concept, measurement.Value, measurement.Units);

            // TID 300 states the algorithm on each measurement (TID 4019 included by HAS CONCEPT MOD).
            num.Children.AddRange(algorithmItems);
            if (group.SourceImage is { } image)
            {
                num.Add(SrContentItem.Image(SrRelationship.InferredFrom, SrCodes.SourceOfMeasurement, image));
            }

            container.Add(num);
        }

        return container;
    }

    private static List<SrContentItem> AlgorithmItems(SrAlgorithm algorithm)
    {
        var items = new List<SrContentItem>
        {
            SrContentItem.Text(SrRelationship.HasConceptModifier, SrCodes.AlgorithmName, algorithm.Name),
            SrContentItem.Text(SrRelationship.HasConceptModifier, SrCodes.AlgorithmVersion, algorithm.Version),
        };
        if (!string.IsNullOrEmpty(algorithm.Parameters))
        {
            items.Add(SrContentItem.Text(SrRelationship.HasConceptModifier, SrCodes.AlgorithmParameters, algorithm.Parameters));
        }

        return items;
    }

    private static void AddDeviceObserver(SrContentItem root, SrDeviceObserver device)
    {
        // TID 1001 observation context with a device observer (TID 1004).
        root.Add(
            SrContentItem.CodeItem(SrRelationship.HasObsContext, SrCodes.ObserverType, SrCodes.Device),
            SrContentItem.UidRef(SrRelationship.HasObsContext, SrCodes.DeviceObserverUid, device.Uid),
            SrContentItem.Text(SrRelationship.HasObsContext, SrCodes.DeviceObserverName, device.Name));
        if (device.Manufacturer is { Length: > 0 } manufacturer)
        {
            root.Add(SrContentItem.Text(SrRelationship.HasObsContext, SrCodes.DeviceObserverManufacturer, manufacturer));
        }

        if (device.ModelName is { Length: > 0 } model)
        {
            root.Add(SrContentItem.Text(SrRelationship.HasObsContext, SrCodes.DeviceObserverModelName, model));
        }

        if (device.SerialNumber is { Length: > 0 } serial)
        {
            root.Add(SrContentItem.Text(SrRelationship.HasObsContext, SrCodes.DeviceObserverSerialNumber, serial));
        }
    }
}
