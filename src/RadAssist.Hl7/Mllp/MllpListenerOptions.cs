using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace RadAssist.Hl7;

/// <summary>Options of the MLLP listener that receives HL7 v2 orders.</summary>
public sealed class MllpListenerOptions
{
    /// <summary>Gets or sets the address to listen on.</summary>
    /// <value>Default <see cref="IPAddress.Loopback"/>, so nothing outside the host can connect until it is changed.</value>
    public IPAddress BindAddress { get; set; } = IPAddress.Loopback;

    /// <summary>Gets or sets the TCP port; 0 lets the operating system choose a free port.</summary>
    /// <value>Default 2575, the port IANA registered for HL7 over MLLP.</value>
    public int Port { get; set; } = 2575;

    /// <summary>
    /// Gets or sets the largest message accepted, in bytes. A longer frame gets a negative acknowledgment and the
    /// connection is closed, because the rest of its bytes cannot be framed reliably.
    /// </summary>
    /// <value>Default 16 MiB, which leaves room for reports with embedded PDF or CDA documents.</value>
    public int MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Gets or sets how long a connection may stay without receiving a byte before it is closed.</summary>
    /// <value>Default 10 minutes.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Gets or sets how long the listener waits for the host to accept or reject a received message. When it
    /// expires the connection is closed without acknowledgment, so the sender sends the message again.
    /// </summary>
    /// <value>Default 5 minutes.</value>
    public TimeSpan ProcessingTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Gets or sets how long a stop waits for messages being processed before it closes their connections
    /// without acknowledgment.
    /// </summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how many connections may be open at once; further ones are closed on accept.</summary>
    /// <value>Default 10,000.</value>
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Gets or sets the server certificate; when set, every connection must use TLS.</summary>
    /// <value>Default <see langword="null"/>: plain TCP.</value>
    public X509Certificate2? ServerCertificate { get; set; }

    /// <summary>Gets or sets how long a TLS handshake may take.</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Gets or sets how many recent messages the source remembers by sending application, sending facility and
    /// control id (MSH-3, MSH-4, MSH-10). A message that repeats a remembered key, as a sender that lost the
    /// acknowledgment sends it again, gets the same acknowledgment code and is not handed to the host again. 0 turns
    /// the check off. The window lives in memory, so it starts empty after a restart.
    /// </summary>
    /// <value>Default 10,000 messages.</value>
    public int DuplicateWindowSize { get; set; } = 10_000;

    /// <summary>Gets or sets the source name given to study events and logs.</summary>
    /// <value>Default <c>mllp</c>.</value>
    public string SourceName { get; set; } = "mllp";

    /// <summary>
    /// Gets or sets a callback for messages that never became a study event (unparseable, not an order, no study
    /// identifier), with the reason and the lower-case hex SHA-256 of the message bytes, for example to audit them.
    /// </summary>
    /// <value>Default <see langword="null"/>.</value>
    public Func<string, string, CancellationToken, ValueTask>? RejectedMessageCallback { get; set; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(BindAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(Port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 16);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(IdleTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ProcessingTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ShutdownTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConnections, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(DuplicateWindowSize);
        ArgumentException.ThrowIfNullOrWhiteSpace(SourceName);
    }
}
