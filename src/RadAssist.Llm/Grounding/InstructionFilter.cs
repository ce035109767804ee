using System.Text;

namespace RadAssist.Llm.Grounding;

/// <summary>Copies a context without the prior-report sentences that read as instructions to a model.</summary>
/// <remarks>The fallback generator restates prior reports, so it gets this copy: an injected sentence is not a finding.</remarks>
internal static class InstructionFilter
{
    public static ReportingContext WithoutInstructionLikeText(ReportingContext context)
    {
        var copy = new ReportingContext(context.Event with { InlinePriorReports = [] }, context.CorrelationId)
        {
            Study = context.Study,
            Patient = context.Patient,
            Radiologist = context.Radiologist,
        };

        foreach (var prior in context.PriorReports)
        {
            var kept = new StringBuilder(prior.Text.Length);
            foreach (var sentence in GroundingSources.ReadPrior(prior.Text))
            {
                if (sentence.Heading is not null)
                {
                    kept.Append(sentence.Heading).Append(": ");
                }

                if (!sentence.Withheld)
                {
                    kept.Append(sentence.Text);
                }

                kept.Append('\n');
            }

            copy.PriorReports.Add(prior with { Text = kept.ToString() });
        }

        copy.History.AddRange(context.History);
        copy.ImageFindings.AddRange(context.ImageFindings);
        copy.PriorStudies.AddRange(context.PriorStudies);
        copy.Warnings.AddRange(context.Warnings);
        return copy;
    }
}
