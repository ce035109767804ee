using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>Reads the STOW-RS response dataset (DICOM PS3.18 10.5.3, Table 10.5.3-1).</summary>
internal static class StowRsResponse
{
    private static readonly DicomTag RetrieveUrl = new(0x0008, 0x1190);
    private static readonly DicomTag FailedSopSequence = new(0x0008, 0x1198);
    private static readonly DicomTag WarningReason = new(0x0008, 0x1196);
    private static readonly DicomTag FailureReason = new(0x0008, 0x1197);

    public static StowRsResult Read(HttpStatusCode status, DicomDataset? response)
    {
        if (response is null)
        {
            return new StowRsResult(status, [], [], null);
        }

        var referenced = response.GetItems(DicomTags.ReferencedSopSequence).Select(InstanceOf).ToList();
        var failed = response.GetItems(FailedSopSequence).Select(InstanceOf).ToList();
        return new StowRsResult(status, referenced, failed, response.GetString(RetrieveUrl));
    }

    public static string Describe(IReadOnlyList<StowRsInstance> failed)
    {
        if (failed.Count == 0)
        {
            return "the response lists no failed instance";
        }

        var reasons = failed
            .GroupBy(f => f.FailureReason)
            .Select(g => $"{g.Count()} with failure reason {(g.Key is { } code ? "0x" + code.ToString("X4", CultureInfo.InvariantCulture) : "unknown")}");
        return string.Join(", ", reasons);
    }

    private static StowRsInstance InstanceOf(DicomDataset item) =>
        new(item.GetString(DicomTags.ReferencedSopClassUid), item.GetString(DicomTags.ReferencedSopInstanceUid))
        {
            RetrieveUrl = item.GetString(RetrieveUrl),
            FailureReason = ReasonOf(item.Get(FailureReason)),
            WarningReason = ReasonOf(item.Get(WarningReason)),
        };

    private static ushort? ReasonOf(DicomElement? element)
    {
        if (element is null)
        {
            return null;
        }

        if (element.Bytes.Length >= 2)
        {
            return BinaryPrimitives.ReadUInt16LittleEndian(element.Bytes.Span);
        }

        return ushort.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
