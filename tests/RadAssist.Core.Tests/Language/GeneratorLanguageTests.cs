namespace RadAssist.Core.Tests.Language;

/// <summary>What the deterministic generator takes from the report-language engine.</summary>
public sealed class GeneratorLanguageTests
{
    private static ReportingContext Context(params PriorReport[] priors)
    {
        var studyEvent = new StudyEvent
        {
            EventId = "evt-1",
            Source = "test",
            Modality = "CT",
            InlinePriorReports = priors,
        };
        return new ReportingContext(studyEvent, "corr-1");
    }

    private static PriorReport Prior(string id, string text) => new() { ReportId = id, Text = text, ExamDescription = "CT chest" };

    [Test]
    public async Task Critical_prior_finding_forces_review()
    {
        var draft = await new DeterministicDraftGenerator().GenerateAsync(
            Context(Prior("prior-1", "FINDINGS: Small left apical pneumothorax. No pleural effusion.")));

        Assert.That(draft.RequiresMandatoryReview, Is.True);
        Assert.That(draft.CriticalResults.Single().Term, Is.EqualTo("pneumothorax"));
        Assert.That(draft.CriticalResults.Single().Source?.SourceId, Is.EqualTo("prior-1"));
        Assert.That(draft.CriticalResults.Single().Source?.SentenceIndex, Is.EqualTo(0));
    }

    [Test]
    public async Task Negated_critical_term_needs_no_review()
    {
        var draft = await new DeterministicDraftGenerator().GenerateAsync(
            Context(Prior("prior-1", "FINDINGS: No pneumothorax. No pulmonary embolism.")));

        Assert.That(draft.RequiresMandatoryReview, Is.False);
        Assert.That(draft.CriticalResults, Is.Empty);
        Assert.That(draft.Findings.All(f => f.Negated), Is.True);
    }

    [Test]
    public async Task Stated_sizes_give_quantified_comparison()
    {
        var draft = await new DeterministicDraftGenerator().GenerateAsync(
            Context(Prior("prior-1", "FINDINGS: Mild emphysema. Right lower lobe nodule now measures 12 mm, previously 8 mm.")));

        var comparison = draft.GetSection(DraftSectionKind.Comparison)!.Sentences;
        Assert.That(comparison, Has.Count.EqualTo(2));
        Assert.That(comparison[1].Text, Is.EqualTo("Right lower lobe nodule measures 12 mm, previously 8 mm: increased by 4 mm (+50%)."));
        Assert.That(comparison[1].Provenance.Single().SentenceIndex, Is.EqualTo(1));
        Assert.That(comparison[1].Provenance.Single().Text, Is.EqualTo("Right lower lobe nodule now measures 12 mm, previously 8 mm."));
    }

    [Test]
    public async Task Two_priors_are_compared_with_both_sources()
    {
        var draft = await new DeterministicDraftGenerator().GenerateAsync(Context(
            Prior("prior-2", "FINDINGS: Right lower lobe nodule measures 9 mm."),
            Prior("prior-1", "FINDINGS: 6 mm right lower lobe nodule.")));

        var statement = draft.GetSection(DraftSectionKind.Comparison)!.Sentences[1];
        Assert.That(statement.Text, Is.EqualTo("Right lower lobe nodule measures 9 mm, previously 6 mm: increased by 3 mm (+50%)."));
        Assert.That(statement.Provenance.Select(p => p.SourceId), Is.EqualTo(new[] { "prior-2", "prior-1" }));
    }

    [Test]
    public async Task Nodule_gets_category_suggestion()
    {
        var draft = await new DeterministicDraftGenerator().GenerateAsync(
            Context(Prior("prior-1", "FINDINGS: 7 mm solid nodule in the right upper lobe.")));

        var category = draft.Categories.Single();
        Assert.That(category.System, Is.EqualTo("Fleischner Society 2017"));
        Assert.That(category.Category, Is.EqualTo("solid, single, 6-8 mm"));
        Assert.That(category.Source?.SourceId, Is.EqualTo("prior-1"));
    }
}
