using System.Text;
using Microsoft.Extensions.Time.Testing;
using RadAssist.Dicom.Drafts;
using RadAssist.Dicom.StructuredReport;

namespace RadAssist.Dicom.Tests.StructuredReport;

/// <summary>Every SR the SDK writes passes dciodvfy, parses in dsrdump and reads in pydicom with the same tree.</summary>
public sealed class SrValidatorTests
{
    private string _directory = string.Empty;

    [OneTimeSetUp]
    public void CreateDirectory()
    {
        _directory = Directory.CreateTempSubdirectory("radassist-sr-").FullName;
    }

    [OneTimeTearDown]
    public void DeleteDirectory()
    {
        Directory.Delete(_directory, recursive: true);
    }

    [TestCase(1)]
    [TestCase(10)]
    [TestCase(1000)]
    public void MeasurementReport_PassesAllValidators(int measurementCount)
    {
        var bytes = SrFixtures.MeasurementReport(measurementCount).ToPart10();
        var path = Save($"tid1500-{measurementCount}.dcm", bytes);

        AssertValid(path, bytes);
    }

    [Test]
    public void BundledReportDrafts_PassAllValidators()
    {
        var paths = new List<string>();
        foreach (var (name, draft) in SrFixtures.BundledReportDrafts())
        {
            var bytes = SrDraftWriter.Render(draft, SrFixtures.Context(), new FakeTimeProvider());
            var path = Save($"{name}.dcm", bytes);
            paths.Add(path);
            Assert.That(ExternalValidators.DciodvfyErrors(path), Is.Empty, name);
            var (exitCode, output) = ExternalValidators.Dsrdump(path);
            Assert.That(exitCode, Is.Zero, $"{name}: {output}");
        }

        Assert.That(paths, Has.Count.GreaterThan(200));
        var trees = PydicomTrees(paths);
        foreach (var path in paths)
        {
            Assert.That(trees[path], Is.EqualTo(OurTree(File.ReadAllBytes(path))), Path.GetFileName(path));
        }
    }

    [Test]
    public void DraftWithMeasurements_IsEnhancedSrAndValid()
    {
        var draft = SrFixtures.Draft((DraftSectionKind.Findings, "Right upper lobe nodule measures 6 mm.")) with
        {
            Findings = [new Finding { Type = "nodule", Measurements = [new Measurement { Text = "6 mm", ValuesMm = [6m] }, new Measurement { Text = "1.20 cm", ValuesMm = [12.0m] }] }],
        };

        var bytes = SrDraftWriter.Render(draft, SrFixtures.Context(), new FakeTimeProvider());
        var path = Save("draft-enhanced.dcm", bytes);

        Assert.That(DicomFile.Read(bytes).Dataset.GetString(new DicomTag(0x0008, 0x0016)), Is.EqualTo("1.2.840.10008.5.1.4.1.1.88.22"));
        AssertValid(path, bytes);
        Assert.That(File.ReadAllText(path, Encoding.Latin1), Does.Contain("12.0"));
    }

    [Test]
    public void ControlCharactersInText_BecomeSpaces()
    {
        var draft = SrFixtures.Draft((DraftSectionKind.Findings, "No effusion.\u0000 Bell\u0007 and \u007f here."));

        var bytes = SrDraftWriter.Render(draft, SrFixtures.Context(), new FakeTimeProvider());
        var path = Save("draft-control-characters.dcm", bytes);

        AssertValid(path, bytes);
        Assert.That(File.ReadAllText(path, Encoding.Latin1), Does.Contain("No effusion.  Bell  and   here."));
    }

    private void AssertValid(string path, byte[] bytes)
    {
        Assert.That(ExternalValidators.DciodvfyErrors(path), Is.Empty);
        var (exitCode, output) = ExternalValidators.Dsrdump(path);
        Assert.That(exitCode, Is.Zero, output);
        Assert.That(output, Does.Not.Contain("Error").And.Not.Contain("Warning"));
        Assert.That(PydicomTrees([path])[path], Is.EqualTo(OurTree(bytes)));
    }

    private string Save(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static Dictionary<string, string> PydicomTrees(IReadOnlyList<string> paths)
    {
        var (exitCode, output) = ExternalValidators.PydicomTree(paths);
        Assert.That(exitCode, Is.Zero, output);
        var trees = new Dictionary<string, string>();
        string? current = null;
        var lines = new StringBuilder();
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("== ", StringComparison.Ordinal))
            {
                if (current is not null)
                {
                    trees[current] = lines.ToString();
                }

                current = line[3..];
                lines.Clear();
            }
            else if (line.Length > 0)
            {
                lines.Append(line).Append('\n');
            }
        }

        if (current is not null)
        {
            trees[current] = lines.ToString();
        }

        return trees;
    }

    /// <summary>Formats the tree RadAssist reads back in the line format of tests/data/dicom/sr_tree.py.</summary>
    internal static string OurTree(byte[] bytes)
    {
        var document = SrDocument.Read(DicomFile.Read(bytes).Dataset);
        var builder = new StringBuilder();
        Walk(document.Root, 0);
        return builder.ToString();

        void Walk(SrContentItem item, int depth)
        {
            var concept = item.ConceptName is { } name ? $"{name.Value}^{name.Scheme}" : string.Empty;
            var relationship = item.Relationship == SrRelationship.None ? string.Empty : SrDatasetWriter.RelationshipCode(item.Relationship);
            var value = item.ValueType switch
            {
                SrValueType.Code => $"{item.Code!.Value}^{item.Code.Scheme}",
                SrValueType.Num => $"{item.NumericValue} {item.Units!.Value}^{item.Units.Scheme}",
                SrValueType.Image or SrValueType.Composite => item.Reference!.SopInstanceUid,
                _ => item.Value ?? string.Empty,
            };
            builder.Append($"{depth}|{relationship}|{SrDatasetWriter.ValueTypeCode(item.ValueType)}|{concept}|{value}\n");
            foreach (var child in item.Children)
            {
                Walk(child, depth + 1);
            }
        }
    }
}
