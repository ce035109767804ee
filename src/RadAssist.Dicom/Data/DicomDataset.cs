using System.Buffers.Binary;
using System.Collections;

namespace RadAssist.Dicom;

/// <summary>
/// A set of data elements kept in ascending tag order (DICOM PS3.5 section 7.1): a dataset, the file meta
/// information or one item of a sequence.
/// </summary>
/// <remarks>Not thread-safe for writes.</remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710", Justification = "Dataset is the DICOM term (PS3.5 7).")]
public sealed class DicomDataset : IReadOnlyCollection<DicomElement>
{
    private readonly List<DicomElement> _elements;

    /// <summary>Creates an empty dataset.</summary>
    public DicomDataset()
    {
        _elements = [];
    }

    /// <summary>Creates an empty dataset with room for a number of elements.</summary>
    /// <param name="capacity">Expected number of elements.</param>
    public DicomDataset(int capacity)
    {
        _elements = new List<DicomElement>(capacity);
    }

    /// <summary>Number of elements.</summary>
    public int Count => _elements.Count;

    /// <summary>Adds an element, replacing any element with the same tag.</summary>
    /// <param name="element">The element.</param>
    /// <returns>This dataset, for chaining.</returns>
    public DicomDataset Set(DicomElement element)
    {
        ArgumentNullException.ThrowIfNull(element);

        // Builders and readers add in tag order, so appending is the common case.
        var count = _elements.Count;
        if (count == 0 || _elements[count - 1].Tag < element.Tag)
        {
            _elements.Add(element);
            return this;
        }

        var index = IndexOf(element.Tag);
        if (index >= 0)
        {
            _elements[index] = element;
        }
        else
        {
            _elements.Insert(~index, element);
        }

        return this;
    }

    /// <summary>Adds a character element, replacing any element with the same tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="vr">A character VR.</param>
    /// <param name="text">The value; several values separated by backslashes.</param>
    /// <returns>This dataset, for chaining.</returns>
    public DicomDataset Set(DicomTag tag, DicomVR vr, string text) => Set(DicomElement.FromText(tag, vr, text));

    /// <summary>Adds a sequence element, replacing any element with the same tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="items">The items.</param>
    /// <returns>This dataset, for chaining.</returns>
    public DicomDataset Set(DicomTag tag, params DicomDataset[] items) => Set(DicomElement.FromItems(tag, items));

    /// <summary>Adds an Unsigned Short (US) element.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="value">The value.</param>
    /// <returns>This dataset, for chaining.</returns>
    public DicomDataset SetUInt16(DicomTag tag, ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        return Set(DicomElement.FromBytes(tag, DicomVR.US, bytes));
    }

    /// <summary>Returns the element with a tag, or <see langword="null"/>.</summary>
    /// <param name="tag">The tag.</param>
    public DicomElement? Get(DicomTag tag)
    {
        var index = IndexOf(tag);
        return index >= 0 ? _elements[index] : null;
    }

    /// <summary>Returns whether the dataset has an element with a tag.</summary>
    /// <param name="tag">The tag.</param>
    public bool Contains(DicomTag tag) => IndexOf(tag) >= 0;

    /// <summary>Removes the element with a tag.</summary>
    /// <param name="tag">The tag.</param>
    /// <returns>Whether an element was removed.</returns>
    public bool Remove(DicomTag tag)
    {
        var index = IndexOf(tag);
        if (index < 0)
        {
            return false;
        }

        _elements.RemoveAt(index);
        return true;
    }

    /// <summary>Returns one value of a character element, or <see langword="null"/> when absent or empty.</summary>
    /// <param name="tag">The tag.</param>
    /// <param name="index">Zero-based value index.</param>
    public string? GetString(DicomTag tag, int index = 0)
    {
        var value = Get(tag)?.GetString(index);
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Returns the items of a sequence, or an empty list when it is absent.</summary>
    /// <param name="tag">The tag.</param>
    public IReadOnlyList<DicomDataset> GetItems(DicomTag tag) => Get(tag)?.Items ?? [];

    /// <summary>Returns the elements in tag order; a struct enumerator, so a foreach loop allocates nothing.</summary>
    public List<DicomElement>.Enumerator GetEnumerator() => _elements.GetEnumerator();

    IEnumerator<DicomElement> IEnumerable<DicomElement>.GetEnumerator() => _elements.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _elements.GetEnumerator();

    private int IndexOf(DicomTag tag)
    {
        var value = tag.Value;
        int low = 0, high = _elements.Count - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var candidate = _elements[middle].Tag.Value;
            if (candidate == value)
            {
                return middle;
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

        return ~low;
    }
}
