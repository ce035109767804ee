using RadAssist.Dicom;

namespace RadAssist.Dicom.Tests;

/// <summary>Compares datasets element by element and lists every difference with its path.</summary>
internal static class DatasetAssert
{
    public static List<string> Differences(DicomDataset expected, DicomDataset actual, string path = "", bool ignoreCharacterSet = false)
    {
        var differences = new List<string>();
        var expectedTags = expected.Select(e => e.Tag).Where(t => !(ignoreCharacterSet && t == new DicomTag(0x0008, 0x0005))).ToList();
        var actualTags = actual.Select(e => e.Tag).Where(t => !(ignoreCharacterSet && t == new DicomTag(0x0008, 0x0005))).ToList();
        foreach (var missing in expectedTags.Except(actualTags))
        {
            differences.Add($"{path}{missing} missing");
        }

        foreach (var extra in actualTags.Except(expectedTags))
        {
            differences.Add($"{path}{extra} unexpected");
        }

        foreach (var tag in expectedTags.Intersect(actualTags))
        {
            var left = expected.Get(tag)!;
            var right = actual.Get(tag)!;
            var where = $"{path}{tag}";
            if (left.VR != right.VR)
            {
                differences.Add($"{where} VR {left.VR} != {right.VR}");
                continue;
            }

            if (left.Text != right.Text)
            {
                differences.Add($"{where} text '{left.Text}' != '{right.Text}'");
            }

            // An odd-length value read leniently comes back with the one pad byte the writer must add.
            var rightBytes = right.Bytes.Span;
            if ((left.Bytes.Length & 1) == 1 && rightBytes.Length == left.Bytes.Length + 1 && rightBytes[^1] == 0)
            {
                rightBytes = rightBytes[..^1];
            }

            if (!left.Bytes.Span.SequenceEqual(rightBytes))
            {
                differences.Add($"{where} bytes differ ({left.Bytes.Length} vs {right.Bytes.Length})");
            }

            if ((left.Fragments?.Count ?? -1) != (right.Fragments?.Count ?? -1))
            {
                differences.Add($"{where} fragment count differs");
            }
            else if (left.Fragments is not null)
            {
                for (var index = 0; index < left.Fragments.Count; index++)
                {
                    if (!left.Fragments[index].Span.SequenceEqual(right.Fragments![index].Span))
                    {
                        differences.Add($"{where} fragment {index} differs");
                    }
                }
            }

            if (left.Items.Count != right.Items.Count)
            {
                differences.Add($"{where} has {right.Items.Count} items, expected {left.Items.Count}");
                continue;
            }

            for (var index = 0; index < left.Items.Count; index++)
            {
                differences.AddRange(Differences(left.Items[index], right.Items[index], $"{where}[{index}].", ignoreCharacterSet));
            }
        }

        return differences;
    }
}
