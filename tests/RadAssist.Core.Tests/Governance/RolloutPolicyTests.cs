using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RadAssist.Governance;

namespace RadAssist.Core.Tests.Governance;

public sealed class RolloutPolicyTests
{
    [TestCase("CT", "CHEST", null, RolloutMode.Suggest)]
    [TestCase("ct", "chest", null, RolloutMode.Suggest)]
    [TestCase("CT", "HEAD", null, RolloutMode.Silent)]
    [TestCase("CT", "HEAD", "prior-summary", RolloutMode.Silent)]
    [TestCase("CT", "CHEST", "prior-summary", RolloutMode.MandatoryReview)]
    [TestCase("MR", "BRAIN", null, RolloutMode.Off)]
    [TestCase(null, null, null, RolloutMode.Off)]
    public void Most_specific_rule_wins(string? modality, string? bodyPart, string? useCase, RolloutMode expected)
    {
        var options = new RolloutOptions { DefaultMode = RolloutMode.Off };
        options.Rules.Add(new RolloutRule { Modality = "CT", Mode = RolloutMode.Silent });
        options.Rules.Add(new RolloutRule { Modality = "CT", BodyPart = "CHEST", Mode = RolloutMode.Suggest });
        options.Rules.Add(new RolloutRule { Modality = "CT", BodyPart = "CHEST", UseCase = "prior-summary", Mode = RolloutMode.MandatoryReview });
        var policy = new RolloutPolicy(new StaticMonitor(options));

        var decision = policy.Decide(modality, bodyPart, useCase);

        Assert.That(decision.Mode, Is.EqualTo(expected), decision.Reason);
    }

    [Test]
    public void Kill_switch_overrides_every_rule()
    {
        var options = new RolloutOptions { KillSwitch = true, DefaultMode = RolloutMode.Suggest };
        options.Rules.Add(new RolloutRule { Modality = "CT", Mode = RolloutMode.MandatoryReview });
        var policy = new RolloutPolicy(new StaticMonitor(options));

        var decision = policy.Decide("CT", "CHEST");

        Assert.That(decision.Mode, Is.EqualTo(RolloutMode.Off));
        Assert.That(decision.GeneratesDraft, Is.False);
        Assert.That(decision.Reason, Does.Contain("kill switch"));
    }

    [TestCase(RolloutMode.Suggest, false, false, false)]
    [TestCase(RolloutMode.Suggest, true, false, true)]
    [TestCase(RolloutMode.Suggest, false, true, true)]
    [TestCase(RolloutMode.MandatoryReview, false, false, true)]
    [TestCase(RolloutMode.Silent, true, true, false)]
    public void Apply_marks_review_for_critical_or_flagged(RolloutMode mode, bool critical, bool flagged, bool expected)
    {
        var draft = new DraftReport
        {
            CorrelationId = "run-1",
            DraftId = "draft-1",
            Generator = new GeneratorInfo("test", "1"),
            Sections = [new DraftSection(DraftSectionKind.Findings, "Findings", [new DraftSentence("Small pneumothorax.", []) { Flag = flagged ? "unsupported" : null }])],
            CriticalResults = critical ? [new CriticalResult { Term = "pneumothorax", Sentence = "Small pneumothorax." }] : [],
        };

        var applied = RolloutPolicy.Apply(new RolloutDecision(mode, "test"), draft);

        Assert.That(applied.RequiresMandatoryReview, Is.EqualTo(expected));
    }

    /// <summary>
    /// Binds the policy to a JSON file watched for changes, as a host does, and flips the kill switch and a rule
    /// in the file while the same policy instance keeps deciding.
    /// </summary>
    [Test]
    [CancelAfter(60_000)]
    public async Task File_change_applies_without_restart()
    {
        var directory = Directory.CreateTempSubdirectory("radassist-rollout-");
        try
        {
            var file = Path.Combine(directory.FullName, "rollout.json");
            await File.WriteAllTextAsync(file, Settings(killSwitch: false, chestMode: "Suggest"));
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(file, optional: false, reloadOnChange: true)
                .Build();
            using var provider = new ServiceCollection()
                .Configure<RolloutOptions>(configuration.GetSection(RolloutOptions.SectionName))
                .AddRadAssistGovernance()
                .BuildServiceProvider();
            var policy = provider.GetRequiredService<RolloutPolicy>();

            var before = policy.Decide("CR", "CHEST");
            await File.WriteAllTextAsync(file, Settings(killSwitch: true, chestMode: "Suggest"));
            var killed = await WaitForAsync(() => policy.Decide("CR", "CHEST"), d => d.Mode == RolloutMode.Off);
            await File.WriteAllTextAsync(file, Settings(killSwitch: false, chestMode: "Silent"));
            var silent = await WaitForAsync(() => policy.Decide("CR", "CHEST"), d => d.Mode == RolloutMode.Silent);

            Assert.That(before.Mode, Is.EqualTo(RolloutMode.Suggest));
            Assert.That(killed.Reason, Does.Contain("kill switch"));
            Assert.That(silent.DeliversDraft, Is.False);
            Assert.That(policy.Decide("MR", "BRAIN").Mode, Is.EqualTo(RolloutMode.Off), "default mode from the file");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static string Settings(bool killSwitch, string chestMode) => $$"""
        {
          "RadAssist": {
            "Rollout": {
              "KillSwitch": {{(killSwitch ? "true" : "false")}},
              "DefaultMode": "Off",
              "Rules": [ { "Modality": "CR", "BodyPart": "CHEST", "Mode": "{{chestMode}}" } ]
            }
          }
        }
        """;

    private static async Task<RolloutDecision> WaitForAsync(Func<RolloutDecision> decide, Func<RolloutDecision, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        var decision = decide();
        while (!done(decision) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            decision = decide();
        }

        Assert.That(done(decision), Is.True, $"the change was not picked up within 20 s; last decision: {decision}");
        return decision;
    }

    private sealed class StaticMonitor(RolloutOptions value) : IOptionsMonitor<RolloutOptions>
    {
        public RolloutOptions CurrentValue => value;

        public RolloutOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<RolloutOptions, string?> listener) => null;
    }
}
