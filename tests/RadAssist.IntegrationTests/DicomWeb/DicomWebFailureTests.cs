using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Dicom;
using RadAssist.Dicom.DicomWeb;
using RadAssist.Testing;

namespace RadAssist.IntegrationTests.DicomWeb;

/// <summary>
/// The DICOMweb client against a loopback endpoint that misbehaves on purpose: error statuses, broken bodies and
/// dropped connections, which Orthanc cannot be made to produce.
/// </summary>
public sealed class DicomWebFailureTests
{
    private const string StudyUid = "1.2.826.0.1.3680043.8.498.1";
    private const string SeriesUid = "1.2.826.0.1.3680043.8.498.2";

    [TestCase(204, "No Content", null, null)]
    [TestCase(200, "OK", "application/dicom+json", "")]
    [TestCase(200, "OK", "application/dicom+json", "[]")]
    public async Task Qido_NoMatch_ReturnsEmpty(int status, string reason, string? contentType, string? body)
    {
        await using var server = new LoopbackHttpServer(_ =>
            LoopbackHttpServer.Response(status, reason, contentType, body is null ? null : Encoding.UTF8.GetBytes(body)));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var studies = await client.SearchStudiesAsync(new DicomQuery().Match("PatientID", "FAKE-0000"));

        Assert.That(studies, Is.Empty);
        Assert.That(server.Requests, Has.Count.EqualTo(1));
        Assert.That(server.Requests[0].Target, Is.EqualTo("/dicom-web/studies?PatientID=FAKE-0000"));
    }

    [TestCase("{}", "must be an array")]
    [TestCase("[{", "not valid JSON")]
    [TestCase("""[{ "00100020": { "vr": "LO", "Value": "FAKE" } }]""", "(0010,0020)")]
    [TestCase("""[{ "00100020": { "vr": "ZZ", "Value": ["FAKE"] } }]""", "\"ZZ\"")]
    public async Task Qido_InvalidBody_ThrowsNamingUrl(string body, string expected)
    {
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Json(200, "OK", body));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(() => client.SearchStudiesAsync(new DicomQuery().Match("PatientID", "FAKE-0000")));

        Assert.That(exception!.Message, Does.Contain(server.BaseAddress + "studies?PatientID=***"));
        Assert.That(exception.Message, Does.Contain("HTTP 200"));
        Assert.That(exception.Message, Does.Contain(expected));
        Assert.That(exception.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(exception.IsTransient, Is.False);
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [TestCase(401, "Unauthorized", "check DicomWebOptions.Authorization")]
    [TestCase(403, "Forbidden", "do not allow")]
    [TestCase(404, "Not Found", "not found")]
    [TestCase(400, "Bad Request", "invalid")]
    public async Task Metadata_ClientErrorStatus_ThrowsWithoutRetry(int status, string reason, string hint)
    {
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Response(status, reason));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(() => client.RetrieveMetadataAsync(StudyUid));

        Assert.That(exception!.Message, Does.Contain($"GET {server.BaseAddress}studies/{StudyUid}/metadata"));
        Assert.That(exception.Message, Does.Contain($"HTTP {status}"));
        Assert.That(exception.Message, Does.Contain(hint));
        Assert.That(exception.StatusCode, Is.EqualTo((HttpStatusCode)status));
        Assert.That(exception.IsTransient, Is.False);
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [TestCase(500, "Internal Server Error")]
    [TestCase(503, "Service Unavailable")]
    [TestCase(429, "Too Many Requests")]
    public async Task Qido_TransientStatus_RetriedThenThrows(int status, string reason)
    {
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Response(status, reason));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(() => client.SearchStudiesAsync());

        Assert.That(exception!.Message, Does.Contain($"HTTP {status}"));
        Assert.That(exception.Message, Does.Contain(server.BaseAddress + "studies"));
        Assert.That(exception.IsTransient, Is.True);
        Assert.That(server.Requests, Has.Count.EqualTo(3), "one attempt and two retries");
    }

    [Test]
    public async Task Qido_ServerRecoversAfter503_Succeeds()
    {
        var calls = 0;
        await using var server = new LoopbackHttpServer(_ => Interlocked.Increment(ref calls) == 1
            ? LoopbackHttpServer.Response(503, "Service Unavailable")
            : LoopbackHttpServer.Json(200, "OK", $$"""[{ "0020000D": { "vr": "UI", "Value": ["{{StudyUid}}"] } }]"""));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var studies = await client.SearchStudiesAsync();

        Assert.That(studies, Has.Count.EqualTo(1));
        Assert.That(studies[0].GetString(new DicomTag(0x0020, 0x000D)), Is.EqualTo(StudyUid));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Qido_ConnectionClosedWithoutResponse_RetriedThenThrows()
    {
        await using var server = new LoopbackHttpServer(_ => null);
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(() => client.SearchStudiesAsync());

        Assert.That(exception!.Message, Does.Contain("no response"));
        Assert.That(exception.Message, Does.Contain(server.BaseAddress + "studies"));
        Assert.That(exception.StatusCode, Is.Null);
        Assert.That(exception.IsTransient, Is.True);

        // SocketsHttpHandler itself resends a request whose connection closed before any response, so each of the
        // three attempts may reach the server more than once.
        Assert.That(server.Requests, Has.Count.GreaterThanOrEqualTo(3));
    }

    [Test]
    public async Task Qido_UnreachableServer_ThrowsNamingUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/dicom-web/");
        await using var services = Build(baseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(() => client.SearchStudiesAsync());

        Assert.That(exception!.Message, Does.Contain($"GET {baseAddress}studies"));
        Assert.That(exception.Message, Does.Contain("could not be reached"));
        Assert.That(exception.StatusCode, Is.Null);
        Assert.That(exception.IsTransient, Is.True);
    }

    [Test]
    public async Task Qido_SlowServer_TimesOutPerAttempt()
    {
        await using var server = new LoopbackHttpServer(_ =>
        {
            Thread.Sleep(1500);
            return LoopbackHttpServer.Json(200, "OK", "[]");
        });
        await using var services = Build(server.BaseAddress, o =>
        {
            o.AttemptTimeout = TimeSpan.FromMilliseconds(200);
            o.MaxRetryAttempts = 0;
        });
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(() => client.SearchStudiesAsync());

        Assert.That(exception!.Message, Does.Contain("timed out after 0.2 s"));
        Assert.That(exception.IsTransient, Is.True);
    }

    [Test]
    public async Task Qido_CallerCancels_ThrowsOperationCanceled()
    {
        await using var server = new LoopbackHttpServer(_ =>
        {
            Thread.Sleep(1000);
            return LoopbackHttpServer.Json(200, "OK", "[]");
        });
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThatAsync(() => client.SearchStudiesAsync(null, cancellation.Token), Throws.InstanceOf<OperationCanceledException>());
    }

    [Test]
    public async Task Stow_ServerError_NotRetried()
    {
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Response(500, "Internal Server Error"));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(() => client.StoreAsync([InstanceBytes()], StudyUid));

        Assert.That(exception!.Message, Does.Contain($"POST {server.BaseAddress}studies/{StudyUid}"));
        Assert.That(exception.Message, Does.Contain("HTTP 500"));
        Assert.That(exception.Message, Does.Contain("not retried"));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Stow_Conflict_ThrowsWithFailureReason()
    {
        const string body = """
            [{ "00081198": { "vr": "SQ", "Value": [{
                "00081150": { "vr": "UI", "Value": ["1.2.840.10008.5.1.4.1.1.88.11"] },
                "00081155": { "vr": "UI", "Value": ["1.2.3"] },
                "00081197": { "vr": "US", "Value": [43264] } }] } }]
            """;
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Json(409, "Conflict", body));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(() => client.StoreAsync([InstanceBytes()]));

        Assert.That(exception!.Message, Does.Contain($"POST {server.BaseAddress}studies"));
        Assert.That(exception.Message, Does.Contain("HTTP 409"));
        Assert.That(exception.Message, Does.Contain("failure reason 0xA900"));
        Assert.That(exception.StatusCode, Is.EqualTo(HttpStatusCode.Conflict));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Stow_PartialSuccess_ReturnsFailedAndReferenced()
    {
        const string body = """
            [{ "00081190": { "vr": "UR", "Value": ["http://127.0.0.1/dicom-web/studies/1.2"] },
               "00081199": { "vr": "SQ", "Value": [{ "00081155": { "vr": "UI", "Value": ["1.2.4"] },
                   "00081190": { "vr": "UR", "Value": ["http://127.0.0.1/dicom-web/studies/1.2/series/1.3/instances/1.2.4"] } }] },
               "00081198": { "vr": "SQ", "Value": [{ "00081155": { "vr": "UI", "Value": ["1.2.5"] },
                   "00081197": { "vr": "US", "Value": [49152] } }] } }]
            """;
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Json(202, "Accepted", body));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var result = await client.StoreAsync([InstanceBytes(), InstanceBytes()]);

        Assert.That(result.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
        Assert.That(result.AllStored, Is.False);
        Assert.That(result.Referenced.Single().SopInstanceUid, Is.EqualTo("1.2.4"));
        Assert.That(result.Referenced.Single().RetrieveUrl, Does.EndWith("/instances/1.2.4"));
        Assert.That(result.Failed.Single().SopInstanceUid, Is.EqualTo("1.2.5"));
        Assert.That(result.Failed.Single().FailureReason, Is.EqualTo((ushort)0xC000));
        Assert.That(result.RetrieveUrl, Is.EqualTo("http://127.0.0.1/dicom-web/studies/1.2"));
        Assert.That(server.Requests[0].Headers["Content-Type"], Does.StartWith("multipart/related"));
        Assert.That(server.Requests[0].Headers["Content-Type"], Does.Contain("type=\"application/dicom\""));
    }

    [Test]
    public async Task Retrieve_TruncatedMultipartBody_ThrowsNamingUrl()
    {
        var recorded = TestData.Bytes("cases/wado-multipart/response-a-per-part-headers.bin");
        var truncated = recorded.AsSpan(0, recorded.Length / 2).ToArray();
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Response(
            200, "OK", "multipart/related; type=\"application/dicom\"; boundary=\"6f3c1b2e-0a4d-4e59-9a7b-5d2c8e1f0a13\"", truncated));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (var _ in client.RetrieveInstancesAsync(StudyUid, SeriesUid))
            {
            }
        });

        Assert.That(exception!.Message, Does.Contain($"GET {server.BaseAddress}studies/{StudyUid}/series/{SeriesUid}"));
        Assert.That(exception.Message, Does.Contain("HTTP 200"));
        Assert.That(exception.Message, Does.Contain("malformed"));
    }

    [TestCase("application/dicom", "not multipart/related")]
    [TestCase("multipart/related; type=\"application/dicom\"", "no boundary")]
    public async Task Retrieve_WrongContentType_ThrowsNamingIt(string contentType, string expected)
    {
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Response(200, "OK", contentType, InstanceBytes()));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var exception = await Assert.ThrowsAsync<DicomWebException>(async () =>
        {
            await foreach (var _ in client.RetrieveInstancesAsync(StudyUid))
            {
            }
        });

        Assert.That(exception!.Message, Does.Contain(expected));
        Assert.That(exception.Message, Does.Contain("HTTP 200"));
    }

    [Test]
    public async Task Retrieve_BareParameters_YieldsInstances()
    {
        var recorded = TestData.Bytes("cases/wado-multipart/response-b-preamble-no-part-headers.bin");
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Response(
            200, "OK", "Multipart/Related;boundary=6f3c1b2e-0a4d-4e59-9a7b-5d2c8e1f0a13 ; type=application/dicom", recorded));
        await using var services = Build(server.BaseAddress);
        var client = services.GetRequiredService<DicomWebClient>();

        var files = new List<DicomFile>();
        await foreach (var file in client.RetrieveInstancesAsync(StudyUid))
        {
            files.Add(file);
        }

        Assert.That(files, Has.Count.EqualTo(2));
        Assert.That(files[0].Dataset.GetString(new DicomTag(0x0008, 0x0018)), Is.EqualTo("2.25.1300000000000000000000000000000011"));
        Assert.That(server.Requests[0].Headers["Accept"], Does.Contain("multipart/related"));
    }

    [Test]
    public async Task Authorization_BearerToken_SentOnEveryAttempt()
    {
        var tokens = 0;
        await using var server = new LoopbackHttpServer(request =>
            request.Headers.TryGetValue("Authorization", out var value) && value == "Bearer token-2"
                ? LoopbackHttpServer.Json(200, "OK", "[]")
                : LoopbackHttpServer.Response(503, "Service Unavailable"));
        await using var services = Build(server.BaseAddress, o => o.UseBearerToken(_ =>
            ValueTask.FromResult($"token-{Interlocked.Increment(ref tokens)}")));
        var client = services.GetRequiredService<DicomWebClient>();

        var studies = await client.SearchStudiesAsync();

        Assert.That(studies, Is.Empty);
        Assert.That(server.Requests.Select(r => r.Headers["Authorization"]), Is.EqualTo(new[] { "Bearer token-1", "Bearer token-2" }));
    }

    [Test]
    public async Task Authorization_Basic_SendsEncodedCredentials()
    {
        await using var server = new LoopbackHttpServer(_ => LoopbackHttpServer.Json(200, "OK", "[]"));
        await using var services = Build(server.BaseAddress, o => o.UseBasicAuthentication("radassist", "s3cret"));
        var client = services.GetRequiredService<DicomWebClient>();

        await client.SearchStudiesAsync();

        Assert.That(server.Requests[0].Headers["Authorization"], Is.EqualTo("Basic " + Convert.ToBase64String("radassist:s3cret"u8.ToArray())));
    }

    internal static ServiceProvider Build(Uri baseAddress, Action<DicomWebOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddRadAssistDicomWeb(options =>
        {
            options.BaseAddress = baseAddress;
            options.MaxRetryAttempts = 2;
            options.RetryDelay = TimeSpan.FromMilliseconds(10);
            options.AttemptTimeout = TimeSpan.FromSeconds(10);
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    private static byte[] InstanceBytes() => TestData.Bytes("cases/wado-multipart/instance1.dcm");
}
