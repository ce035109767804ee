using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace RadAssist.Fhir.Tests.Infrastructure;

/// <summary>Firely.Fhir.Validation.R4 against the base R4 specification shipped in Hl7.Fhir.Specification.Data.R4.</summary>
internal static class FhirValidation
{
    private static readonly Lazy<Validator> SharedValidator = new(Create);

    /// <summary>Validates a resource and returns the issues of severity error or fatal, as readable lines.</summary>
    public static IReadOnlyList<string> Errors(Resource resource)
    {
        OperationOutcome outcome;
        lock (SharedValidator)
        {
            outcome = SharedValidator.Value.Validate(resource);
        }

        return
        [
            .. outcome.Issue
                .Where(issue => issue.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
                .Select(issue => $"{issue.Severity} {issue.Code} at {string.Join(",", issue.Expression)}: {issue.Details?.Text}"),
        ];
    }

    private static Validator Create()
    {
        var zip = Path.Combine(AppContext.BaseDirectory, "specification.zip");
        TestData.Require(File.Exists(zip), "The R4 specification.zip from Hl7.Fhir.Specification.Data.R4");

        var source = new CachedResolver(new ZipSource(zip));
        var terminology = new LocalTerminologyService(source);
        return new Validator(source, terminology);
    }
}
