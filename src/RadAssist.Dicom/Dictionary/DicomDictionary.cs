namespace RadAssist.Dicom;

/// <summary>One entry of the data dictionary (DICOM PS3.6 section 6).</summary>
/// <param name="Tag">Tag as <c>0xGGGGEEEE</c>; for a repeating group, the first tag of the range.</param>
/// <param name="VR">Value representation; the first one where PS3.6 lists several.</param>
/// <param name="Keyword">Keyword, such as <c>PatientName</c>.</param>
/// <param name="VmMin">Minimum value multiplicity.</param>
/// <param name="VmMax">Maximum value multiplicity, 0 for unbounded.</param>
/// <param name="VmStep">The multiplicity must be a multiple of this (2 for <c>2-2n</c>).</param>
/// <param name="Retired">Whether the attribute is retired.</param>
internal sealed record DicomDictionaryEntry(
    uint Tag,
    DicomVR VR,
    string Keyword,
    int VmMin,
    int VmMax,
    int VmStep,
    bool Retired)
{
    /// <summary>Whether a value count satisfies the multiplicity.</summary>
    public bool AllowsMultiplicity(int count) =>
        count >= VmMin && (VmMax == 0 || count <= VmMax) && count % VmStep == 0;

    /// <summary>Formats the multiplicity as PS3.6 writes it, such as <c>1-n</c>.</summary>
    public string Multiplicity
    {
        get
        {
            if (VmMin == VmMax)
            {
                return $"{VmMin}";
            }

            if (VmMax != 0)
            {
                return $"{VmMin}-{VmMax}";
            }

            return VmStep == 1 ? $"{VmMin}-n" : $"{VmMin}-{VmStep}n";
        }
    }
}

/// <summary>A repeating-group or element-range entry such as (6000-60FF,0010).</summary>
internal sealed record DicomDictionaryRange(
    ushort GroupLow,
    ushort GroupHigh,
    ushort ElementLow,
    ushort ElementHigh,
    bool AnyGroupParity,
    bool AnyElementParity,
    DicomDictionaryEntry Entry)
{
    public bool Matches(DicomTag tag) =>
        tag.Group >= GroupLow && tag.Group <= GroupHigh && (AnyGroupParity || (tag.Group & 1) == (GroupLow & 1)) &&
        tag.Element >= ElementLow && tag.Element <= ElementHigh &&
        (AnyElementParity || (tag.Element & 1) == (ElementLow & 1));
}

/// <summary>The standard data dictionary, generated from PS3.6 by Dictionary/Generator/generate_dictionary.py.</summary>
internal static partial class DicomDictionary
{
    private static readonly DicomDictionaryEntry GroupLength = new(0, DicomVR.UL, "GroupLength", 1, 1, 1, false);
    private static readonly DicomDictionaryEntry PrivateCreator = new(0, DicomVR.LO, "PrivateCreator", 1, 1, 1, false);

    private static readonly Lazy<Dictionary<string, DicomDictionaryEntry>> ByKeyword = new(() =>
    {
        var map = new Dictionary<string, DicomDictionaryEntry>(SingleEntries.Length, StringComparer.Ordinal);
        foreach (var entry in SingleEntries)
        {
            map.TryAdd(entry.Keyword, entry);
        }

        return map;
    });

    /// <summary>Number of single-tag entries, for tests.</summary>
    public static int Count => SingleEntries.Length;

    /// <summary>Returns the entry of a tag, or <see langword="null"/> for private and unknown tags.</summary>
    public static DicomDictionaryEntry? Find(DicomTag tag)
    {
        var value = tag.Value;
        int low = 0, high = SingleEntries.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var candidate = SingleEntries[middle].Tag;
            if (candidate == value)
            {
                return SingleEntries[middle];
            }

            if (candidate < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        if (tag.Element == 0)
        {
            return GroupLength;
        }

        if (tag.IsPrivateCreator)
        {
            return PrivateCreator;
        }

        foreach (var range in RangeEntries)
        {
            if (range.Matches(tag))
            {
                return range.Entry;
            }
        }

        return null;
    }

    /// <summary>Returns the entry of a keyword such as <c>PatientName</c>, or <see langword="null"/>.</summary>
    public static DicomDictionaryEntry? Find(string keyword) => ByKeyword.Value.GetValueOrDefault(keyword);

    /// <summary>Returns the VR an implicit VR reader assumes for a tag: the dictionary VR, else UN (PS3.5 A.1).</summary>
    public static DicomVR ImplicitVR(DicomTag tag) => Find(tag)?.VR ?? DicomVR.UN;
}
