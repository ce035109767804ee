using System.Globalization;
using System.Text;
using System.Text.Json;
using RadAssist.Dicom;
using RadAssist.Dicom.StructuredReport;
using RadAssist.Dicom.Tests.Part10;
using RadAssist.Dicom.Tests.StructuredReport;
using RadAssist.Testing;

namespace RadAssist.Dicom.Tests.Cases;

/// <summary>Regression cases from peer projects' bug reports; tests/data/cases/SOURCES.md names each report.</summary>
public sealed class DicomCaseTests
{
    private static readonly DicomTag ContentSequence = new(0x0040, 0xA730);

    [Test]
    public void EmptyContentSequence_ReadLeniently()
    {
        var document = SrDocument.Read(DicomFile.Read(TestData.Bytes("cases/sr-bad-empty-content-sequence.dcm")).Dataset);

        var text = document.Root.Descendants().Single(i => i.ValueType == SrValueType.Text);
        Assert.That(text.Children, Is.Empty);
        Assert.That(document.Warnings, Has.Some.Contains("empty Content Sequence"));
    }

    [Test]
    public void LeafWithoutChildren_HasNoContentSequence_LikeGoodFile()
    {
        var good = TestData.Bytes("cases/sr-good-no-content-sequence-on-leaf.dcm");
        var goodDocument = SrDocument.Read(DicomFile.Read(good).Dataset);
        var image = goodDocument.Root.Descendants().Single(i => i.ValueType == SrValueType.Image).Reference!;
        var evidence = goodDocument.Evidence.Single(e => e.SopInstanceUid == image.SopInstanceUid);

        // The same tree through the builder API: a TEXT leaf, a NUM with an IMAGE, and an empty container.
        var root = SrContentItem.Container(SrRelationship.None, goodDocument.Root.ConceptName!).Add(
            SrContentItem.Container(SrRelationship.Contains, goodDocument.Root.Children[0].ConceptName!).Add(
                SrContentItem.Text(SrRelationship.Contains, SrCodes.Finding with { Meaning = goodDocument.Root.Children[0].Children[0].ConceptName!.Meaning }, "Right upper lobe nodule."),
                SrContentItem.Num(SrRelationship.Contains, goodDocument.Root.Children[0].Children[1].ConceptName!, "6", SrCodes.Millimeter).Add(
                    SrContentItem.Image(SrRelationship.InferredFrom, null, image with { SeriesInstanceUid = evidence.SeriesInstanceUid, StudyInstanceUid = evidence.StudyInstanceUid }))));
        var bytes = new SrDocument { Root = root, StudyInstanceUid = goodDocument.StudyInstanceUid }.ToPart10();

        Assert.That(SrValidatorTests.OurTree(bytes), Is.EqualTo(SrValidatorTests.OurTree(good)));
        Assert.That(EmptySequences(DicomFile.Read(bytes).Dataset), Is.EquivalentTo(new[] { "(0008,1111)", "(0040,A372)" }));
    }

    [Test]
    public void Builders_NeverWriteEmptyType1Sequences()
    {
        var root = SrTemplates.MeasurementReport(SrFixtures.Device, new SrAlgorithm("a", "1"), [
            new SrMeasurementGroup("Lesion", "2.25.9", new CodedConcept("27925004", "SCT", "Nodule")) { FindingSite = new CodedConcept("39607008", "SCT", "Lung") },
        ]);
        var dataset = new SrDocument { Root = root, StudyInstanceUid = SrFixtures.StudyUid, AuthorDevice = SrFixtures.Device }.ToDataset();

        // Only the Type 2 sequences may be empty.
        Assert.That(EmptySequences(dataset), Is.EquivalentTo(new[] { "(0008,1111)", "(0040,A372)", "(0008,0082)" }));
    }

    [TestCase("1234567890123456", "(0008,0100)")]
    [TestCase("999000011000000103", "(0008,0119)")]
    [TestCase("http://radelement.org/element/RDE0000", "(0008,0120)")]
    [TestCase("urn:oid:2.16.840.1.113883.6.96", "(0008,0120)")]
    public void CodeValue_GoesToOneAttributeBySize(string value, string expectedTag)
    {
        var root = SrContentItem.Container(SrRelationship.None, SrCodes.DiagnosticImagingReport)
            .Add(SrContentItem.CodeItem(SrRelationship.Contains, SrCodes.Finding, new CodedConcept(value, "SCT", "Example (fake)")));
        var dataset = new SrDocument { Root = root, StudyInstanceUid = SrFixtures.StudyUid }.ToDataset();

        var code = dataset.GetItems(ContentSequence)[0].GetItems(new DicomTag(0x0040, 0xA168))[0];
        var present = code.Select(e => e.Tag.ToString()).Where(t => t is "(0008,0100)" or "(0008,0119)" or "(0008,0120)").ToList();
        Assert.That(present, Is.EqualTo(new[] { expectedTag }));
        Assert.That(code.GetString(new DicomTag(0x0008, 0x0102)), Is.EqualTo("SCT"));
    }

    [Test]
    public void LongAndUrnCodes_ReadFromGoodFile()
    {
        var document = SrDocument.Read(DicomFile.Read(TestData.Bytes("cases/sr-good-long-and-urn-code-values.dcm")).Dataset);

        var codes = document.Root.Descendants().Where(i => i.ValueType == SrValueType.Code).Select(i => i.Code!.Value).ToList();
        Assert.That(codes, Does.Contain("999000011000000103"));
        Assert.That(codes, Does.Contain("http://radelement.org/element/RDE0000"));
    }

    [Test]
    public void EighteenCharacterCodeValue_RejectedOnWrite()
    {
        var file = DicomFile.Read(TestData.Bytes("cases/sr-bad-18-char-code-in-codevalue.dcm"));

        var exception = Assert.Throws<DicomFormatException>(() => file.ToArray());

        Assert.That(exception!.Tag, Is.EqualTo(new DicomTag(0x0008, 0x0100)));
        Assert.That(exception.Code, Is.EqualTo("ValueTooLong"));
    }

    [TestCase("1.2.840.10008.1.2.1", true)]
    [TestCase("2.25.329800735698586629295641978511506172918", true)]
    [TestCase("12.4", false)]
    [TestCase("1.2.840.0123", false)]
    [TestCase("1.2..3", false)]
    [TestCase("1.2.3.", false)]
    [TestCase("1.2.3.a", false)]
    [TestCase("1.2.3333333333333333333333333333333333333333333333333333333333333", false)]
    public void UidValidator_MatchesTable(string uid, bool valid)
    {
        Assert.That(DicomUid.IsValid(uid), Is.EqualTo(valid));
    }

    [Test]
    public void GeneratedUids_AreValid2_25()
    {
        var uids = Enumerable.Range(0, 1000).Select(_ => DicomUid.Generate()).ToList();

        Assert.That(uids, Has.All.Matches<string>(DicomUid.IsValid));
        Assert.That(uids, Has.All.StartsWith("2.25."));
        Assert.That(uids.Distinct().Count(), Is.EqualTo(1000));
    }

    [Test]
    public void InvalidStudyUid_RejectedNamingAttribute()
    {
        var document = SrFixtures.MeasurementReport(1);
        var bad = new SrDocument { Root = document.Root, StudyInstanceUid = "12.4" };

        var exception = Assert.Throws<ArgumentException>(() => bad.ToDataset());

        Assert.That(exception!.Message, Does.Contain("Study Instance UID (0020,000D)").And.Contain("12.4"));
    }

    [Test]
    public void ImageReference_AlsoListedAsEvidence()
    {
        var dataset = SrFixtures.MeasurementReport(2).ToDataset();

        var evidence = dataset.GetItems(new DicomTag(0x0040, 0xA375)).Single();
        var instances = evidence.GetItems(new DicomTag(0x0008, 0x1115)).Single().GetItems(new DicomTag(0x0008, 0x1199));
        Assert.That(instances.Select(i => i.GetString(new DicomTag(0x0008, 0x1155))), Is.EquivalentTo(new[] { "2.25.1000", "2.25.1001" }));
    }

    [Test]
    public void ImageWithoutSopReference_ReadWithWarning()
    {
        var document = SrDocument.Read(DicomFile.Read(TestData.Bytes("cases/sr-bad-uid-root-and-image-without-sopref.dcm")).Dataset);

        Assert.That(document.StudyInstanceUid, Is.EqualTo("12.4"));
        Assert.That(document.Warnings, Has.Some.Contains("Referenced SOP Sequence"));
    }

    [Test]
    public void ImplementationVersionName_17Characters_RejectedOnWrite()
    {
        var file = DicomFile.Create(new DicomDataset()
            .Set(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Set(new DicomTag(0x0008, 0x0018), DicomVR.UI, "2.25.1"));
        file.FileMetaInformation.Set(new DicomTag(0x0002, 0x0013), DicomVR.SH, "OHIF-VIEWER-2.0.0");

        var exception = Assert.Throws<DicomFormatException>(() => file.ToArray());

        Assert.That(exception!.Tag, Is.EqualTo(new DicomTag(0x0002, 0x0013)));
    }

    [Test]
    public void Padding_ProducesExpectedBytes()
    {
        var expected = ParsePaddingCases(TestData.Text("cases/padding-expected.txt"));
        Assert.That(expected, Has.Count.EqualTo(6));

        foreach (var (tag, vr, value, bytes) in expected)
        {
            var file = DicomFile.Create(new DicomDataset()
                .Set(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
                .Set(new DicomTag(0x0008, 0x0018), DicomVR.UI, "2.25.1"));
            if (tag.Group == 2)
            {
                file.FileMetaInformation.Set(tag, vr, value);
            }
            else
            {
                file.Dataset.Set(tag, vr, value);
            }

            var written = file.ToArray();
            Assert.That(written.AsSpan().IndexOf(bytes), Is.GreaterThan(0), $"{tag} {vr} '{value}'");
        }
    }

    [Test]
    public void SpacePaddedUids_ReadTrimmedWithWarning()
    {
        var file = DicomFile.Read(TestData.Bytes("cases/space-padded-uids.dcm"));

        Assert.That(file.Dataset.GetString(new DicomTag(0x0008, 0x0018)), Is.EqualTo("2.25.4096000000000000000000000000000001"));
        Assert.That(file.Dataset.GetString(new DicomTag(0x0020, 0x000D)), Is.EqualTo("2.25.4096000000000000000000000000000002"));
        Assert.That(file.Dataset.GetString(new DicomTag(0x0008, 0x0016)), Is.EqualTo("1.2.840.10008.5.1.4.1.1.7"));
        Assert.That(file.Warnings.Count(w => w.Contains("spaces", StringComparison.Ordinal)), Is.EqualTo(3));
    }

    [Test]
    public void Iso2022EmptyFirstValue_DecodesJapaneseName()
    {
        var file = DicomFile.Read(TestData.Bytes("cases/iso2022-ir87-empty-first-value.dcm"));

        Assert.That(file.Dataset.GetString(new DicomTag(0x0010, 0x0010)), Is.EqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう"));
    }

    [Test]
    public void Iso2022EmptyFirstValue_JsonHasThreeGroups()
    {
        var file = DicomFile.Read(TestData.Bytes("cases/iso2022-ir87-empty-first-value.dcm"));

        using var json = JsonDocument.Parse(DicomJson.Write(file.Dataset));
        var name = json.RootElement.GetProperty("00100010").GetProperty("Value")[0];
        Assert.That(name.GetProperty("Alphabetic").GetString(), Is.EqualTo("Yamada^Tarou"));
        Assert.That(name.GetProperty("Ideographic").GetString(), Is.EqualTo("山田^太郎"));
        Assert.That(name.GetProperty("Phonetic").GetString(), Is.EqualTo("やまだ^たろう"));
    }

    [Test]
    public void NonAsciiText_WrittenAsUtf8WithIsoIr192()
    {
        var file = DicomFile.Read(TestData.Bytes("cases/iso2022-ir87-empty-first-value.dcm"));

        var reread = DicomFile.Read(file.ToArray());

        Assert.That(reread.Dataset.GetString(new DicomTag(0x0008, 0x0005)), Is.EqualTo("ISO_IR 192"));
        Assert.That(reread.Dataset.GetString(new DicomTag(0x0010, 0x0010)), Is.EqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう"));
    }

    [Test]
    public void UndefinedCharacterSetTerm_RaisesClearError()
    {
        var bytes = MalformedInputTests.Part10With(
            MalformedInputTests.Element(0x0008, 0x0005, "CS", "ISO_IR 149"u8.ToArray()),
            MalformedInputTests.Element(0x0010, 0x0010, "PN", [0xB1, 0xE8, 0x5E, 0x41]));

        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(bytes));

        Assert.That(exception!.Code, Is.EqualTo("UnsupportedCharacterSet"));
        Assert.That(exception.Message, Does.Contain("'ISO_IR 149'"));
    }

    [Test]
    public void JsonEmptyValues_ReadAsEmpty()
    {
        var warnings = new List<string>();
        var dataset = DicomJson.Read(TestData.Bytes("cases/json-empty-values-read.json"), warnings);

        Assert.That(dataset.Count, Is.EqualTo(8));
        foreach (var tag in new uint[] { 0x00082111, 0x0008103E, 0x00080020, 0x00100030, 0x00101020, 0x00101030, 0x00204000 })
        {
            Assert.That(dataset.Get(new DicomTag(tag))!.IsEmpty, Is.True, new DicomTag(tag).ToString());
        }

        Assert.That(warnings, Has.Count.EqualTo(5));
        var cs = dataset.Get(new DicomTag(0x0020, 0x0020))!;
        Assert.That(cs.Count, Is.EqualTo(2));
        Assert.That(cs.Text, Is.EqualTo("A\\"));
    }

    [Test]
    public void JsonEmptyValues_WriteExpectedFile()
    {
        var dataset = DicomJson.Read(TestData.Bytes("cases/json-empty-values-read.json"));

        Assert.That(DicomJson.Write(dataset), Is.EqualTo(TestData.Text("cases/json-empty-values-write-expected.json")));
    }

    [Test]
    public void JsonEmptyValues_RoundTripThroughPart10()
    {
        var dataset = DicomJson.Read(TestData.Bytes("cases/json-empty-values-read.json"));
        dataset.Set(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7").Set(new DicomTag(0x0008, 0x0018), DicomVR.UI, "2.25.1");

        var part10 = DicomFile.Create(dataset).ToArray();
        var reread = DicomFile.Read(part10).Dataset;
        reread.Remove(new DicomTag(0x0008, 0x0016));
        reread.Remove(new DicomTag(0x0008, 0x0018));

        Assert.That(DicomJson.Write(reread), Is.EqualTo(TestData.Text("cases/json-empty-values-write-expected.json")));
        Assert.That(part10.AsSpan().IndexOf("\x20\0\x20\0CS\x02\0A\\"u8), Is.GreaterThan(0));
    }

    [Test]
    public void JsonIsDs_ReadCasesKeepExactText()
    {
        using var cases = JsonDocument.Parse(TestData.Text("cases/json-is-ds.json"));
        var count = 0;
        foreach (var readCase in cases.RootElement.GetProperty("read_cases").EnumerateArray())
        {
            var dataset = DicomJson.Read(Encoding.UTF8.GetBytes(readCase.GetProperty("json").GetRawText()));

            Assert.That(dataset.Single().Text, Is.EqualTo(readCase.GetProperty("expected_part10").GetString()), readCase.GetProperty("json").GetRawText());
            count++;
        }

        Assert.That(count, Is.EqualTo(8));
    }

    [TestCase("+1.234", "\"+1.234\"")]
    [TestCase("1.0000", "1.0000")]
    [TestCase(" 456  ", "456")]
    [TestCase("9007199254740993", "9007199254740993")]
    [TestCase(".03", "\".03\"")]
    [TestCase("7.1945578383e-05", "7.1945578383e-05")]
    public void JsonDs_RoundTripKeepsDigits(string part10, string jsonValue)
    {
        var dataset = new DicomDataset().Set(new DicomTag(0x0018, 0x1041), DicomVR.DS, part10);

        var json = DicomJson.Write(dataset, indented: false);
        var back = DicomJson.Read(Encoding.UTF8.GetBytes(json));

        Assert.That(json, Is.EqualTo($"{{\"00181041\":{{\"vr\":\"DS\",\"Value\":[{jsonValue}]}}}}"));
        Assert.That(back.Single().Text, Is.EqualTo(part10.Trim()));
        Assert.That(back.Single().Text!.Length, Is.LessThanOrEqualTo(16));
    }

    private static List<string> EmptySequences(DicomDataset dataset)
    {
        var result = new List<string>();
        foreach (var element in dataset)
        {
            if (element.VR == DicomVR.SQ && element.Items.Count == 0)
            {
                result.Add(element.Tag.ToString());
            }

            foreach (var item in element.Items)
            {
                result.AddRange(EmptySequences(item));
            }
        }

        return result.Distinct().ToList();
    }

    private static List<(DicomTag Tag, DicomVR VR, string Value, byte[] Bytes)> ParsePaddingCases(string text)
    {
        var cases = new List<(DicomTag, DicomVR, string, byte[])>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index];
            if (!line.StartsWith('('))
            {
                continue;
            }

            Assert.That(DicomTag.TryParse(line[..11], out var tag), Is.True, line);
            Assert.That(DicomVRInfo.TryParse(line.Substring(12, 2), out var vr), Is.True, line);
            var value = line[(line.IndexOf('"', StringComparison.Ordinal) + 1)..line.LastIndexOf('"')];
            var bytes = lines[index + 1].Trim().Split(' ').Select(b => byte.Parse(b, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();
            cases.Add((tag, vr, value, bytes));
        }

        return cases;
    }
}
