namespace RadAssist.Dicom.DicomWeb;

/// <summary>
/// A study event without a Study Instance UID whose accession number, or patient id, modality and date, matched no
/// study or more than one study in the PACS.
/// </summary>
/// <remarks>RadAssist does not pick one of several matches; the host resolves the order or adds the UID.</remarks>
public sealed class DicomWebStudyResolutionException : Exception
{
    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public DicomWebStudyResolutionException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DicomWebStudyResolutionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    public DicomWebStudyResolutionException()
    {
    }

    internal DicomWebStudyResolutionException(string message, string criteria, IReadOnlyList<string> matches)
        : base(message)
    {
        Criteria = criteria;
        MatchingStudyInstanceUids = matches;
    }

    /// <summary>Gets the query keys that were used, such as <c>AccessionNumber</c>; values are not included.</summary>
    public string? Criteria { get; }

    /// <summary>Gets the Study Instance UIDs that matched: none when the study is missing, several when ambiguous.</summary>
    public IReadOnlyList<string> MatchingStudyInstanceUids { get; } = [];
}
