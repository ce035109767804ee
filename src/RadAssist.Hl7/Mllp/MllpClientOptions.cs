using System.Net.Security;

namespace RadAssist.Hl7;

/// <summary>Options of the MLLP client that sends HL7 v2 messages and waits for their acknowledgment.</summary>
public sealed class MllpClientOptions
{
    /// <summary>Gets or sets the host name or address of the peer.</summary>
    /// <value>Default <c>127.0.0.1</c>.</value>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the TCP port of the peer.</summary>
    /// <value>Default 2575.</value>
    public int Port { get; set; } = 2575;

    /// <summary>Gets or sets how long a connection attempt may take.</summary>
    /// <value>Default 10 seconds.</value>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets how long to wait for the acknowledgment of a sent message.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan AcknowledgmentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets how many times a message is sent again after a failed connection, a closed connection or a
    /// missing acknowledgment. A negative acknowledgment is returned, not retried.
    /// </summary>
    /// <value>Default 3.</value>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Gets or sets the pause before each retry.</summary>
    /// <value>Default 1 second.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the largest acknowledgment accepted, in bytes.</summary>
    /// <value>Default 1 MiB.</value>
    public int MaxMessageSize { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets whether to use TLS.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool UseTls { get; set; }

    /// <summary>Gets or sets the server name checked against the peer's certificate.</summary>
    /// <value>Default <see langword="null"/>: <see cref="Host"/>.</value>
    public string? TlsTargetHost { get; set; }

    /// <summary>Gets or sets a callback that validates the peer's certificate, such as one pinning a private CA.</summary>
    /// <value>Default <see langword="null"/>: the operating system's validation.</value>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; set; }

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Host);
        ArgumentOutOfRangeException.ThrowIfLessThan(Port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Port, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ConnectTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(AcknowledgmentTimeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxRetryAttempts);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageSize, 16);
    }
}
