using System.Buffers.Binary;
using RadAssist.Dicom;
using RadAssist.Testing;

namespace RadAssist.Dicom.Tests.Part10;

/// <summary>Malformed input raises DicomFormatException with offset and tag, never a hang, crash or huge allocation.</summary>
public sealed class MalformedInputTests
{
    private static readonly byte[] Sr = TestData.Bytes("dicom/sr/dcmtk_mkreport_report02.dcm");

    [Test]
    public void Truncation_AtEveryOffset_IsReported()
    {
        var failures = 0;
        for (var length = 0; length < Sr.Length; length++)
        {
            try
            {
                var file = DicomFile.Read(Sr.AsMemory(0, length));

                // Cutting exactly between two top-level elements leaves a shorter but valid dataset.
                Assert.That(file.Dataset.Count, Is.LessThanOrEqualTo(DicomFile.Read(Sr).Dataset.Count), $"length {length}");
            }
            catch (DicomFormatException exception)
            {
                failures++;
                Assert.That(exception.Offset, Is.InRange(0, length), $"length {length}");
                Assert.That(exception.Message, Does.Contain("offset"), $"length {length}");
            }
        }

        Assert.That(failures, Is.GreaterThan(Sr.Length * 9 / 10));
    }

    [TestCase(0)]
    [TestCase(7)]
    public void Empty_or_tiny_file_is_not_dicom(int length)
    {
        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(new byte[length]));

        Assert.That(exception!.Message, Does.Contain("not a DICOM file"));
    }

    [Test]
    public void Truncated_InsideSequence_NamesInnerElement()
    {
        var offset = IndexOfTag(Sr, 0x0040, 0xA730);
        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(Sr.AsMemory(0, offset + 40)));

        // The innermost element the cut runs through is named: an item element inside the Content Sequence.
        Assert.That(exception!.Tag, Is.Not.Null);
        Assert.That(exception.Tag!.Value.Group, Is.EqualTo(0x0040));
        Assert.That(exception.Offset, Is.InRange(offset, offset + 40));
    }

    [TestCase(0xFFFFFFFEu, TestName = "ValueLength_4GB_ThrowsWithoutAllocating")]
    [TestCase(0x00100000u, TestName = "ValueLength_PastEnd_Throws")]
    public void ValueLength_PastEnd_Throws(uint length)
    {
        // A UT element (4-byte length) whose length runs past the end of the file.
        var bytes = Part10With(Element(0x0040, 0xA160, "UT", [], longLength: length));
        var before = GC.GetAllocatedBytesForCurrentThread();

        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(bytes));

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(1_000_000));
        Assert.That(exception!.Code, Is.EqualTo("ValueLengthPastEnd"));
        Assert.That(exception.Tag, Is.EqualTo(new DicomTag(0x0040, 0xA160)));
        Assert.That(exception.Offset, Is.EqualTo(MetaLength()));
    }

    [Test]
    public void ValueLength4GB_Stream_AllocatesLittle()
    {
        var bytes = Part10With(Element(0x0040, 0xA160, "UT", [], longLength: 0xFFFFFFF0u));
        using var stream = new NonSeekableStream(bytes);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(stream));

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.LessThan(10_000_000));
        Assert.That(exception!.Code, Is.EqualTo("ValueLengthPastEnd"));
    }

    [Test]
    public void OddLength_InMiddle_Throws()
    {
        var bytes = Part10With(
            Element(0x0010, 0x0010, "PN", "DOE^JAN"u8.ToArray()),
            Element(0x0010, 0x0020, "LO", "ID12"u8.ToArray()));

        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(bytes));

        Assert.That(exception!.Code, Is.EqualTo("OddLength"));
        Assert.That(exception.Tag, Is.EqualTo(new DicomTag(0x0010, 0x0010)));
        Assert.That(exception.Offset, Is.EqualTo(MetaLength()));
    }

    [Test]
    public void Sequence_NeverEnds_ThrowsNamingSequence()
    {
        // (0040,A730) SQ of undefined length, one item of undefined length, then the data stops.
        var sequence = Element(0x0040, 0xA730, "SQ", [], longLength: 0xFFFFFFFF);
        var item = new byte[] { 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF };
        var text = Element(0x0040, 0xA040, "CS", "TEXT"u8.ToArray());
        var bytes = Part10With(sequence, item, text);

        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(bytes));

        Assert.That(exception!.Code, Is.EqualTo("Truncated"));
        Assert.That(exception.Offset, Is.GreaterThanOrEqualTo(MetaLength()));
    }

    [Test]
    public void Sequence_NestedTooDeep_Throws()
    {
        var nested = new List<byte>();
        for (var depth = 0; depth < 100; depth++)
        {
            nested.AddRange(Element(0x0040, 0xA730, "SQ", [], longLength: 0xFFFFFFFF));
            nested.AddRange(new byte[] { 0xFE, 0xFF, 0x00, 0xE0, 0xFF, 0xFF, 0xFF, 0xFF });
        }

        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(Part10With(nested.ToArray())));

        Assert.That(exception!.Code, Is.EqualTo("TooDeep"));
        Assert.That(exception.Tag, Is.EqualTo(new DicomTag(0x0040, 0xA730)));
    }

    [Test]
    public void InvalidVR_ThrowsNamingBytes()
    {
        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(Part10With(Element(0x0010, 0x0010, "ZZ", "AB"u8.ToArray()))));

        Assert.That(exception!.Code, Is.EqualTo("InvalidVR"));
        Assert.That(exception.Message, Does.Contain("5A 5A"));
    }

    [Test]
    public void ItemLength_PastSequenceEnd_Throws()
    {
        // A defined-length sequence of 8 bytes whose item claims 100 bytes.
        var sequence = Element(0x0040, 0xA730, "SQ", [0xFE, 0xFF, 0x00, 0xE0, 100, 0, 0, 0], longLength: null);
        var padding = Element(0x0040, 0xA732, "OB", new byte[120]);

        var exception = Assert.Throws<DicomFormatException>(() => DicomFile.Read(Part10With(sequence, padding)));

        Assert.That(exception!.Code, Is.EqualTo("ValueLengthPastEnd"));
        Assert.That(exception.Tag, Is.EqualTo(new DicomTag(0x0040, 0xA730)));
    }

    [Test]
    public void RandomCorruption_NeverEscapesAsOtherException()
    {
        var random = new Random(1234);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = (byte[])Sr.Clone();
            for (var flips = 0; flips < 4; flips++)
            {
                bytes[random.Next(132, bytes.Length)] = (byte)random.Next(256);
            }

            try
            {
                DicomFile.Read(bytes);
            }
            catch (DicomFormatException)
            {
                // The expected outcome for most corruptions.
            }
        }

        Assert.Pass("2000 corrupted files read or raised DicomFormatException only.");
    }

    internal static byte[] Part10With(params byte[][] elements)
    {
        var dataset = elements.SelectMany(e => e).ToArray();
        var header = DicomFile.Create(new DicomDataset()
            .Set(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Set(new DicomTag(0x0008, 0x0018), DicomVR.UI, "2.25.1")).ToArray();

        // Keep the preamble and meta group of a valid file, then drop its dataset (two UI elements).
        return [.. header.AsSpan(0, MetaLength()), .. dataset];
    }

    internal static int MetaLength()
    {
        var header = DicomFile.Create(new DicomDataset()
            .Set(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7")
            .Set(new DicomTag(0x0008, 0x0018), DicomVR.UI, "2.25.1")).ToArray();
        return 132 + 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(140));
    }

    internal static byte[] Element(ushort group, ushort element, string vr, byte[] value, uint? longLength = null)
    {
        var isLong = vr is "OB" or "OW" or "SQ" or "UT" or "UN" or "UC" or "UR";
        var header = new byte[isLong ? 12 : 8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        if (isLong)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(8), longLength ?? (uint)value.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)value.Length);
        }

        return [.. header, .. value];
    }

    private static int IndexOfTag(byte[] bytes, ushort group, ushort element)
    {
        byte[] pattern = [(byte)group, (byte)(group >> 8), (byte)element, (byte)(element >> 8), (byte)'S', (byte)'Q'];
        return bytes.AsSpan().IndexOf(pattern);
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();
    }
}
