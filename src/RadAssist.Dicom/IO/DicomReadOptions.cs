namespace RadAssist.Dicom;

/// <summary>Options of the Part 10 reader.</summary>
public sealed record DicomReadOptions
{
    /// <summary>The default options.</summary>
    public static DicomReadOptions Default { get; } = new();

    /// <summary>
    /// Whether to stop at Pixel Data (7FE0,0010) of the top-level dataset, so a header read never loads or
    /// allocates the pixel data.
    /// </summary>
    /// <value>Default <see langword="false"/>: pixel data is kept, native or as encapsulated fragments.</value>
    public bool StopBeforePixelData { get; init; }

    /// <summary>Maximum nesting depth of sequences; deeper input is rejected as malformed.</summary>
    /// <value>Default 64 levels.</value>
    public int MaxSequenceDepth { get; init; } = 64;

    /// <summary>Maximum size of a Deflated Explicit VR Little Endian dataset after inflation.</summary>
    /// <value>Default 512 MiB (536,870,912 bytes).</value>
    public long MaxInflatedLength { get; init; } = 512L * 1024 * 1024;
}
