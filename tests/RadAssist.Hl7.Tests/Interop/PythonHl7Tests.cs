using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RadAssist.Testing;

namespace RadAssist.Hl7.Tests.Interop;

/// <summary>
/// Cross-checks with python-hl7 (Debian python3-hl7): it reads what we write to the same values, and we read what it
/// writes to the same values, compared leaf by leaf (field, repetition, component, subcomponent).
/// </summary>
/// <remarks>
/// Three known differences of python-hl7 0.4.5 are normalized. It decodes the line break command \.br\ to CR where we
/// decode LF. It returns the null value as the two characters "" where we return an empty string. It turns the
/// highlighting escapes \H\ and \N\ into underscores where we drop them.
/// </remarks>
public sealed class PythonHl7Tests
{
    private const string Python = "/usr/bin/python3";

    [Test]
    public void DraftOru_PythonReadsSameValues()
    {
        var message = WriteDraft();

        var result = RunPython(new JsonObject { ["read"] = new JsonArray(ToText(message)) });

        var leaves = result["read"]![0]!.AsObject();
        Assert.That(leaves, Has.Count.GreaterThan(40));
        AssertSameLeaves(Hl7Message.Parse(message), leaves);
        Assert.That(Normalize((string?)leaves["OBR(1)-25(1).1.1"]), Is.EqualTo("P"));
        Assert.That(Normalize((string?)leaves["OBX(1)-5(1).1.1"]), Is.EqualTo(DraftReport.DraftBanner));
        Assert.That(Normalize((string?)leaves["OBX(2)-5(1).1.1"]), Does.Contain("6 mm | 4 mm & ~ ^ \\ #1 Ödem"));
    }

    [Test]
    public void Acknowledgments_PythonReadsSameValues()
    {
        var acknowledgments = new List<byte[]>();
        foreach (var file in new[] { "hl7/dcm4che_OMI_O23_ImagingOrder_v251.hl7", "hl7/dcm4che_ORM_O01_v231_ZDS.hl7" })
        {
            var order = Hl7Message.Parse(TestData.Bytes(file));
            acknowledgments.Add(Hl7Acknowledgment.Build(order, Hl7AckCode.Accept, "ACK0001", DateTimeOffset.UnixEpoch));
            acknowledgments.Add(Hl7Acknowledgment.Build(
                order,
                Hl7AckCode.Error,
                "ACK0002",
                DateTimeOffset.UnixEpoch,
                new Hl7AckError(Hl7ErrorConditions.RequiredFieldMissing, "OBR-18 | accession ^ missing", "OBR", 1, 18)));
        }

        acknowledgments.Add(Hl7Acknowledgment.BuildForUnparsed(
            "garbage"u8,
            Hl7AckCode.Reject,
            "ACK0003",
            DateTimeOffset.UnixEpoch,
            new Hl7AckError(Hl7ErrorConditions.SegmentSequenceError, "The HL7 message must start with an MSH segment.")));

        var request = new JsonArray(acknowledgments.Select(a => (JsonNode?)ToText(a)).ToArray());
        var result = RunPython(new JsonObject { ["read"] = request });

        for (var i = 0; i < acknowledgments.Count; i++)
        {
            AssertSameLeaves(Hl7Message.Parse(acknowledgments[i]), result["read"]![i]!.AsObject());
        }
    }

    [Test]
    public void SampleMessages_PythonReadsSameValues()
    {
        var messages = SampleMessages().ToList();

        var result = RunPython(new JsonObject
        {
            ["read"] = new JsonArray(messages.Select(m => (JsonNode?)m.ToString()).ToArray()),
        });

        for (var i = 0; i < messages.Count; i++)
        {
            AssertSameLeaves(messages[i], result["read"]![i]!.AsObject());
        }
    }

    [Test]
    public void PythonWritten_WeReadSameValues()
    {
        var orders = SampleMessages().Where(m => m.MessageType.StartsWith("OR", StringComparison.Ordinal)).ToList();
        var assign = new JsonArray(
            new JsonObject
            {
                ["message"] = Hl7Message.Parse(TestData.Bytes("cases/ft-inbound.hl7")).ToString(),
                ["value"] = "6 mm | 4 mm & ~ ^ \\ end\rnext line",
                ["segment"] = "OBX",
                ["field"] = 5,
            },
            new JsonObject
            {
                ["message"] = Hl7Message.Parse(TestData.Bytes("hl7/pythonhl7_rep_sample_components_repetitions.hl7")).ToString(),
                ["value"] = "A^B&C",
                ["segment"] = "PID",
                ["field"] = 5,
            });

        var result = RunPython(new JsonObject
        {
            ["acknowledge"] = new JsonArray(orders.Select(m => (JsonNode?)m.ToString()).ToArray()),
            ["assign"] = assign,
        });

        var written = result["written"]!.AsArray();
        Assert.That(written, Has.Count.EqualTo(orders.Count + 2));
        foreach (var item in written)
        {
            var message = Hl7Message.Parse((string)item!["message"]!, strict: true);
            AssertSameLeaves(message, item["values"]!.AsObject());
        }

        var assigned = Hl7Message.Parse((string)written[orders.Count]!["message"]!);
        Assert.That(assigned.GetValue("OBX-5"), Is.EqualTo("6 mm | 4 mm & ~ ^ \\ end\nnext line"));
        var acknowledgment = Hl7Message.Parse((string)written[0]!["message"]!);
        Assert.That(acknowledgment.GetValue("MSA-1"), Is.EqualTo("AE"));
        Assert.That(acknowledgment.GetValue("MSA-2"), Is.EqualTo(orders[0].ControlId));
    }

    private static IEnumerable<Hl7Message> SampleMessages() =>
        Directory.EnumerateFiles(TestData.PathOf("hl7"), "*.hl7")
            .Order(StringComparer.Ordinal)
            .SelectMany(path => Hl7Batch.Split(File.ReadAllBytes(path)))
            .Select(bytes => Hl7Message.Parse(bytes))
            .Where(message => message.Warnings.Count == 0);

    private static void AssertSameLeaves(Hl7Message message, JsonObject pythonLeaves)
    {
        Assert.That(pythonLeaves, Is.Not.Empty);
        var mismatches = new List<string>();
        foreach (var (key, value) in pythonLeaves)
        {
            var ours = Normalize(message.Get(key).ToString());
            var theirs = Normalize((string?)value);
            var raw = message.Get(key).RawValue;
            if (raw.Contains("\\H\\", StringComparison.Ordinal) || raw.Contains("\\N\\", StringComparison.Ordinal))
            {
                ours = ours.Replace("_", string.Empty, StringComparison.Ordinal);
                theirs = theirs.Replace("_", string.Empty, StringComparison.Ordinal);
            }

            if (ours != theirs)
            {
                mismatches.Add($"{key}: ours '{ours}', python-hl7 '{theirs}'");
            }
        }

        Assert.That(mismatches, Is.Empty, $"message {message.ControlId}");
    }

    private static string Normalize(string? value)
    {
        value ??= string.Empty;
        value = value == "\"\"" ? string.Empty : value;
        return value.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
    }

    private static string ToText(byte[] message) => Hl7Message.Parse(message).ToString();

    private static byte[] WriteDraft()
    {
        var writer = new Hl7DraftWriter(Options.Create(new Hl7Options { SendingFacility = "HOSP", ReceivingApplication = "RIS" }));
        var studyEvent = new StudyEvent
        {
            EventId = "E1",
            Source = "test",
            StudyInstanceUid = "1.2.826.0.1.3680043.10.1.1",
            AccessionNumber = "ACC0001",
            PatientId = "MRN0001",
            Modality = "CT",
            ProcedureDescription = "CT chest without contrast",
        };
        var context = new ReportingContext(studyEvent, "corr-1")
        {
            Patient = new PatientInfo { PatientId = "MRN0001", Name = "DOE^JANE", Sex = "F", BirthDate = new DateOnly(1970, 1, 1) },
        };
        var draft = new DraftReport
        {
            CorrelationId = "corr-1",
            DraftId = "draft-0001",
            StudyInstanceUid = studyEvent.StudyInstanceUid,
            AccessionNumber = "ACC0001",
            Generator = new GeneratorInfo("radassist-deterministic", "1.0"),
            CreatedAt = new DateTimeOffset(2026, 12, 4, 10, 15, 0, TimeSpan.Zero),
            Sections =
            [
                new DraftSection(DraftSectionKind.Findings, "FINDINGS", [
                    new DraftSentence("6 mm | 4 mm & ~ ^ \\ #1 Ödem.", []),
                    new DraftSentence("No pneumothorax.", []),
                ]),
                new DraftSection(DraftSectionKind.Impression, "IMPRESSION", [new DraftSentence("Stable nodule.", [])]),
            ],
        };

        return writer.Write(draft, context);
    }

    private static JsonObject RunPython(JsonObject request)
    {
        TestData.Require(File.Exists(Python) && PythonHasHl7(), "python3-hl7 (Debian package python3-hl7)");

        var script = Path.Combine(AppContext.BaseDirectory, "Interop", "python_hl7_leaves.py");
        var start = new ProcessStartInfo(Python, [script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.Environment["PYTHONIOENCODING"] = "utf-8";
        using var process = Process.Start(start)!;
        process.StandardInput.Write(request.ToJsonString());
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(60_000), Is.True, "python-hl7 did not finish within 60 s");
        Assert.That(process.ExitCode, Is.EqualTo(0), error.Result);
        return JsonNode.Parse(output.Result)!.AsObject();
    }

    private static bool PythonHasHl7()
    {
        using var process = Process.Start(new ProcessStartInfo(Python, ["-c", "import hl7"]) { RedirectStandardError = true })!;
        process.WaitForExit(30_000);
        return process.ExitCode == 0;
    }
}
