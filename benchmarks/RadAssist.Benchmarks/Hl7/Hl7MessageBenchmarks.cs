using System.Text;
using BenchmarkDotNet.Attributes;
using RadAssist.Hl7;

namespace RadAssist.Benchmarks.Hl7;

/// <summary>
/// Parsing and encoding of a 1.6 KB ORU^R01 radiology result with escape sequences, the message the peer
/// comparisons in benchmarks/peers/hl7 use too.
/// </summary>
[MemoryDiagnoser]
public class Hl7MessageBenchmarks
{
    private byte[] _message = null!;
    private string[] _reportText = null!;

    [GlobalSetup]
    public void Setup()
    {
        _message = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "hl7", "oru-r01-1500.hl7"));
        var parsed = Hl7Message.Parse(_message);
        _reportText = Enumerable.Range(1, 5).Select(i => parsed.GetValue($"OBX({i})-5")).ToArray();
    }

    /// <summary>Parses the message without reading a value: the index of segments and fields only.</summary>
    [Benchmark]
    public int ParseOnly() => Hl7Message.Parse(_message).SegmentCount;

    /// <summary>Parses the message and reads the values a consumer needs, unescaped: 10 header values and 6 OBX-5.</summary>
    [Benchmark(Baseline = true)]
    public int ParseAndReadValues()
    {
        var message = Hl7Message.Parse(_message);
        var length = message.MessageType.Length + message.ControlId.Length + message.Version.Length;
        length += message.GetField(1, 3).GetComponent(1).ToString().Length;
        length += message.GetField(1, 5).GetComponent(1).ToString().Length;
        length += message.GetField(1, 7).ToString().Length;
        length += message.GetField(4, 3).GetComponent(1).ToString().Length;
        length += message.GetField(4, 4).GetComponent(2).ToString().Length;
        length += message.GetField(4, 25).ToString().Length;
        length += message.GetField(4, 31).ToString().Length;
        for (var segment = 5; segment <= 10; segment++)
        {
            length += message.GetField(segment, 5).ToString().Length;
        }

        return length;
    }

    /// <summary>Parses and reads the same values through path strings such as <c>OBX(3)-5</c>.</summary>
    [Benchmark]
    public int ParseAndReadByPath()
    {
        var message = Hl7Message.Parse(_message);
        var length = message.GetValue("MSH-9").Length + message.GetValue("MSH-10").Length + message.GetValue("PID-3.1").Length;
        length += message.GetValue("PID-5.1").Length + message.GetValue("OBR-4.2").Length + message.GetValue("OBR-25").Length;
        for (var occurrence = 1; occurrence <= 6; occurrence++)
        {
            length += message.GetValue($"OBX({occurrence})-5").Length;
        }

        return length;
    }

    /// <summary>Writes an ORU^R01 of the same shape from decoded text, escaping every value.</summary>
    [Benchmark]
    public int Encode()
    {
        var writer = new Er7Writer(Hl7Delimiters.Default.WithTruncation(0), Encoding.UTF8, 2048);
        writer.StartMsh().Field("RIS").Field("RADIOLOGY").Field("RADASSIST").Field("HOSP").Field("20261204101500+0100")
            .Field(null).Components("ORU", "R01", "ORU_R01").Field("BENCH000001").Field("P").Field("2.5.1")
            .EmptyFields(2).Field("AL").Field("NE").EmptyFields(1).Field("UNICODE UTF-8");
        writer.StartSegment("PID").Field("1").Field(null).Components("MRN0000001", null, null, "HOSP", "MR").Field(null)
            .Components("FAKEPATIENT", "BENCH", "Q").Field(null).Field("19700101").Field("F");
        writer.StartSegment("OBR").Field("1").Components("ORD0000001", "RIS").Components("ACC0000001", "PACS")
            .Components("71250", "CT CHEST WO CONTRAST", "CPT").EmptyFields(20).Field("CT").Field("F");
        for (var i = 0; i < _reportText.Length; i++)
        {
            writer.StartSegment("OBX").Field("1").Field("FT").Components("59776-5", "Procedure Findings", "LN").Field(null)
                .FormattedTextField(_reportText[i]).EmptyFields(5).Field("F");
        }

        return writer.ToArray().Length;
    }

    /// <summary>Re-encodes the parsed message in canonical form.</summary>
    [Benchmark]
    public int ParseAndReencode() => Hl7Message.Parse(_message).Encode().Length;
}
