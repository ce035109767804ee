using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RadAssist.Hl7.Tests.Mllp;

/// <summary>MLLP over TLS on 127.0.0.1 with a self-signed certificate made for the test.</summary>
public sealed class MllpTlsTests
{
    [Test]
    public async Task TlsOrder_AcknowledgedOverTls()
    {
        using var certificate = CreateCertificate();
        await using var source = new MllpStudyEventSource(new MllpListenerOptions { Port = 0, ServerCertificate = certificate });
        source.Start();
        using var stop = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            await foreach (var received in source.ReadEventsAsync(stop.Token))
            {
                await received.AcceptAsync();
            }
        });
        await using var client = new MllpClient(new MllpClientOptions
        {
            Port = source.LocalEndPoint.Port,
            UseTls = true,
            TlsTargetHost = "localhost",
            RemoteCertificateValidation = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
        });

        var ack = await client.SendAsync(TestOrders.Orm("TLS0001", "ACC0101"));
        await stop.CancelAsync();

        Assert.That(ack.GetValue("MSA-1"), Is.EqualTo("AA"));
        Assert.That(ack.GetValue("MSA-2"), Is.EqualTo("TLS0001"));
    }

    [Test]
    public async Task PlainClient_ClosedWithoutAck()
    {
        using var certificate = CreateCertificate();
        var options = new MllpListenerOptions
        {
            Port = 0,
            ServerCertificate = certificate,
            HandshakeTimeout = TimeSpan.FromSeconds(1),
        };
        await using var source = new MllpStudyEventSource(options);
        source.Start();

        using var plain = await MllpTestPeer.ConnectAsync(source.LocalEndPoint);
        await plain.WriteAsync(MllpFraming.Frame(TestOrders.Orm("PLAIN0001", "ACC0102")));

        Assert.That(await plain.ReadAcknowledgmentAsync(TimeSpan.FromSeconds(5)), Is.Null, "no ACK without TLS");
        Assert.That(await plain.WaitForCloseAsync(TimeSpan.FromSeconds(10)), Is.True, "the failed handshake closes the connection");
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));

        // Reloading from PKCS#12 gives a certificate whose private key SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), null);
    }
}
