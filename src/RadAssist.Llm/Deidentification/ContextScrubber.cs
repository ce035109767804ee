namespace RadAssist.Llm.Deidentification;

/// <summary>Copies a reporting context with every identifying field replaced through a <see cref="SurrogateMap"/>.</summary>
internal static class ContextScrubber
{
    public static ReportingContext Scrub(ReportingContext context, SurrogateMap map)
    {
        var source = context.Event;
        var scrubbedEvent = source with
        {
            StudyInstanceUid = ScrubOptional(map, source.StudyInstanceUid),
            AccessionNumber = ScrubOptional(map, source.AccessionNumber),
            PatientId = ScrubOptional(map, source.PatientId),
            ProcedureDescription = ScrubOptional(map, source.ProcedureDescription),
            ClinicalIndication = ScrubOptional(map, source.ClinicalIndication),
            StudyDate = ShiftOptional(map, source.StudyDate),
            InlinePriorReports = [],
            Radiologist = ScrubRadiologist(map, source.Radiologist),
        };

        var copy = new ReportingContext(scrubbedEvent, context.CorrelationId)
        {
            Study = ScrubStudy(map, context.Study),
            Patient = new PatientInfo
            {
                PatientId = ScrubOptional(map, context.Patient.PatientId),
                Name = context.Patient.Name is null ? null : map.TokenFor("NAME", context.Patient.Name),
                BirthDate = null,
                Sex = context.Patient.Sex,
            },
            Radiologist = ScrubRadiologist(map, context.Radiologist),
        };

        foreach (var prior in context.PriorReports)
        {
            copy.PriorReports.Add(prior with
            {
                ReportId = prior.ReportId,
                Text = map.Scrub(prior.Text),
                ExamDescription = ScrubOptional(map, prior.ExamDescription),
                ExamDate = ShiftOptional(map, prior.ExamDate),
                StudyInstanceUid = ScrubOptional(map, prior.StudyInstanceUid),
            });
        }

        foreach (var item in context.History)
        {
            copy.History.Add(item with { Text = map.Scrub(item.Text), Date = ShiftOptional(map, item.Date) });
        }

        foreach (var finding in context.ImageFindings)
        {
            copy.ImageFindings.Add(finding with
            {
                Sentence = ScrubOptional(map, finding.Sentence),
                Source = ScrubSource(map, finding.Source),
            });
        }

        foreach (var study in context.PriorStudies)
        {
            copy.PriorStudies.Add(ScrubStudy(map, study));
        }

        foreach (var warning in context.Warnings)
        {
            copy.Warnings.Add(map.Scrub(warning));
        }

        return copy;
    }

    private static StudyInfo ScrubStudy(SurrogateMap map, StudyInfo study) => study with
    {
        StudyInstanceUid = ScrubOptional(map, study.StudyInstanceUid),
        AccessionNumber = ScrubOptional(map, study.AccessionNumber),
        Description = ScrubOptional(map, study.Description),
        StudyDate = ShiftOptional(map, study.StudyDate),
        ReasonForStudy = ScrubOptional(map, study.ReasonForStudy),
        Series = [.. study.Series.Select(series => series with
        {
            SeriesInstanceUid = map.Scrub(series.SeriesInstanceUid),
            Description = ScrubOptional(map, series.Description),
        })],
    };

    private static SourceReference? ScrubSource(SurrogateMap map, SourceReference? source) =>
        source is null
            ? null
            : source with { SourceId = ScrubOptional(map, source.SourceId), Text = ScrubOptional(map, source.Text) };

    private static RadiologistProfile? ScrubRadiologist(SurrogateMap map, RadiologistProfile? profile) =>
        profile is null ? null : profile with { Id = map.TokenFor("ID", profile.Id) };

    private static string? ScrubOptional(SurrogateMap map, string? text) => text is null ? null : map.Scrub(text);

    private static DateOnly? ShiftOptional(SurrogateMap map, DateOnly? date) =>
        date is { } value ? map.ShiftDate(value) : null;
}
