using RadAssist.Llm.Grounding;
using RadAssist.Llm.Output;

namespace RadAssist.Llm.Generation;

/// <summary>The draft made from a model answer, with what the grounding check did to it.</summary>
internal sealed record AssembledDraft(DraftReport Draft, int KeptCount, int RemovedCount, int FlaggedCount);

/// <summary>Turns a validated model draft into a <see cref="DraftReport"/>: grounding check, then re-identification.</summary>
internal static class DraftAssembler
{
    public static AssembledDraft Assemble(
        DraftRequest request,
        ModelDraft modelDraft,
        GeneratorInfo generator,
        UnsupportedSentenceHandling handling,
        DateTimeOffset createdAt)
    {
        var grounded = new GroundingChecker(request.Sources).Check(modelDraft, handling);

        var sections = new List<DraftSection>();
        var indication = IndicationSection(request.Original);
        if (indication is not null)
        {
            sections.Add(indication);
        }

        sections.AddRange(grounded.Sections
            .Where(section => section.Kind != DraftSectionKind.Indication)
            .Select(section => Reidentify(request, section)));

        var warnings = new List<string>();
        foreach (var (reportId, sentenceIndex) in request.Sources.Withheld)
        {
            warnings.Add($"Prior report {reportId}, sentence {sentenceIndex}, reads as an instruction to a model; it was not sent to the model and supports no sentence.");
        }

        foreach (var issue in grounded.Issues)
        {
            var action = "Removed";
            if (issue.Code == "unsupported-finding")
            {
                action = "Dropped";
            }
            else if (handling == UnsupportedSentenceHandling.Flag)
            {
                action = "Flagged";
            }

            warnings.Add(request.Reidentify($"{action}: \"{issue.Sentence}\". {issue.Message}"));
        }

        var draft = new DraftReport
        {
            CorrelationId = request.Original.CorrelationId,
            DraftId = Guid.NewGuid().ToString("N"),
            StudyInstanceUid = request.Original.Study.StudyInstanceUid,
            AccessionNumber = request.Original.Study.AccessionNumber,
            Generator = generator,
            CreatedAt = createdAt,
            Sections = sections,
            Findings = [.. grounded.Findings.Select(finding => Reidentify(request, finding))],
            Warnings = warnings,
        };

        var kept = grounded.Sections.Sum(section => section.Sentences.Count(s => s.Flag is null));
        return new AssembledDraft(draft, kept, grounded.RemovedCount, grounded.FlaggedCount);
    }

    /// <summary>Grounds and re-identifies one section, as streaming emits it.</summary>
    public static DraftSection? AssembleSection(DraftRequest request, ModelSection section, UnsupportedSentenceHandling handling)
    {
        var grounded = new GroundingChecker(request.Sources).Check(new ModelDraft([section], []), handling);
        return grounded.Sections.Count == 0 ? null : Reidentify(request, grounded.Sections[0]);
    }

    public static DraftSection? IndicationSection(ReportingContext context)
    {
        var indication = context.Study.ReasonForStudy ?? context.Event.ClinicalIndication;
        if (string.IsNullOrWhiteSpace(indication))
        {
            return null;
        }

        var text = indication.Trim();
        var source = new SourceReference { Kind = SourceKind.Indication, SourceId = context.Event.EventId, Text = text };
        return new DraftSection(
            DraftSectionKind.Indication,
            GroundingChecker.TitleOf(DraftSectionKind.Indication),
            [new DraftSentence(text.EndsWith('.') ? text : text + ".", [source])]);
    }

    private static DraftSection Reidentify(DraftRequest request, DraftSection section) => section with
    {
        Sentences =
        [
            .. section.Sentences.Select(sentence => sentence with
            {
                Text = request.Reidentify(sentence.Text),
                Provenance = [.. sentence.Provenance.Select(source => Reidentify(request, source))],
                Flag = sentence.Flag is null ? null : request.Reidentify(sentence.Flag),
            }),
        ],
    };

    private static Finding Reidentify(DraftRequest request, Finding finding) => finding with
    {
        Site = finding.Site is null ? null : request.Reidentify(finding.Site),
        Sentence = finding.Sentence is null ? null : request.Reidentify(finding.Sentence),
        Source = finding.Source is null ? null : Reidentify(request, finding.Source),
    };

    private static SourceReference Reidentify(DraftRequest request, SourceReference source) =>
        source.Text is null ? source : source with { Text = request.Reidentify(source.Text) };
}
