using System.Net.Http.Headers;
using System.Text;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>Options of the DICOMweb client, the study context source and the STOW-RS delivery.</summary>
public sealed class DicomWebOptions
{
    /// <summary>Gets or sets the DICOMweb service root, such as <c>http://127.0.0.1:8042/dicom-web/</c>.</summary>
    /// <value>No default; required. A missing trailing slash is added.</value>
    public Uri? BaseAddress { get; set; }

    /// <summary>
    /// Gets or sets the hook that returns the Authorization header of each request, or null for none. It runs once per
    /// attempt, so a token can be refreshed between retries.
    /// </summary>
    /// <value>Default: null, no authentication.</value>
    public Func<CancellationToken, ValueTask<AuthenticationHeaderValue?>>? Authorization { get; set; }

    /// <summary>Gets or sets the time one attempt may take before it is abandoned.</summary>
    /// <value>Default: 30 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many times a safe request (GET) is retried after a connection failure, a timeout, or a 408,
    /// 429 or 5xx status. STOW-RS (POST) is never retried, because the server may have stored part of the request.
    /// </summary>
    /// <value>Default: 3. Zero turns retries off.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the delay before the first retry; later delays grow exponentially, with jitter.</summary>
    /// <value>Default: 500 milliseconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Gets or sets the largest DICOM JSON response read, in bytes.</summary>
    /// <value>Default: 64 MiB.</value>
    public int MaxJsonBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Gets or sets the largest single instance read from a multipart/related response, in bytes.</summary>
    /// <value>Default: 512 MiB.</value>
    public int MaxInstanceBytes { get; set; } = 512 * 1024 * 1024;

    /// <summary>Gets or sets how many of the patient's earlier studies the context source reads, newest first.</summary>
    /// <value>Default: 5.</value>
    public int MaxPriorStudies { get; set; } = 5;

    /// <summary>
    /// Gets or sets a value indicating whether the STOW-RS delivery adds the study's instances as Current Requested
    /// Procedure Evidence (0040,A375) when the rendered SR lacks that sequence.
    /// </summary>
    /// <value>Default: true.</value>
    public bool AddStudyEvidence { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether the STOW-RS delivery searches for the stored SR by QIDO-RS after the
    /// upload, so a delivery only succeeds when the PACS returns the SR under the reported study.
    /// </summary>
    /// <value>Default: true.</value>
    public bool ConfirmStorage { get; set; } = true;

    /// <summary>Sets <see cref="Authorization"/> to send a bearer token (RFC 6750).</summary>
    /// <param name="tokenProvider">Returns the current access token; called before each attempt.</param>
    /// <returns>These options, for chaining.</returns>
    public DicomWebOptions UseBearerToken(Func<CancellationToken, ValueTask<string>> tokenProvider)
    {
        ArgumentNullException.ThrowIfNull(tokenProvider);
        Authorization = async cancellationToken =>
            new AuthenticationHeaderValue("Bearer", await tokenProvider(cancellationToken).ConfigureAwait(false));
        return this;
    }

    /// <summary>Sets <see cref="Authorization"/> to send HTTP Basic credentials (RFC 7617), UTF-8 encoded.</summary>
    /// <param name="userName">The user name; it must not contain a colon.</param>
    /// <param name="password">The password.</param>
    /// <returns>These options, for chaining.</returns>
    /// <exception cref="ArgumentException"><paramref name="userName"/> contains a colon.</exception>
    public DicomWebOptions UseBasicAuthentication(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        ArgumentNullException.ThrowIfNull(password);
        if (userName.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("A Basic authentication user name must not contain a colon (RFC 7617 2).", nameof(userName));
        }

        var header = new AuthenticationHeaderValue(
            "Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
        Authorization = _ => ValueTask.FromResult<AuthenticationHeaderValue?>(header);
        return this;
    }

    internal Uri RequireBaseAddress()
    {
        if (BaseAddress is null || !BaseAddress.IsAbsoluteUri || BaseAddress.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException(
                $"DicomWebOptions.BaseAddress '{BaseAddress}' is missing or not an absolute http or https URL.");
        }

        var text = BaseAddress.AbsoluteUri;
        return text.EndsWith('/') ? BaseAddress : new Uri(text + "/");
    }
}
