using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RadAssist;
using RadAssist.Dicom.Drafts;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the DICOM parts of RadAssist.</summary>
public static class DicomServiceCollectionExtensions
{
    /// <summary>
    /// Adds the <see cref="IDraftWriter"/> with format <c>sr</c>, which renders a draft as a DICOM Structured Report
    /// (TID 2000; Completion Flag PARTIAL, Verification Flag UNVERIFIED, the generator as author device).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddRadAssistDicom(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDraftWriter, SrDraftWriter>(provider => new SrDraftWriter(
            provider.GetService<ILoggerFactory>()?.CreateLogger<SrDraftWriter>() ?? NullLogger<SrDraftWriter>.Instance,
            provider.GetService<TimeProvider>())));
        return services;
    }
}
