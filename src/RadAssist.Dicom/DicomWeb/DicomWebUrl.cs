namespace RadAssist.Dicom.DicomWeb;

/// <summary>Formats request URLs for messages and logs without the values of patient query keys.</summary>
internal static class DicomWebUrl
{
    private static readonly string[] IdentifyingKeys =
    [
        "PatientID", "PatientName", "PatientBirthDate", "OtherPatientIDs", "IssuerOfPatientID", "AccessionNumber",
        "00100020", "00100010", "00100030", "00101000", "00100021", "00080050",
    ];

    /// <summary>Returns the URL with the value of each patient or accession query key replaced by <c>***</c>.</summary>
    public static string Redact(Uri uri)
    {
        var query = uri.Query;
        if (query.Length <= 1)
        {
            return uri.AbsoluteUri;
        }

        var pairs = query[1..].Split('&').Select(pair =>
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = equals < 0 ? pair : Uri.UnescapeDataString(pair[..equals]);
            return equals >= 0 && IdentifyingKeys.Contains(key, StringComparer.OrdinalIgnoreCase) ? pair[..equals] + "=***" : pair;
        });
        return uri.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', pairs);
    }
}
