using System.Net;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>
/// The outcome of a STOW-RS request (DICOM PS3.18 10.5.3): the instances the server stored and the ones it did not.
/// </summary>
/// <param name="StatusCode">The HTTP status: 200 when all were stored, 202 when some failed or carry warnings.</param>
/// <param name="Referenced">The stored instances, from the Referenced SOP Sequence (0008,1199).</param>
/// <param name="Failed">The instances not stored, from the Failed SOP Sequence (0008,1198).</param>
/// <param name="RetrieveUrl">The study's Retrieve URL (0008,1190), when the server returned one.</param>
public sealed record StowRsResult(
    HttpStatusCode StatusCode,
    IReadOnlyList<StowRsInstance> Referenced,
    IReadOnlyList<StowRsInstance> Failed,
    string? RetrieveUrl)
{
    /// <summary>Gets a value indicating whether every instance sent was stored.</summary>
    public bool AllStored => Failed.Count == 0;
}

/// <summary>One instance in a STOW-RS response.</summary>
/// <param name="SopClassUid">Referenced SOP Class UID (0008,1150).</param>
/// <param name="SopInstanceUid">Referenced SOP Instance UID (0008,1155).</param>
public sealed record StowRsInstance(string? SopClassUid, string? SopInstanceUid)
{
    /// <summary>Gets the instance's Retrieve URL (0008,1190); null for a failed instance.</summary>
    public string? RetrieveUrl { get; init; }

    /// <summary>Gets the Failure Reason (0008,1197), such as <c>0xA700</c> for out of resources (PS3.4 GG.4).</summary>
    public ushort? FailureReason { get; init; }

    /// <summary>Gets the Warning Reason (0008,1196), such as <c>0xB000</c> for coercion of data elements.</summary>
    public ushort? WarningReason { get; init; }
}
