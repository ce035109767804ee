using System.Text.Json;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using RadAssist.Fhir.Writing;

namespace RadAssist.Fhir.Tests.Writing;

/// <summary>
/// Trailing zeros of FHIR decimals are significant: 12.0, 0.700 and 6 must survive a parse and serialize round
/// trip lexically, in JSON and in XML, as the decimal-precision regression case expects.
/// </summary>
public sealed class DecimalPrecisionTests
{
    private static Observation ParseCase() =>
        FhirJson.Parse<Observation>(TestData.Text("cases/observation-decimals.json"));

    [Test]
    public void Json_round_trip_keeps_decimal_text()
    {
        using var json = JsonDocument.Parse(FhirJson.Serialize(ParseCase()));
        var root = json.RootElement;
        var components = root.GetProperty("component");

        Assert.That(root.GetProperty("valueQuantity").GetProperty("value").GetRawText(), Is.EqualTo("12.0"));
        Assert.That(components[0].GetProperty("valueQuantity").GetProperty("value").GetRawText(), Is.EqualTo("0.700"));
        Assert.That(components[1].GetProperty("valueQuantity").GetProperty("value").GetRawText(), Is.EqualTo("6"));
    }

    [Test]
    public void Xml_round_trip_keeps_decimal_text()
    {
        var xml = new BaseFhirXmlSerializer(ModelInfo.ModelInspector).SerializeToString(ParseCase());
        var parsed = new BaseFhirXmlDeserializer(ModelInfo.ModelInspector).Deserialize<Observation>(xml);
        xml = new BaseFhirXmlSerializer(ModelInfo.ModelInspector).SerializeToString(parsed);

        XNamespace fhir = "http://hl7.org/fhir";
        var values = XDocument.Parse(xml).Descendants(fhir + "value")
            .Where(element => element.Parent?.Name.LocalName == "valueQuantity")
            .Select(element => element.Attribute("value")?.Value)
            .ToList();

        Assert.That(values, Is.EqualTo(new[] { "12.0", "0.700", "6" }));
    }

    [Test]
    public void Parsed_values_keep_decimal_scale()
    {
        var observation = ParseCase();

        Assert.That(((Quantity)observation.Value).Value!.Value.Scale, Is.EqualTo(1));
        Assert.That(((Quantity)observation.Component[0].Value).Value!.Value.Scale, Is.EqualTo(3));
        Assert.That(((Quantity)observation.Component[1].Value).Value!.Value.Scale, Is.EqualTo(0));
    }
}
