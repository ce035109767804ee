namespace RadAssist;

/// <summary>Renders a draft in one format: DICOM SR, FHIR, HL7 ORU, vendor JSON or plain text.</summary>
public interface IDraftWriter
{
    /// <summary>Format name, such as <c>sr</c>, <c>fhir</c>, <c>hl7</c>, <c>json</c> or <c>text</c>.</summary>
    string Format { get; }

    /// <summary>Renders a draft.</summary>
    /// <param name="draft">The draft.</param>
    /// <param name="context">The context of the run, for study and patient attributes.</param>
    /// <param name="cancellationToken">Cancels rendering.</param>
    ValueTask<RenderedDraft> WriteAsync(
        DraftReport draft,
        ReportingContext context,
        CancellationToken cancellationToken = default);
}

/// <summary>A draft rendered in one format.</summary>
/// <param name="Format">Format name.</param>
/// <param name="MediaType">Media type, such as <c>application/dicom</c>.</param>
/// <param name="Content">The encoded bytes.</param>
public sealed record RenderedDraft(string Format, string MediaType, ReadOnlyMemory<byte> Content)
{
    /// <summary>File name extension including the dot, such as <c>.dcm</c>.</summary>
    public string FileExtension { get; init; } = ".bin";
}

/// <summary>Sends a rendered draft to a system: a PACS over STOW-RS, a FHIR server, an MLLP peer, an HTTP API.</summary>
public interface IDraftDelivery
{
    /// <summary>Name of the target, used in logs and audit events.</summary>
    string Name { get; }

    /// <summary>Format of rendering the delivery sends, matching <see cref="IDraftWriter.Format"/>.</summary>
    string Format { get; }

    /// <summary>Sends the draft and confirms the target stored it.</summary>
    /// <param name="rendered">The rendering in <see cref="Format"/>.</param>
    /// <param name="draft">The draft, for identifiers.</param>
    /// <param name="cancellationToken">Cancels sending.</param>
    /// <exception cref="DeliveryException">The target rejected or did not confirm the draft.</exception>
    ValueTask<DeliveryResult> DeliverAsync(
        RenderedDraft rendered,
        DraftReport draft,
        CancellationToken cancellationToken = default);
}

/// <summary>Confirmation that a target stored a draft.</summary>
/// <param name="Target">Name of the delivery.</param>
/// <param name="Location">Where the draft now is: a URL, a file path, a message control id.</param>
public sealed record DeliveryResult(string Target, string Location);

/// <summary>A delivery target rejected a draft or could not be reached.</summary>
public sealed class DeliveryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DeliveryException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What failed, naming the target.</param>
    public DeliveryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    /// <param name="message">What failed, naming the target.</param>
    /// <param name="innerException">The cause.</param>
    public DeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Whether sending again may succeed (a timeout, a 503) as opposed to a rejection of the content.</summary>
    public bool IsTransient { get; init; }
}
