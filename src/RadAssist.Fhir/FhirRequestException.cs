using System.Net;

namespace RadAssist.Fhir;

/// <summary>A FHIR server or FHIRcast hub responded to a request with an error, or did not respond in time.</summary>
public sealed class FhirRequestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public FhirRequestException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the URL.</param>
    public FhirRequestException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed, naming the URL.</param>
    /// <param name="innerException">The cause.</param>
    public FhirRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>HTTP status of the response, or <see langword="null"/> when no response arrived.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>URL of the request.</summary>
    public Uri? RequestUrl { get; init; }

    /// <summary>Whether the same request may succeed later: a timeout, a connection failure, 408, 429 or 5xx.</summary>
    public bool IsTransient { get; init; }

    /// <summary>Whether a status code means the server may succeed on a later try (408, 429 and every 5xx).</summary>
    internal static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;
}
