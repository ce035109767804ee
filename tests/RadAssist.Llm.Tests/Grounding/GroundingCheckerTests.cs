using RadAssist.Llm.Grounding;

namespace RadAssist.Llm.Tests.Grounding;

public sealed class GroundingCheckerTests
{
    private static GroundingChecker CreateChecker()
    {
        var context = Scenario.CreateContext();
        context.ImageFindings.Add(new Finding
        {
            Type = "pulmonary nodule",
            Site = "left lower lobe",
            Laterality = Laterality.Left,
            Sentence = "Image analysis detected an 8 mm pulmonary nodule in the left lower lobe.",
            Measurements = [new Measurement { Text = "8 mm", ValuesMm = [8m] }],
            Source = new SourceReference { Kind = SourceKind.ImageFinding, SourceId = "2.25.1" },
        });
        return new GroundingChecker(GroundingSources.From(context));
    }

    [TestCase("The 6 mm solid nodule in the right upper lobe is unchanged.", SourceKind.PriorReport)]
    [TestCase("Right upper lobe solid nodule measuring 0.6 cm, stable.", SourceKind.PriorReport)]
    [TestCase("An 8 mm pulmonary nodule in the left lower lobe is detected by image analysis.", SourceKind.ImageFinding)]
    [TestCase("Follow-up of right upper lobe nodule.", SourceKind.Indication)]
    [TestCase("No pneumothorax.", SourceKind.PriorReport)]
    [TestCase("No change in the 6 mm right upper lobe nodule.", SourceKind.PriorReport)]
    public void SupportedSentence_TracesToItsInput(string sentence, SourceKind kind)
    {
        var verdict = CreateChecker().Judge(sentence);

        Assert.That(verdict.Reason, Is.Null);
        Assert.That(verdict.Supported, Is.True);
        Assert.That(verdict.Provenance.Single().Kind, Is.EqualTo(kind));
    }

    [TestCase("There is a 2 cm liver lesion.", "no input sentence states it")]
    [TestCase("The 7 mm solid nodule in the right upper lobe is unchanged.", "measurement 7 mm")]
    [TestCase("The 6 mm solid nodule in the left upper lobe is unchanged.", "laterality 'left'")]
    [TestCase("There is a pneumothorax.", "it states what the input denies")]
    [TestCase("The heart size is not normal.", "it denies what the input states")]
    [TestCase("Bilateral upper lobe solid nodules of 6 mm.", "laterality 'bilateral'")]
    public void UnsupportedSentence_GivesTheReason(string sentence, string reason)
    {
        var verdict = CreateChecker().Judge(sentence);

        Assert.That(verdict.Supported, Is.False);
        Assert.That(verdict.Reason, Does.Contain(reason));
    }

    [Test]
    public void SentenceWithTwoSides_ChecksEachFinding()
    {
        var context = Scenario.CreateContext(
            "FINDINGS: There is a 6 mm nodule in the right upper lobe and a 4 mm granuloma in the left lower lobe.");
        var checker = new GroundingChecker(GroundingSources.From(context));

        var swapped = checker.Judge("A 4 mm granuloma is present in the right lower lobe.");
        var sameSide = checker.Judge("A 4 mm granuloma is present in the left lower lobe.");

        Assert.That(swapped.Supported, Is.False, "the sentence names both sides, but the granuloma is on the left");
        Assert.That(swapped.Reason, Does.Contain("laterality 'right'"));
        Assert.That(sameSide.Supported, Is.True);
    }

    [Test]
    public void MixedPolarity_ChecksEachFinding()
    {
        var context = Scenario.CreateContext(
            "FINDINGS: No pleural effusion; a 4 mm calcified granuloma in the left lower lobe.");
        var checker = new GroundingChecker(GroundingSources.From(context));

        var affirmed = checker.Judge("A 4 mm calcified granuloma is present in the left lower lobe.");
        var denied = checker.Judge("No calcified granuloma in the left lower lobe.");

        Assert.That(affirmed.Reason, Is.Null);
        Assert.That(affirmed.Supported, Is.True);
        Assert.That(denied.Supported, Is.False);
        Assert.That(denied.Reason, Does.Contain("it denies what the input states"));
    }

    [Test]
    public void PriorSentences_ComeFromTheReportAnalyzer()
    {
        // The analyzer joins a sentence wrapped over two lines and drops the section heading.
        var context = Scenario.CreateContext("FINDINGS: There is a 6 mm solid nodule\nin the right upper lobe.\nNo pneumothorax.");

        var sources = GroundingSources.From(context).Sources.Where(s => s.Kind == SourceKind.PriorReport).ToList();

        Assert.That(sources.Select(s => s.Text), Is.EqualTo(new[] { "There is a 6 mm solid nodule in the right upper lobe.", "No pneumothorax." }));
        Assert.That(sources.Select(s => s.SentenceIndex), Is.EqualTo(new int?[] { 0, 1 }));
        Assert.That(sources[0].Features.MeasurementsMm, Is.EqualTo(new[] { 6m }));
        Assert.That(sources[0].Features.Sides, Is.EqualTo(Sides.Right));
        Assert.That(sources[1].Features.Negated, Is.True);
    }

    [TestCase("measuring 8 to 10 mm", new[] { 8.0, 10.0 })]
    [TestCase("1.2 x 0.8 cm", new[] { 12.0, 8.0 })]
    [TestCase("a 3 cm node and a 4 mm nodule", new[] { 30.0, 4.0 })]
    public void Measurements_AreReadInMillimetres(string text, double[] expected)
    {
        Assert.That(SentenceFeatures.Analyze(text).MeasurementsMm, Is.EqualTo(expected.Select(v => (decimal)v)));
    }
}
