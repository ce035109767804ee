using System.Net;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>
/// A DICOMweb request that failed: the server was unreachable or timed out, returned an error status, or returned a
/// body that is not valid DICOM JSON or multipart/related content (DICOM PS3.18 8 and 10).
/// </summary>
/// <remarks>
/// The message names the method, the URL and the HTTP status. Values of patient query keys are replaced by
/// <c>***</c> in the message, so the message can be logged; <see cref="RequestUri"/> keeps the full URL.
/// </remarks>
public sealed class DicomWebException : Exception
{
    /// <summary>Initializes a new instance with a message.</summary>
    /// <param name="message">The message.</param>
    public DicomWebException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance with a message and the exception that caused it.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DicomWebException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance.</summary>
    public DicomWebException()
    {
    }

    internal DicomWebException(
        string message,
        HttpMethod method,
        Uri requestUri,
        HttpStatusCode? statusCode,
        bool isTransient,
        Exception? innerException = null)
        : base(message, innerException)
    {
        Method = method.Method;
        RequestUri = requestUri;
        StatusCode = statusCode;
        IsTransient = isTransient;
    }

    /// <summary>Gets the HTTP method of the failed request, such as <c>GET</c> or <c>POST</c>.</summary>
    public string? Method { get; }

    /// <summary>Gets the full URL of the failed request.</summary>
    public Uri? RequestUri { get; }

    /// <summary>Gets the HTTP status the server returned; null when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>
    /// Gets a value indicating whether the same request may succeed later: the server was unreachable, timed out,
    /// or returned 408, 429 or a 5xx status.
    /// </summary>
    public bool IsTransient { get; }
}
