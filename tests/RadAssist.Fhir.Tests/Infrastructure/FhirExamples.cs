using System.Text;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;
using RadAssist.Fhir.Writing;

namespace RadAssist.Fhir.Tests.Infrastructure;

/// <summary>The FHIR R4 examples under tests/data/fhir and helpers that serve them from a loopback server.</summary>
internal static class FhirExamples
{
    public static T Read<T>(string fileName)
        where T : Resource => FhirJson.Parse<T>(TestData.Text("fhir/" + fileName));

    /// <summary>Resources of one type from a Bundle example.</summary>
    public static IReadOnlyList<T> FromBundle<T>(string fileName)
        where T : Resource => [.. Read<Bundle>(fileName).Entry.Select(e => e.Resource).OfType<T>()];

    public static Bundle SearchSet(IEnumerable<Resource> matches, IEnumerable<Resource>? included = null, Uri? next = null)
    {
        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        foreach (var resource in matches)
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"http://127.0.0.1/fhir/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        }

        foreach (var resource in included ?? [])
        {
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"http://127.0.0.1/fhir/{resource.TypeName}/{resource.Id}",
                Resource = resource,
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Include },
            });
        }

        if (next is not null)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = next.ToString() });
        }

        bundle.Total = bundle.Entry.Count(e => e.Search.Mode == Bundle.SearchEntryMode.Match);
        return bundle;
    }

    public static System.Threading.Tasks.Task WriteAsync(HttpContext context, Resource resource, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/fhir+json; charset=utf-8";
        return context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(FhirJson.Serialize(resource))).AsTask();
    }

    public static OperationOutcome Outcome(string diagnostics, OperationOutcome.IssueType code = OperationOutcome.IssueType.Processing) => new()
    {
        Issue = [new OperationOutcome.IssueComponent { Severity = OperationOutcome.IssueSeverity.Error, Code = code, Diagnostics = diagnostics }],
    };
}
