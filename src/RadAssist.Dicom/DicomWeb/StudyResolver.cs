using System.Globalization;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>
/// Finds the Study Instance UID of an order that carries none: by accession number, or else by patient id, modality
/// and study date. Exactly one match is accepted; none or several raise <see cref="DicomWebStudyResolutionException"/>.
/// </summary>
internal static class StudyResolver
{
    public static async Task<(string StudyInstanceUid, string Criteria)> ResolveAsync(
        DicomWebClient client,
        StudyEvent studyEvent,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(studyEvent.StudyInstanceUid))
        {
            return (studyEvent.StudyInstanceUid.Trim(), "StudyInstanceUID");
        }

        DicomQuery query;
        string criteria;
        if (!string.IsNullOrWhiteSpace(studyEvent.AccessionNumber))
        {
            criteria = "AccessionNumber";
            query = new DicomQuery().Match("AccessionNumber", Exact(studyEvent.AccessionNumber.Trim()));
            if (!string.IsNullOrWhiteSpace(studyEvent.PatientId))
            {
                // An accession number is unique only per issuer; the patient id narrows it where the order has one.
                criteria += ", PatientID";
                query.Match("PatientID", Exact(studyEvent.PatientId.Trim()));
            }
        }
        else if (!string.IsNullOrWhiteSpace(studyEvent.PatientId) && !string.IsNullOrWhiteSpace(studyEvent.Modality)
            && studyEvent.StudyDate is { } date)
        {
            criteria = "PatientID, ModalitiesInStudy, StudyDate";
            query = new DicomQuery()
                .Match("PatientID", Exact(studyEvent.PatientId.Trim()))
                .Match("ModalitiesInStudy", Exact(studyEvent.Modality.Trim()))
                .Match("StudyDate", date.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }
        else
        {
            throw new DicomWebStudyResolutionException(
                $"Study event '{studyEvent.EventId}' has no StudyInstanceUid, no AccessionNumber, and not all of PatientId, "
                + "Modality and StudyDate, so its study cannot be found in the PACS.",
                "none",
                []);
        }

        // Two results are enough to tell "ambiguous" from "unique".
        query.Limit = 10;
        var studies = await client.SearchStudiesAsync(query, cancellationToken).ConfigureAwait(false);
        var uids = studies
            .Select(s => s.GetString(DicomTags.StudyInstanceUid))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return uids.Count switch
        {
            1 => (uids[0], criteria),
            0 => throw new DicomWebStudyResolutionException(
                $"No study in the PACS matches the {criteria} of study event '{studyEvent.EventId}'; "
                + "check the order or wait until the images are stored.",
                criteria,
                uids),
            _ => throw new DicomWebStudyResolutionException(
                $"{uids.Count} studies in the PACS match the {criteria} of study event '{studyEvent.EventId}'; "
                + "RadAssist does not choose between them, so send the StudyInstanceUid with the event.",
                criteria,
                uids),
        };
    }

    /// <summary>Returns an identifier for exact matching, rejecting one that QIDO-RS would treat as a wildcard pattern.</summary>
    private static string Exact(string value)
    {
        // QIDO-RS has no escape for * and ? (PS3.4 C.2.2.2.4), so such a value cannot be matched literally.
        if (value.Contains('*', StringComparison.Ordinal) || value.Contains('?', StringComparison.Ordinal))
        {
            throw new DicomWebStudyResolutionException(
                "An identifier of the study event contains * or ?, which QIDO-RS treats as wildcards, so it cannot be matched exactly.",
                "invalid identifier",
                []);
        }

        return value;
    }
}
