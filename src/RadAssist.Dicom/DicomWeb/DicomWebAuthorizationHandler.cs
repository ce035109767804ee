using Microsoft.Extensions.Options;

namespace RadAssist.Dicom.DicomWeb;

/// <summary>Sets the Authorization header from <see cref="DicomWebOptions.Authorization"/> on each attempt.</summary>
internal sealed class DicomWebAuthorizationHandler(IOptions<DicomWebOptions> options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (options.Value.Authorization is { } authorization)
        {
            request.Headers.Authorization = await authorization(cancellationToken).ConfigureAwait(false);
        }

        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }
}
