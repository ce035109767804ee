using Microsoft.Extensions.DependencyInjection;
using RadAssist.Fhir.FhirCast;
using RadAssist.Fhir.Tests.Infrastructure;

namespace RadAssist.Fhir.Tests;

public sealed class FhirServiceCollectionExtensionsTests
{
    [Test]
    public async System.Threading.Tasks.Task Writer_only_without_base_url()
    {
        using var provider = new ServiceCollection().AddRadAssistFhir().BuildServiceProvider();

        var writer = provider.GetServices<IDraftWriter>().Single();
        var rendered = await writer.WriteAsync(SampleDrafts.Draft(), SampleDrafts.Context());

        Assert.That(writer.Format, Is.EqualTo("fhir"));
        Assert.That(rendered.MediaType, Is.EqualTo("application/fhir+json"));
        Assert.That(provider.GetServices<IDraftDelivery>(), Is.Empty);
        Assert.That(provider.GetServices<IContextSource>(), Is.Empty);
    }

    [Test]
    public void Base_url_adds_delivery_and_sources()
    {
        using var provider = new ServiceCollection()
            .AddRadAssistFhir(options => options.BaseUrl = new Uri("http://127.0.0.1:9/fhir"))
            .BuildServiceProvider();

        Assert.That(provider.GetServices<IDraftDelivery>().Single().Format, Is.EqualTo("fhir"));
        Assert.That(provider.GetServices<IContextSource>().Select(s => s.Name), Is.EqualTo(new[] { "fhir-priors", "fhir-history" }));
    }

    [Test]
    public void Disabled_parts_are_not_registered()
    {
        using var provider = new ServiceCollection()
            .AddRadAssistFhir(options =>
            {
                options.BaseUrl = new Uri("http://127.0.0.1:9/fhir");
                options.EnableDelivery = false;
                options.EnableHistory = false;
            })
            .BuildServiceProvider();

        Assert.That(provider.GetServices<IDraftDelivery>(), Is.Empty);
        Assert.That(provider.GetServices<IContextSource>().Select(s => s.Name), Is.EqualTo(new[] { "fhir-priors" }));
    }

    [TestCase("PageSize")]
    [TestCase("Timeout")]
    [TestCase("BaseUrl")]
    public void Invalid_option_is_rejected_with_its_name(string option)
    {
        var exception = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddRadAssistFhir(options =>
        {
            switch (option)
            {
                case "PageSize":
                    options.PageSize = 0;
                    break;
                case "Timeout":
                    options.Timeout = TimeSpan.Zero;
                    break;
                default:
                    options.BaseUrl = new Uri("fhir", UriKind.Relative);
                    break;
            }
        }));

        Assert.That(exception!.Message, Does.Contain("FhirOptions." + option));
    }

    [Test]
    public void FhirCast_registers_one_subscriber_as_event_source()
    {
        using var provider = new ServiceCollection()
            .AddRadAssistFhirCast(options =>
            {
                options.HubUrl = new Uri("http://127.0.0.1:9/hub");
                options.Topic = "topic-1";
            })
            .BuildServiceProvider();

        var source = provider.GetServices<IStudyEventSource>().Single();

        Assert.That(source.Name, Is.EqualTo("fhircast"));
        Assert.That(source, Is.SameAs(provider.GetRequiredService<FhirCastSubscriber>()));
    }
}
