using Hl7.Fhir.Model;

namespace RadAssist.Fhir.Sources;

/// <summary>Reads Condition, Procedure and Observation resources into <see cref="HistoryItem"/>s.</summary>
internal static class HistoryMapper
{
    /// <summary>Maps a resource, or returns null with the reason when it must not enter the history.</summary>
    public static HistoryItem? Map(Resource resource, out string? skipReason)
    {
        skipReason = null;
        switch (resource)
        {
            case Condition condition:
                return MapCondition(condition, out skipReason);
            case Procedure procedure:
                return MapProcedure(procedure, out skipReason);
            case Observation observation:
                return MapObservation(observation, out skipReason);
            default:
                skipReason = "not a Condition, Procedure or Observation";
                return null;
        }
    }

    private static HistoryItem? MapCondition(Condition condition, out string? skipReason)
    {
        var verification = condition.VerificationStatus?.Coding.FirstOrDefault()?.Code;
        if (verification is "entered-in-error" or "refuted")
        {
            skipReason = $"verification status is {verification}";
            return null;
        }

        var name = FhirText.Of(condition.Code);
        if (name is null)
        {
            skipReason = "the condition has no code or text";
            return null;
        }

        var details = new List<string>();
        AddDetail(details, FhirText.Of(condition.ClinicalStatus));
        AddDetail(details, verification is null or "confirmed" ? null : verification);
        AddDetail(details, FhirText.Of(condition.Severity));
        AddDetail(details, condition.BodySite.Select(FhirText.Of).FirstOrDefault());

        skipReason = null;
        return new HistoryItem(
            "condition",
            Compose(name, details),
            FhirText.DateOf(condition.Onset) ?? FhirText.DateOf(condition.RecordedDate),
            "Condition/" + condition.Id);
    }

    private static HistoryItem? MapProcedure(Procedure procedure, out string? skipReason)
    {
        if (procedure.Status is EventStatus.EnteredInError or EventStatus.NotDone)
        {
            skipReason = $"status is {procedure.Status}";
            return null;
        }

        var name = FhirText.Of(procedure.Code);
        if (name is null)
        {
            skipReason = "the procedure has no code or text";
            return null;
        }

        var details = new List<string>();
        AddDetail(details, procedure.BodySite.Select(FhirText.Of).FirstOrDefault());
        AddDetail(details, procedure.Outcome is null ? null : "outcome " + FhirText.Of(procedure.Outcome));

        skipReason = null;
        return new HistoryItem("procedure", Compose(name, details), FhirText.DateOf(procedure.Performed), "Procedure/" + procedure.Id);
    }

    private static HistoryItem? MapObservation(Observation observation, out string? skipReason)
    {
        if (observation.Status is ObservationStatus.EnteredInError or ObservationStatus.Cancelled)
        {
            skipReason = $"status is {observation.Status}";
            return null;
        }

        var name = FhirText.Of(observation.Code);
        if (name is null)
        {
            skipReason = "the observation has no code or text";
            return null;
        }

        var parts = new List<string>();
        AddDetail(parts, FhirText.OfValue(observation.Value));
        foreach (var component in observation.Component)
        {
            var value = FhirText.OfValue(component.Value);
            if (value is not null)
            {
                parts.Add($"{FhirText.Of(component.Code) ?? "component"} {value}");
            }
        }

        AddDetail(parts, observation.DataAbsentReason is null ? null : "absent: " + FhirText.Of(observation.DataAbsentReason));
        AddDetail(parts, observation.Interpretation.Select(FhirText.Of).FirstOrDefault());
        var site = FhirText.Of(observation.BodySite);
        var text = parts.Count == 0 ? name : $"{name}: {string.Join("; ", parts)}";
        if (site is not null)
        {
            text += $" ({site})";
        }

        skipReason = null;
        return new HistoryItem(
            "observation",
            text,
            FhirText.DateOf(observation.Effective) ?? FhirText.DateOf(observation.IssuedElement),
            "Observation/" + observation.Id);
    }

    private static void AddDetail(List<string> details, string? detail)
    {
        if (!string.IsNullOrWhiteSpace(detail))
        {
            details.Add(detail);
        }
    }

    private static string Compose(string name, List<string> details) =>
        details.Count == 0 ? name : $"{name} ({string.Join(", ", details)})";
}
