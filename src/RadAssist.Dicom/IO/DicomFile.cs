namespace RadAssist.Dicom;

/// <summary>
/// A DICOM Part 10 file: File Meta Information and dataset (DICOM PS3.10 section 7). Reads Implicit and Explicit
/// VR Little Endian, Deflated Explicit VR Little Endian and Explicit VR Big Endian; writes Explicit VR Little Endian.
/// </summary>
public sealed class DicomFile
{
    internal DicomFile(DicomDataset meta, DicomDataset dataset, IReadOnlyList<string> warnings, long? pixelDataOffset)
    {
        FileMetaInformation = meta;
        Dataset = dataset;
        Warnings = warnings;
        PixelDataOffset = pixelDataOffset;
    }

    /// <summary>The File Meta Information group (0002,xxxx).</summary>
    public DicomDataset FileMetaInformation { get; }

    /// <summary>The dataset.</summary>
    public DicomDataset Dataset { get; }

    /// <summary>Transfer Syntax UID (0002,0010) the file was read in, or <see langword="null"/> for a bare dataset.</summary>
    public string? TransferSyntaxUid => FileMetaInformation.GetString(DicomTags.TransferSyntaxUid);

    /// <summary>Problems the reader accepted leniently, such as UIDs padded with spaces.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Offset of Pixel Data (7FE0,0010) when the read stopped before it, else <see langword="null"/>.</summary>
    public long? PixelDataOffset { get; }

    /// <summary>Creates a file for a dataset, with meta information for Explicit VR Little Endian.</summary>
    /// <param name="dataset">A dataset with SOP Class UID (0008,0016) and SOP Instance UID (0008,0018).</param>
    /// <exception cref="ArgumentException">The dataset has no SOP Class UID or SOP Instance UID.</exception>
    public static DicomFile Create(DicomDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var sopClass = dataset.GetString(DicomTags.SopClassUid)
            ?? throw new ArgumentException("SOP Class UID (0008,0016) is missing.", nameof(dataset));
        var sopInstance = dataset.GetString(DicomTags.SopInstanceUid)
            ?? throw new ArgumentException("SOP Instance UID (0008,0018) is missing.", nameof(dataset));

        var meta = new DicomDataset(8)
            .Set(DicomElement.FromBytes(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 }))
            .Set(DicomTags.MediaStorageSopClassUid, DicomVR.UI, sopClass)
            .Set(DicomTags.MediaStorageSopInstanceUid, DicomVR.UI, sopInstance)
            .Set(DicomTags.TransferSyntaxUid, DicomVR.UI, DicomTransferSyntax.ExplicitVRLittleEndian)
            .Set(DicomTags.ImplementationClassUid, DicomVR.UI, DicomUid.ImplementationClassUid)
            .Set(DicomTags.ImplementationVersionName, DicomVR.SH, DicomUid.ImplementationVersionName);
        return new DicomFile(meta, dataset, [], null);
    }

    /// <summary>Reads a file from memory.</summary>
    /// <param name="bytes">The file bytes.</param>
    /// <param name="options">Reader options; <see cref="DicomReadOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="DicomFormatException">The bytes are not a well-formed DICOM file.</exception>
    public static DicomFile Read(ReadOnlyMemory<byte> bytes, DicomReadOptions? options = null) =>
        DicomParser.Parse(new DicomByteSource(bytes), options);

    /// <summary>Reads a file from a stream, loading only as much as the read needs.</summary>
    /// <param name="stream">A readable stream positioned at the preamble.</param>
    /// <param name="options">Reader options; <see cref="DicomReadOptions.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="DicomFormatException">The stream is not a well-formed DICOM file.</exception>
    public static DicomFile Read(Stream stream, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return DicomParser.Parse(new DicomByteSource(stream), options);
    }

    /// <summary>Reads a file from disk.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="options">Reader options; with <see cref="DicomReadOptions.StopBeforePixelData"/> only the header is read.</param>
    /// <exception cref="DicomFormatException">The file is not a well-formed DICOM file.</exception>
    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Read(stream, options);
    }

    /// <summary>Reads a file from a stream asynchronously; the whole stream is buffered first.</summary>
    /// <param name="stream">A readable stream positioned at the preamble.</param>
    /// <param name="options">Reader options.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="DicomFormatException">The stream is not a well-formed DICOM file.</exception>
    public static async Task<DicomFile> ReadAsync(
        Stream stream,
        DicomReadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Read(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), options);
    }

    /// <summary>Encodes the file in Explicit VR Little Endian, checking every value against its VR and VM.</summary>
    /// <returns>The Part 10 bytes: preamble, DICM prefix, meta information and dataset.</returns>
    /// <exception cref="DicomFormatException">A value breaks the rules of its VR or VM; the message names the tag.</exception>
    public byte[] ToArray() => DicomWriter.Write(WithExplicitLittleEndianMeta(), validate: true);

    /// <summary>Writes the file to a stream in Explicit VR Little Endian.</summary>
    /// <param name="stream">A writable stream.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="DicomFormatException">A value breaks the rules of its VR or VM.</exception>
    public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await stream.WriteAsync(ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private DicomFile WithExplicitLittleEndianMeta()
    {
        if (TransferSyntaxUid == DicomTransferSyntax.ExplicitVRLittleEndian)
        {
            return this;
        }

        // The writer only encodes Explicit VR Little Endian, so the meta information must name that transfer syntax.
        var meta = new DicomDataset(FileMetaInformation.Count + 6);
        foreach (var element in FileMetaInformation)
        {
            meta.Set(element);
        }

        if (!meta.Contains(DicomTags.FileMetaInformationVersion))
        {
            meta.Set(DicomElement.FromBytes(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0, 1 }));
        }

        if (Dataset.GetString(DicomTags.SopClassUid) is { } sopClass && !meta.Contains(DicomTags.MediaStorageSopClassUid))
        {
            meta.Set(DicomTags.MediaStorageSopClassUid, DicomVR.UI, sopClass);
        }

        if (Dataset.GetString(DicomTags.SopInstanceUid) is { } sopInstance && !meta.Contains(DicomTags.MediaStorageSopInstanceUid))
        {
            meta.Set(DicomTags.MediaStorageSopInstanceUid, DicomVR.UI, sopInstance);
        }

        meta.Set(DicomTags.TransferSyntaxUid, DicomVR.UI, DicomTransferSyntax.ExplicitVRLittleEndian);
        if (!meta.Contains(DicomTags.ImplementationClassUid))
        {
            meta.Set(DicomTags.ImplementationClassUid, DicomVR.UI, DicomUid.ImplementationClassUid);
        }

        return new DicomFile(meta, Dataset, Warnings, PixelDataOffset);
    }
}
