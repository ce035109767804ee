using System.Globalization;
using BenchmarkDotNet.Attributes;
using RadAssist.Dicom;
using RadAssist.Dicom.StructuredReport;

#pragma warning disable RADASSIST001 // The benchmarks measure the experimental SR builders.

namespace RadAssist.Benchmarks.Dicom;

/// <summary>
/// Builds and serializes a TID 1500 measurement report, the tree benchmarks/peers/dicom builds with dcmtk and pydicom.
/// </summary>
[MemoryDiagnoser]
public class SrBenchmarks
{
    private SrDocument _document = null!;

    /// <summary>Number of measurement groups, one measurement each.</summary>
    [Params(10, 1000)]
    public int Measurements { get; set; }

    [GlobalSetup]
    public void Setup() => _document = MeasurementReports.Build(Measurements);

    /// <summary>Builds the content tree and the document, then encodes it as Part 10.</summary>
    [Benchmark(Baseline = true)]
    public int BuildAndSerialize() => MeasurementReports.Build(Measurements).ToPart10().Length;

    /// <summary>Encodes an already built document: dataset conversion and Part 10 writing.</summary>
    [Benchmark]
    public int Serialize() => _document.ToPart10().Length;
}

/// <summary>Writes a dataset already converted from a document, to measure the Part 10 writer alone.</summary>
[MemoryDiagnoser]
public class Part10WriterBenchmarks
{
    private DicomFile _file = null!;

    /// <summary>Number of measurement groups, one measurement each.</summary>
    [Params(10, 1000)]
    public int Measurements { get; set; }

    [GlobalSetup]
    public void Setup() => _file = DicomFile.Create(MeasurementReports.Build(Measurements).ToDataset());

    /// <summary>Encodes the dataset; allocations should stay near the output size.</summary>
    [Benchmark]
    public int Write() => _file.ToArray().Length;
}

/// <summary>Reads the header of a real CT image (pydicom's CT_small, 39 KB, 32 KB of pixel data).</summary>
[MemoryDiagnoser]
public class Part10ReaderBenchmarks
{
    private static readonly DicomReadOptions HeaderOnly = new() { StopBeforePixelData = true };
    private byte[] _ct = [];

    [GlobalSetup]
    public void Setup() => _ct = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "dicom", "pyd_CT_small.dcm"));

    /// <summary>Reads up to Pixel Data: allocations must not grow with the pixel data.</summary>
    [Benchmark(Baseline = true)]
    public int ReadHeader() => DicomFile.Read(_ct, HeaderOnly).Dataset.Count;

    /// <summary>Reads the whole file, pixel data included.</summary>
    [Benchmark]
    public int ReadWholeFile() => DicomFile.Read(_ct).Dataset.Count;
}

/// <summary>The measurement report of the benchmarks, the same tree as benchmarks/peers/dicom.</summary>
internal static class MeasurementReports
{
    private const string Study = "2.25.100200300400500600700800900";
    private const string Series = "2.25.100200300400500600700800901";
    private const string CtImageStorage = "1.2.840.10008.5.1.4.1.1.2";

    private static readonly SrDeviceObserver Device = new("2.25.31415926535897932384626433832795", "radassist-test-model");
    private static readonly SrAlgorithm Algorithm = new("radassist-test-model", "1.0") { Parameters = "prompt v3" };
    private static readonly CodedConcept Nodule = new("27925004", "SCT", "Nodule");
    private static readonly CodedConcept RightUpperLobe = new("45653009", "SCT", "Upper lobe of right lung");

    public static SrDocument Build(int measurements)
    {
        var groups = new SrMeasurementGroup[measurements];
        for (var index = 0; index < measurements; index++)
        {
            groups[index] = new SrMeasurementGroup(
                string.Create(CultureInfo.InvariantCulture, $"Nodule {index + 1}"),
                string.Create(CultureInfo.InvariantCulture, $"2.25.{500000 + index}"),
                Nodule)
            {
                FindingSite = RightUpperLobe,
                Laterality = SrCodes.Right,
                Measurements = [new SrMeasurement(SrCodes.LongAxis, string.Create(CultureInfo.InvariantCulture, $"{4 + index % 20}.5"), SrCodes.Millimeter)],
                SourceImage = new SrReference(CtImageStorage, string.Create(CultureInfo.InvariantCulture, $"2.25.{1000 + index}"), Series),
            };
        }

        return new SrDocument
        {
            Root = SrTemplates.MeasurementReport(Device, Algorithm, groups),
            StudyInstanceUid = Study,
            SeriesInstanceUid = "2.25.77",
            SopInstanceUid = "2.25.78",
            PatientName = "Fakepatient^Measure",
            PatientId = "FAKE-0001",
            AccessionNumber = "ACC0001",
            AuthorDevice = Device,
        };
    }
}
