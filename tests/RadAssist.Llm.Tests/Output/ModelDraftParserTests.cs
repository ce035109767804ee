using RadAssist.Llm.Output;

namespace RadAssist.Llm.Tests.Output;

public sealed class ModelDraftParserTests
{
    [Test]
    public void ValidAnswer_Parses()
    {
        var result = ModelDraftParser.Parse(Scenario.Answer());

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Draft!.Sections.Select(s => s.Kind), Is.EqualTo(new[]
        {
            DraftSectionKind.Comparison, DraftSectionKind.Findings, DraftSectionKind.Impression,
        }));
        Assert.That(result.Draft.Findings[0].MeasurementsMm, Is.EqualTo(new[] { 6m }));
        Assert.That(result.Draft.Findings[0].Temporal, Is.EqualTo(TemporalChange.Unchanged));
    }

    [Test]
    public void CodeFence_IsTolerated()
    {
        Assert.That(ModelDraftParser.Parse("```json\n" + Scenario.Answer() + "\n```").IsValid, Is.True);
    }

    [TestCase("", "$: the answer is empty")]
    [TestCase("{\"sections\": [", "$: invalid JSON")]
    [TestCase("{\"sections\": [], \"findings\": []}", "$.sections: at least one section is required")]
    [TestCase("{\"sections\": [{\"kind\": \"findings\", \"sentences\": [\"a\"]}]}", "$: required property 'findings' is missing")]
    [TestCase("{\"sections\": [{\"kind\": \"findings\", \"sentences\": [\"a\"]}], \"findings\": [], \"note\": 1}", "$: unknown property 'note'")]
    [TestCase("{\"sections\": [{\"kind\": \"findings\", \"sentences\": [1]}], \"findings\": []}", "$.sections[0].sentences[0]: expected a string but found 1")]
    [TestCase("{\"sections\": [{\"kind\": \"findings\", \"sentences\": [\" \"]}], \"findings\": []}", "$.sections[0].sentences[0]: the sentence is empty")]
    [TestCase("{\"sections\": [{\"kind\": \"findings\", \"sentences\": [\"a\"]}, {\"kind\": \"findings\", \"sentences\": [\"b\"]}], \"findings\": []}", "$.sections[1].kind: section 'findings' appears twice")]
    [TestCase("{\"sections\": [{\"kind\": \"findings\", \"sentences\": [\"a\"]}], \"findings\": [{\"type\": \"nodule\", \"site\": null, \"laterality\": \"up\", \"negated\": false, \"uncertain\": false, \"temporal\": \"none\", \"measurements_mm\": [], \"sentence\": \"a\"}]}", "$.findings[0].laterality: expected one of none, left, right, bilateral but found \"up\"")]
    [TestCase("{\"sections\": [{\"kind\": \"findings\", \"sentences\": [\"a\"]}], \"findings\": [{\"type\": \"nodule\", \"site\": null, \"laterality\": \"none\", \"negated\": false, \"uncertain\": false, \"temporal\": \"none\", \"measurements_mm\": [-4], \"sentence\": \"a\"}]}", "$.findings[0].measurements_mm[0]: expected a number of millimetres above 0")]
    public void InvalidAnswer_NamesThePath(string answer, string expected)
    {
        var result = ModelDraftParser.Parse(answer);

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Errors, Has.Some.StartsWith(expected));
    }

    [Test]
    public void OversizedAnswer_IsRejected()
    {
        var result = ModelDraftParser.Parse(new string(' ', 10) + new string('x', ModelDraftParser.MaxAnswerLength + 1));

        Assert.That(result.Errors.Single(), Does.Contain("more than the maximum of 200000"));
    }
}
