using Microsoft.Extensions.Time.Testing;
using RadAssist.Governance;

namespace RadAssist.Core.Tests.Governance;

public sealed class DraftMetricsTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Metrics_group_by_modality_body_part_and_model()
    {
        var sink = new MemoryAuditSink();
        var clock = new FakeTimeProvider(Start);
        var recorder = new AuditFeedbackRecorder(sink, clock);

        // CT chest, model A: one draft signed unchanged after 10 minutes, one edited (size changed) after 20 minutes.
        await GenerateAsync(sink, "run-1", "CT", "CHEST", "model-a", "FINDINGS: A 6 mm nodule in the right upper lobe.", Start);
        await GenerateAsync(sink, "run-2", "CT", "CHEST", "model-a", "FINDINGS: A 6 mm nodule in the left lower lobe.", Start);
        await recorder.RecordAsync(Feedback("run-1", FeedbackAction.Accept, Start.AddMinutes(5)));
        await recorder.RecordAsync(Feedback("run-1", FeedbackAction.Sign, Start.AddMinutes(10), "FINDINGS: A 6 mm nodule in the right upper lobe."));
        await recorder.RecordAsync(Feedback("run-2", FeedbackAction.Edit, Start.AddMinutes(15), "A 12 mm nodule in the left lower lobe.", DraftSectionKind.Findings, 0));
        await recorder.RecordAsync(Feedback("run-2", FeedbackAction.Reject, Start.AddMinutes(16), section: DraftSectionKind.Impression, index: 0));
        await recorder.RecordAsync(Feedback("run-2", FeedbackAction.Sign, Start.AddMinutes(20), "FINDINGS: A 12 mm nodule in the left lower lobe."));

        // CR chest, model B: one draft never signed.
        await GenerateAsync(sink, "run-3", "CR", "CHEST", "model-b", "FINDINGS: No pneumothorax.", Start);

        var metrics = DraftMetricsCalculator.Compute(sink.Records);

        Assert.That(metrics, Has.Count.EqualTo(2));
        var cr = metrics[0];
        var ct = metrics[1];
        Assert.That((cr.Modality, cr.BodyPart, cr.Model), Is.EqualTo(("CR", "CHEST", "model-b 2.0")));
        Assert.That(cr.Drafts, Is.EqualTo(1));
        Assert.That(cr.Signed, Is.Zero);
        Assert.That(cr.AcceptanceRate, Is.Null);
        Assert.That(cr.MedianTimeToSignature, Is.Null);
        Assert.That((ct.Modality, ct.BodyPart, ct.Model), Is.EqualTo(("CT", "CHEST", "model-a 2.0")));
        Assert.That(ct.Drafts, Is.EqualTo(2));
        Assert.That(ct.Decisions, Is.EqualTo(3));
        Assert.That(ct.AcceptanceRate, Is.EqualTo(1.0 / 3).Within(1e-9));
        Assert.That(ct.Signed, Is.EqualTo(2));
        Assert.That(ct.SignedUnchangedShare, Is.EqualTo(0.5));
        Assert.That(ct.MeanEditDistance, Is.GreaterThan(0).And.LessThan(0.5));
        Assert.That(ct.MedianTimeToSignature, Is.EqualTo(TimeSpan.FromMinutes(15)));
        Assert.That(ct.MajorDiscrepancies, Is.EqualTo(1));
    }

    [Test]
    public void Runs_without_draft_are_skipped()
    {
        var records = new[]
        {
            AuditRecord.Create(new AuditEvent { CorrelationId = "run-x", EventType = AuditEventTypes.Received, Timestamp = Start, Actor = "pipeline" }, 1, AuditRecord.GenesisHash),
        };

        Assert.That(DraftMetricsCalculator.Compute(records), Is.Empty);
    }

    [Test]
    public async Task Export_writes_deidentified_pairs()
    {
        var sink = new MemoryAuditSink();
        var recorder = new AuditFeedbackRecorder(sink);
        await GenerateAsync(sink, "run-secret-42", "CT", "CHEST", "model-a", "FINDINGS: Compared with 03/14/2025. A 6 mm nodule.", Start);
        await recorder.RecordAsync(Feedback("run-secret-42", FeedbackAction.Sign, Start.AddMinutes(9), "FINDINGS: Compared with 03/14/2025, accession 12345678. A 9 mm nodule. Discussed with Dr. Jansen at 14:30."));
        await GenerateAsync(sink, "run-unsigned", "CT", "CHEST", "model-a", "FINDINGS: Normal.", Start);

        using var output = new StringWriter();
        var count = await new DraftPairExporter().ExportAsync(sink.Records, output);
        var line = output.ToString().Trim();

        Assert.That(count, Is.EqualTo(1));
        Assert.That(line.Split('\n'), Has.Length.EqualTo(1));
        Assert.That(line, Does.Not.Contain("run-secret-42"));
        Assert.That(line, Does.Not.Contain("03/14/2025"));
        Assert.That(line, Does.Not.Contain("12345678"));
        Assert.That(line, Does.Not.Contain("Jansen"));
        Assert.That(line, Does.Not.Contain("14:30"));
        Assert.That(line, Does.Not.Contain(DraftReport.DraftBanner));
        Assert.That(line, Does.Contain("\"severity\":\"major\""));
        Assert.That(line, Does.Contain("MeasurementChanged"));
        Assert.That(line, Does.Contain("A 9 mm nodule"));
    }

    [TestCase("Seen on 2024-01-05 and Jan 5, 2024.", "Seen on [DATE] and [DATE].")]
    [TestCase("UID 1.2.840.113619.2.55 here", "UID [UID] here")]
    [TestCase("MRN A1234567, call (555) 555-0199", "MRN [ID], call [PHONE]")]
    [TestCase("Mrs. Smith Jones reviewed it", "Mrs [NAME] reviewed it")]
    [TestCase("A 6 mm nodule in 2 views.", "A 6 mm nodule in 2 views.")]
    [TestCase("Nodes of 0.8-1.0 cm and 1.2-1.5 cm.", "Nodes of 0.8-1.0 cm and 1.2-1.5 cm.")]
    [TestCase("Compared with 05.01.2024 and 5/1/24.", "Compared with [DATE] and [DATE].")]
    [TestCase("Levels 4-5-6 are normal.", "Levels 4-5-6 are normal.")]
    public void Scrub_replaces_identifiers(string text, string expected)
    {
        Assert.That(DraftPairExporter.Scrub(text), Is.EqualTo(expected));
    }

    private static async Task GenerateAsync(MemoryAuditSink sink, string run, string modality, string bodyPart, string model, string draft, DateTimeOffset time)
    {
        await sink.AppendAsync(new AuditEvent
        {
            CorrelationId = run,
            EventType = AuditEventTypes.Received,
            Timestamp = time,
            Actor = "radassist-pipeline",
            StudyInstanceUid = "2.25." + run.Length,
            Data = new Dictionary<string, string> { [GovernanceDataKeys.Modality] = modality, [GovernanceDataKeys.BodyPart] = bodyPart },
        });
        await sink.AppendAsync(new AuditEvent
        {
            CorrelationId = run,
            EventType = AuditEventTypes.Generate,
            Timestamp = time,
            Actor = model,
            ModelId = model,
            ModelVersion = "2.0",
            StudyInstanceUid = "2.25." + run.Length,
            Output = DraftReport.DraftBanner + "\n" + draft,
        });
    }

    private static DraftFeedback Feedback(string run, FeedbackAction action, DateTimeOffset time, string? text = null, DraftSectionKind? section = null, int? index = null) => new()
    {
        CorrelationId = run,
        Action = action,
        Actor = "dr-lee",
        Timestamp = time,
        Text = text,
        Section = section,
        SentenceIndex = index,
    };
}
