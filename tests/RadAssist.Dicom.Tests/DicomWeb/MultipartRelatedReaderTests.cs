using RadAssist.Dicom.DicomWeb;
using RadAssist.Testing;

namespace RadAssist.Dicom.Tests.DicomWeb;

public sealed class MultipartRelatedReaderTests
{
    private const string Boundary = "6f3c1b2e-0a4d-4e59-9a7b-5d2c8e1f0a13";

    private static readonly string[] ResponseFiles =
    [
        "cases/wado-multipart/response-a-per-part-headers.bin",
        "cases/wado-multipart/response-b-preamble-no-part-headers.bin",
    ];

    [TestCaseSource(nameof(ResponseFiles))]
    public async Task Read_RecordedResponse_YieldsInstancesByteForByte(string file)
    {
        var parts = await ReadAllAsync(TestData.Bytes(file), readSize: 64 * 1024);

        Assert.That(parts, Has.Count.EqualTo(2));
        Assert.That(parts[0].Content, Is.EqualTo(TestData.Bytes("cases/wado-multipart/instance1.dcm")));
        Assert.That(parts[1].Content, Is.EqualTo(TestData.Bytes("cases/wado-multipart/instance2.dcm")));
        foreach (var part in parts)
        {
            Assert.That(part.Content.AsSpan(0, 128).ToArray(), Is.All.EqualTo(0));
            Assert.That(part.Content.AsSpan(128, 4).ToArray(), Is.EqualTo("DICM"u8.ToArray()));
        }
    }

    [TestCaseSource(nameof(ResponseFiles))]
    public async Task Read_OneBytePerRead_YieldsSameParts(string file)
    {
        var parts = await ReadAllAsync(TestData.Bytes(file), readSize: 1);

        Assert.That(parts, Has.Count.EqualTo(2));
        Assert.That(parts[0].Content, Is.EqualTo(TestData.Bytes("cases/wado-multipart/instance1.dcm")));
        Assert.That(parts[1].Content, Is.EqualTo(TestData.Bytes("cases/wado-multipart/instance2.dcm")));
    }

    [Test]
    public async Task Read_PartHeaders_NotInContent()
    {
        var parts = await ReadAllAsync(TestData.Bytes(ResponseFiles[0]), readSize: 4096);

        Assert.That(parts[1].ContentType, Is.EqualTo("application/dicom"));
        Assert.That(parts[1].Headers.ContainsKey("content-length"), Is.True);
    }

    [Test]
    public void BoundaryOf_HeadersFromCase_QuotedAndBare()
    {
        var lines = TestData.Text("cases/wado-multipart/headers.txt")
            .Split('\n')
            .Where(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .ToList();

        Assert.That(lines, Has.Count.EqualTo(2));
        foreach (var line in lines)
        {
            Assert.That(MultipartRelatedReader.BoundaryOf(line), Is.EqualTo(Boundary));
        }
    }

    [TestCase("application/dicom+json")]
    [TestCase("multipart/related; type=\"application/dicom\"")]
    [TestCase("multipart/related; boundary=\"\"")]
    [TestCase("")]
    public void BoundaryOf_NotMultipartOrNoBoundary_Throws(string contentType)
    {
        var exception = Assert.Throws<FormatException>(() => MultipartRelatedReader.BoundaryOf(contentType));

        Assert.That(exception!.Message, Does.Contain("Content-Type"));
    }

    [Test]
    public async Task Read_BodyWithoutClosingDelimiter_ThrowsNamingPart()
    {
        var body = TestData.Bytes(ResponseFiles[0]);
        var truncated = body.AsSpan(0, body.Length - 200).ToArray();

        var exception = await Assert.ThrowsAsync<FormatException>(() => ReadAllAsync(truncated, 4096));

        Assert.That(exception!.Message, Does.Contain("part 2"));
    }

    [Test]
    public async Task Read_BodyWithoutAnyDelimiter_Throws()
    {
        var exception = await Assert.ThrowsAsync<FormatException>(() => ReadAllAsync("not a multipart body"u8.ToArray(), 4096));

        Assert.That(exception!.Message, Does.Contain("no delimiter"));
    }

    [Test]
    public async Task Read_PartLargerThanLimit_Throws()
    {
        var body = TestData.Bytes(ResponseFiles[0]);

        var exception = await Assert.ThrowsAsync<FormatException>(() => ReadAllAsync(body, 4096, maxPartBytes: 100));

        Assert.That(exception!.Message, Does.Contain("limit of 100 bytes"));
    }

    [Test]
    public async Task Read_BoundaryPrefixInPart_IsContent()
    {
        var body = "--b\r\n\r\nabc--b\r\n--bx\r\n--b--\r\n"u8.ToArray();

        var parts = await ReadAllAsync(body, 3, boundary: "b");

        Assert.That(parts, Has.Count.EqualTo(1));
        Assert.That(parts[0].Content, Is.EqualTo("abc--b\r\n--bx"u8.ToArray()));
    }

    private static async Task<List<MultipartPart>> ReadAllAsync(byte[] body, int readSize, int maxPartBytes = 1 << 20, string boundary = Boundary)
    {
        using var stream = new ChunkedStream(body, readSize);
        using var reader = new MultipartRelatedReader(stream, boundary, maxPartBytes);
        var parts = new List<MultipartPart>();
        while (await reader.ReadPartAsync(CancellationToken.None) is { } part)
        {
            parts.Add(part);
        }

        return parts;
    }

    /// <summary>A read-only stream that returns at most a fixed number of bytes per read, like a slow socket.</summary>
    private sealed class ChunkedStream(byte[] data, int readSize) : MemoryStream(data, writable: false)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, readSize));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }
}
