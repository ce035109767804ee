using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging.Abstractions;
using RadAssist.Fhir.Tests.Infrastructure;
using RadAssist.Fhir.Writing;
using FhirTask = Hl7.Fhir.Model.Task;

namespace RadAssist.Fhir.Tests.Writing;

public sealed class DraftBundleBuilderTests
{
    private static Bundle Build(DraftReport? draft = null, ReportingContext? context = null, ReportSignature? signature = null) =>
        new DraftBundleBuilder(new FhirOptions { PatientIdentifierSystem = "urn:oid:2.999.1" })
            .Build(draft ?? SampleDrafts.Draft(), context ?? SampleDrafts.Context(), signature);

    private static IEnumerable<T> Resources<T>(Bundle bundle)
        where T : Resource => bundle.Entry.Select(e => e.Resource).OfType<T>();

    [Test]
    public void Draft_bundle_validates_against_base_R4()
    {
        var bundle = Build();

        foreach (var entry in bundle.Entry)
        {
            Assert.That(FhirValidation.Errors(entry.Resource), Is.Empty, $"{entry.Resource.TypeName} {entry.FullUrl}");
        }

        Assert.That(FhirValidation.Errors(bundle), Is.Empty, "Bundle");
    }

    [Test]
    public void Signed_bundle_validates_against_base_R4()
    {
        var bundle = Build(signature: new ReportSignature("rad-007", SampleDrafts.CreatedAt.AddHours(1), "Dr Example"));

        Assert.That(FhirValidation.Errors(bundle), Is.Empty);
    }

    [Test]
    public void Bare_draft_without_patient_or_study_validates()
    {
        var draft = new DraftReport
        {
            CorrelationId = "c",
            DraftId = "bare",
            Generator = new GeneratorInfo("g", "1"),
            Sections = [],
        };
        var context = new ReportingContext(new StudyEvent { EventId = "e", Source = "test" }, "c");

        var bundle = Build(draft, context);

        Assert.That(FhirValidation.Errors(bundle), Is.Empty);
        Assert.That(Resources<DiagnosticReport>(bundle).Single().Subject, Is.Null);
    }

    [Test]
    public void Draft_report_is_preliminary_radiology_report()
    {
        var report = Resources<DiagnosticReport>(Build()).Single();

        Assert.That(report.Status, Is.EqualTo(DiagnosticReport.DiagnosticReportStatus.Preliminary));
        Assert.That(report.Category.Single().Coding.Select(c => c.Code), Does.Contain("RAD"));
        Assert.That(report.Code.Text, Is.EqualTo("CT chest without contrast"));
        Assert.That(report.Subject.Identifier.Value, Is.EqualTo("FAKE-MRN-0042"));
        Assert.That(report.Subject.Identifier.System, Is.EqualTo("urn:oid:2.999.1"));
        Assert.That(report.ImagingStudy.Single().Identifier.Value, Is.EqualTo("urn:oid:1.2.826.0.1.3680043.8.498.1"));
        Assert.That(report.BasedOn.Single().Identifier.Value, Is.EqualTo("ACC-0001"));
        Assert.That(report.ResultsInterpreter.Single().Identifier.Value, Is.EqualTo("rad-007"));
        Assert.That(report.Conclusion, Is.EqualTo("Right upper lobe nodule, 12.0 mm."));
        Assert.That(report.ConclusionCode.Single().Coding.Single().Code, Is.EqualTo("27925004"));
    }

    [Test]
    public void Presented_form_carries_banner_and_sections()
    {
        var report = Resources<DiagnosticReport>(Build()).Single();
        var text = Encoding.UTF8.GetString(report.PresentedForm.Single().Data);

        Assert.That(text, Does.StartWith(DraftReport.DraftBanner));
        Assert.That(text, Does.Contain("FINDINGS:\nNodule in the right upper lobe measures 12.0 mm. No pneumothorax."));
        Assert.That(text, Does.Contain("RECOMMENDATIONS:\nFollow-up CT in 3 months."));
    }

    [Test]
    public void Signed_report_is_final_without_banner()
    {
        var signedAt = SampleDrafts.CreatedAt.AddHours(1);
        var bundle = Build(signature: new ReportSignature("rad-007", signedAt));
        var report = Resources<DiagnosticReport>(bundle).Single();
        var signature = Resources<Provenance>(bundle).Single(p => p.Signature.Count > 0);

        Assert.That(report.Status, Is.EqualTo(DiagnosticReport.DiagnosticReportStatus.Final));
        Assert.That(Encoding.UTF8.GetString(report.PresentedForm.Single().Data), Does.Not.Contain(DraftReport.DraftBanner));
        Assert.That(Resources<Observation>(bundle).Select(o => o.Status), Is.All.EqualTo(ObservationStatus.Final));
        Assert.That(signature.Signature.Single().When, Is.EqualTo(signedAt));
        Assert.That(signature.Agent.Single().Who.Identifier.Value, Is.EqualTo("rad-007"));
    }

    [Test]
    public void Device_names_model_and_versions()
    {
        var device = Resources<Device>(Build()).Single();

        Assert.That(device.DeviceName.Select(n => n.Name), Is.EqualTo(new[] { "example-model", "radassist-deterministic" }));
        Assert.That(device.DeviceName[0].Type, Is.EqualTo(DeviceNameType.ModelName));
        Assert.That(device.Version.Select(v => v.Type.Text + "=" + v.Value), Is.EqualTo(new[] { "generator=0.1.0", "model=2026-01", "prompt=p3" }));
    }

    [Test]
    public void Provenance_names_device_as_author()
    {
        var bundle = Build();
        var deviceUrl = bundle.Entry.Single(e => e.Resource is Device).FullUrl;
        var provenance = Resources<Provenance>(bundle).Single();
        var draftUrls = bundle.Entry
            .Where(e => e.Resource is DiagnosticReport or Observation or FhirTask or Communication)
            .Select(e => e.FullUrl);

        Assert.That(provenance.Agent.Single().Who.Reference, Is.EqualTo(deviceUrl));
        Assert.That(provenance.Agent.Single().Type.Coding.Single().Code, Is.EqualTo("author"));
        Assert.That(provenance.Target.Select(t => t.Reference), Is.EquivalentTo(draftUrls));
        Assert.That(provenance.Recorded, Is.EqualTo(SampleDrafts.CreatedAt));
    }

    [Test]
    public void Report_results_are_every_observation()
    {
        var bundle = Build();
        var report = Resources<DiagnosticReport>(bundle).Single();
        var observationUrls = bundle.Entry.Where(e => e.Resource is Observation).Select(e => e.FullUrl);

        Assert.That(report.Result.Select(r => r.Reference), Is.EquivalentTo(observationUrls));
    }

    [Test]
    public void Narrative_sections_become_loinc_observations()
    {
        var codes = Resources<Observation>(Build())
            .Where(o => o.Code.Coding.Any(c => c.System == FhirCodes.Loinc))
            .ToDictionary(o => o.Code.Coding.Single().Code, o => ((FhirString)o.Value).Value);

        Assert.That(codes["19005-8"], Is.EqualTo("Right upper lobe nodule, 12.0 mm."));
        Assert.That(codes["18834-2"], Is.EqualTo("CT chest of 2025-03-01."));
        Assert.That(codes["18783-1"], Is.EqualTo("Follow-up CT in 3 months."));
        Assert.That(codes["18782-3"], Does.StartWith("Nodule in the right upper lobe"));
        Assert.That(codes, Has.Count.EqualTo(4));
    }

    [Test]
    public void Measurement_observation_uses_ucum_mm()
    {
        var measurement = Resources<Observation>(Build())
            .First(o => o.Code.Text == "nodule size" && o.Component.Count == 0);
        var quantity = (Quantity)measurement.Value;

        Assert.That(quantity.System, Is.EqualTo("http://unitsofmeasure.org"));
        Assert.That(quantity.Code, Is.EqualTo("mm"));
        Assert.That(quantity.Value, Is.EqualTo(13.0m));
        Assert.That(measurement.BodySite.Text, Is.EqualTo("lower lobe").Or.EqualTo("left lower lobe"));
        Assert.That(measurement.DerivedFrom.Single().Identifier.Value, Is.EqualTo("urn:oid:1.2.826.0.1.3680043.8.498.1"));
        Assert.That(measurement.Status, Is.EqualTo(ObservationStatus.Preliminary));
    }

    [Test]
    public void Body_site_adds_laterality_missing_from_site()
    {
        var sites = Resources<Observation>(Build()).Where(o => o.BodySite is not null).Select(o => o.BodySite.Text).ToList();

        Assert.That(sites, Does.Contain("left lower lobe"));
        Assert.That(sites, Does.Contain("right upper lobe"));
        Assert.That(sites, Does.Not.Contain("right right upper lobe"));
    }

    [Test]
    public void Two_dimensions_give_longest_value_and_components()
    {
        var measurement = Resources<Observation>(Build()).First(o => o.Component.Count == 2);

        Assert.That(((Quantity)measurement.Value).Value, Is.EqualTo(12.00m));
        Assert.That(measurement.Component.Select(c => ((Quantity)c.Value).Value), Is.EqualTo(new[] { 12.00m, 8.0m }));
    }

    [Test]
    public void Range_becomes_value_range()
    {
        var range = (Hl7.Fhir.Model.Range)Resources<Observation>(Build()).Single(o => o.Code.Text == "lymph node size").Value;

        Assert.That(range.Low.Value, Is.EqualTo(8m));
        Assert.That(range.High.Value, Is.EqualTo(10m));
    }

    [Test]
    public void Prior_measurement_is_named_as_prior()
    {
        var names = Resources<Observation>(Build()).Select(o => o.Code.Text).ToList();

        Assert.That(names, Does.Contain("nodule size on prior exam"));
    }

    [Test]
    public void Category_becomes_observation_with_notes()
    {
        var category = Resources<Observation>(Build()).Single(o => o.Code.Text == "Lung-RADS v2022");

        Assert.That(((CodeableConcept)category.Value).Text, Is.EqualTo("4A"));
        Assert.That(category.Note.Select(n => n.Text), Does.Contain("Management: 3-month LDCT"));
    }

    [Test]
    public void Critical_result_gets_task_and_communication()
    {
        var bundle = Build();
        var reportUrl = bundle.Entry.Single(e => e.Resource is DiagnosticReport).FullUrl;
        var task = Resources<FhirTask>(bundle).Single();
        var taskUrl = bundle.Entry.Single(e => e.Resource is FhirTask).FullUrl;
        var communication = Resources<Communication>(bundle).Single();

        Assert.That(task.Priority, Is.EqualTo(RequestPriority.Stat));
        Assert.That(task.Status, Is.EqualTo(FhirTask.TaskStatus.Requested));
        Assert.That(task.Focus.Reference, Is.EqualTo(reportUrl));
        Assert.That(task.Owner.Identifier.Value, Is.EqualTo("rad-007"));
        Assert.That(communication.About.Single().Reference, Is.EqualTo(reportUrl));
        Assert.That(communication.PartOf.Single().Reference, Is.EqualTo(taskUrl));
        Assert.That(((FhirString)communication.Payload.Single().Content).Value, Does.Contain("Filling defect"));
    }

    [Test]
    public void No_critical_result_gives_no_task()
    {
        var bundle = Build(SampleDrafts.Draft(withCritical: false));

        Assert.That(Resources<FhirTask>(bundle), Is.Empty);
        Assert.That(Resources<Communication>(bundle), Is.Empty);
    }

    [Test]
    public void Entries_are_conditional_posts_with_unique_urls()
    {
        var bundle = Build();

        Assert.That(bundle.Type, Is.EqualTo(Bundle.BundleType.Transaction));
        Assert.That(bundle.Entry.Select(e => e.FullUrl), Is.Unique);
        Assert.That(bundle.Entry.Select(e => e.Request.Method), Is.All.EqualTo(Bundle.HTTPVerb.POST));
        Assert.That(
            bundle.Entry.Where(e => e.Resource is not Provenance).Select(e => e.Request.IfNoneExist),
            Is.All.StartWith("identifier=urn%3Aietf%3Arfc%3A3986%7Curn%3Auuid%3A"));
    }

    [Test]
    public void Same_draft_renders_same_bytes()
    {
        var first = FhirJson.SerializeToUtf8Bytes(Build());
        var second = FhirJson.SerializeToUtf8Bytes(Build());

        Assert.That(second, Is.EqualTo(first));
    }

    [TestCase("12", "12")]
    [TestCase("12.0", "12.0")]
    [TestCase("12.00", "12.00")]
    [TestCase("0.700", "0.700")]
    [TestCase("7.5000", "7.5000")]
    public void Quantity_value_keeps_decimal_scale(string written, string expected)
    {
        var value = decimal.Parse(written, System.Globalization.CultureInfo.InvariantCulture);
        var observation = new Observation
        {
            Status = ObservationStatus.Preliminary,
            Code = new CodeableConcept { Text = "size" },
            Value = DraftBundleBuilder.Millimetres(value),
        };

        using var json = JsonDocument.Parse(FhirJson.Serialize(observation));
        var raw = json.RootElement.GetProperty("valueQuantity").GetProperty("value").GetRawText();

        Assert.That(raw, Is.EqualTo(expected));
    }

    [Test]
    public void Bundle_json_has_measurement_text_as_written()
    {
        var json = Encoding.UTF8.GetString(FhirJson.SerializeToUtf8Bytes(Build()));

        Assert.That(json, Does.Contain("\"value\":12.00,"));
        Assert.That(json, Does.Contain("\"value\":13.0,"));
        Assert.That(json, Does.Contain("\"value\":8.0,"));
    }

    [Test]
    public async System.Threading.Tasks.Task Writer_renders_fhir_json_bundle()
    {
        var writer = new FhirDraftWriter(new FhirOptions(), NullLogger<FhirDraftWriter>.Instance);

        var rendered = await writer.WriteAsync(SampleDrafts.Draft(), SampleDrafts.Context());
        var bundle = FhirJson.Parse<Bundle>(rendered.Content.Span);

        Assert.That(writer.Format, Is.EqualTo("fhir"));
        Assert.That(rendered.Format, Is.EqualTo("fhir"));
        Assert.That(rendered.MediaType, Is.EqualTo("application/fhir+json"));
        Assert.That(rendered.FileExtension, Is.EqualTo(".json"));
        Assert.That(bundle.Entry, Has.Count.EqualTo(Build().Entry.Count));
    }
}
