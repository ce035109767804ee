namespace RadAssist.Core.Tests.Language;

public sealed class ReportSegmenterTests
{
    private static readonly ReportAnalyzer Analyzer = new();

    [Test]
    public void Sections_and_variants()
    {
        const string text = "EXAMINATION: CT chest.\nCLINICAL HISTORY: Cough.\nTECHNIQUE: Axial images.\n"
            + "COMPARISON: None.\nFINDINGS: No nodules.\nIMPRESSION: Normal.\nRecommendations: None.";

        var kinds = Analyzer.Analyze(text).Sections.Select(s => s.Kind);

        Assert.That(kinds, Is.EqualTo(new[]
        {
            ReportSectionKind.Examination, ReportSectionKind.ClinicalHistory, ReportSectionKind.Technique,
            ReportSectionKind.Comparison, ReportSectionKind.Findings, ReportSectionKind.Impression,
            ReportSectionKind.Recommendation,
        }));
    }

    [Test]
    public void Flattened_export_headings()
    {
        const string text = "EXAM: , Ultrasound of the scrotum.,REASON FOR EXAM: , Scrotal pain.,FINDINGS:  ,There is a trace hydrocele.,IMPRESSION:  ,Trace hydroceles.";

        var analysis = Analyzer.Analyze(text);

        Assert.That(analysis.Sections.Select(s => s.Kind), Is.EqualTo(new[]
        {
            ReportSectionKind.Examination, ReportSectionKind.ClinicalHistory, ReportSectionKind.Findings, ReportSectionKind.Impression,
        }));
        Assert.That(analysis.Sentences[2].Text, Is.EqualTo("There is a trace hydrocele."));
    }

    [TestCase("Nodule measures 1.2 cm. No effusion.", new[] { "Nodule measures 1.2 cm.", "No effusion." })]
    [TestCase("Discussed with Dr. Smith at 10:30. No effusion.", new[] { "Discussed with Dr. Smith at 10:30.", "No effusion." })]
    [TestCase("Atelectasis vs. pneumonia. No effusion.", new[] { "Atelectasis vs. pneumonia.", "No effusion." })]
    [TestCase("1. Interval improvement. 2. Stable cardiomegaly.", new[] { "1. Interval improvement.", "2. Stable cardiomegaly." })]
    [TestCase("There is a 5 mm nodule in the right\nupper lobe.\nNo effusion.", new[] { "There is a 5 mm nodule in the right upper lobe.", "No effusion." })]
    [TestCase("Findings include\n1) small effusion\n2) atelectasis", new[] { "Findings include", "1) small effusion", "2) atelectasis" })]
    [TestCase("No effusion\n\nStable heart size", new[] { "No effusion", "Stable heart size" })]
    [TestCase("Stable chest tubes. . No effusion.", new[] { "Stable chest tubes.", "No effusion." })]
    public void Sentence_boundaries(string text, string[] expected)
    {
        Assert.That(Analyzer.Analyze(text).Sentences.Select(s => s.Text), Is.EqualTo(expected));
    }

    [Test]
    public void Lower_case_label_is_not_a_heading()
    {
        var analysis = Analyzer.Analyze("Lungs: no consolidation. Heart: normal size.");

        Assert.That(analysis.Sections, Has.Count.EqualTo(1));
        Assert.That(analysis.Sections[0].Kind, Is.EqualTo(ReportSectionKind.Unlabeled));
    }

    [TestCase("")]
    [TestCase("   \n\n  ")]
    [TestCase("....")]
    public void Empty_text_gives_empty_analysis(string text)
    {
        var analysis = Analyzer.Analyze(text);

        Assert.That(analysis.Sentences, Is.Empty);
        Assert.That(analysis.Findings, Is.Empty);
    }

    [Test]
    public void Over_long_text_is_rejected_with_length()
    {
        var text = new string('a', ReportAnalyzer.MaxTextLength + 1);

        var error = Assert.Throws<ArgumentException>(() => Analyzer.Analyze(text));
        Assert.That(error!.Message, Does.Contain("1000001"));
        Assert.That(error.ParamName, Is.EqualTo("text"));
    }

    [Test]
    public void Null_text_is_rejected()
    {
        Assert.Throws<ArgumentNullException>(() => Analyzer.Analyze((string)null!));
    }

    [TestCase("12 mm", new[] { 12.0 })]
    [TestCase("1.2 cm", new[] { 12.0 })]
    [TestCase("1.2 x 0.8 cm", new[] { 12.0, 8.0 })]
    [TestCase("1.2 x 0.8 x 0.5 cm", new[] { 12.0, 8.0, 5.0 })]
    [TestCase("1.2 cm x 8 mm", new[] { 12.0, 8.0 })]
    [TestCase("up to 5 mm", new[] { 5.0 })]
    [TestCase("15x17x20mm", new[] { 15.0, 17.0, 20.0 })]
    [TestCase("2 centimeters", new[] { 20.0 })]
    [TestCase("3x4 mm", new[] { 3.0, 4.0 })]
    [TestCase("8 to 10 mm", new[] { 8.0, 10.0 })]
    [TestCase("0.8-1.0 cm", new[] { 8.0, 10.0 })]
    [TestCase(".5 cm", new[] { 5.0 })]
    [TestCase("12 X 9 MM", new[] { 12.0, 9.0 })]
    public void Measurement_forms_in_millimetres(string text, double[] expected)
    {
        var measurement = Analyzer.Analyze("Nodule " + text + ".").Measurements.Single().Measurement;

        Assert.That(measurement.ValuesMm.Select(v => (double)v), Is.EqualTo(expected));
        Assert.That(measurement.Text, Is.EqualTo(text));
    }

    [TestCase("Pressure 120 mm Hg.")]
    [TestCase("Velocity 280 cm/sec.")]
    [TestCase("Opening pressure 14cm H20.")]
    [TestCase("Valve area 1.3 cm square.")]
    [TestCase("Volume 12 cm3.")]
    [TestCase("Gestation 36weeks.")]
    [TestCase("Ratio 1.5 + 2.5.")]
    [TestCase("Series 3 image 45.")]
    [TestCase("Nodule 5mm2.")]
    [TestCase("The 3rd rib.")]
    [TestCase("Nodule 1234567890123456789012345678901234 mm.")]
    [TestCase("Nodule 1.1234567890123456789012345678901234 cm.")]
    public void Non_length_values_are_not_measurements(string text)
    {
        Assert.That(Analyzer.Analyze(text).Measurements, Is.Empty);
    }

    [Test]
    public void Centimetres_keep_written_precision()
    {
        var values = Analyzer.Analyze("Nodule 1.20 cm.").Measurements.Single().Measurement.ValuesMm;

        Assert.That(values[0].ToString(System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo("12.0"));
    }

    [Test]
    public void From_to_sizes_are_prior_and_current()
    {
        var measurements = Analyzer.Analyze("The nodule increased from 8 to 12 mm.").Measurements.Select(m => m.Measurement).ToList();

        Assert.That(measurements.Select(m => m.ValuesMm.Single()), Is.EqualTo(new[] { 8m, 12m }));
        Assert.That(measurements.Select(m => m.IsPrior), Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public void Coordinated_sizes_are_two_measurements()
    {
        var measurements = Analyzer.Analyze("Two cysts measuring 3 and 4 mm.").Measurements.Select(m => m.Measurement).ToList();

        Assert.That(measurements.Select(m => m.Text), Is.EqualTo(new[] { "3", "4 mm" }));
        Assert.That(measurements.Select(m => m.ValuesMm.Single()), Is.EqualTo(new[] { 3m, 4m }));
    }

    [Test]
    public void Dimension_glued_to_letters_is_dropped()
    {
        // A dimension that runs into a word ("0.8square") is not a size, so only the size before it is read.
        var measurement = Analyzer.Analyze("Nodule 1.2 cm x 0.8square.").Measurements.Single().Measurement;

        Assert.That(measurement.Text, Is.EqualTo("1.2 cm"));
        Assert.That(measurement.ValuesMm, Is.EqualTo(new[] { 12m }));
    }

    [Test]
    public void Non_ascii_digits_are_not_sizes()
    {
        // Arabic-Indic digits are decimal digits to Unicode but not to the invariant number parser.
        var analysis = Analyzer.Analyze("Nodule \u0663 mm and 4 mm.");

        Assert.That(analysis.Measurements.Select(m => m.Measurement.Text), Is.EqualTo(new[] { "4 mm" }));
    }
}
