using System.Text;
using System.Text.Json;

namespace RadAssist.Llm.Generation;

/// <summary>
/// Finds the section objects of the <c>sections</c> array that are complete in a partial JSON answer, so streaming
/// can show each section as soon as the model has written it.
/// </summary>
internal static class SectionScanner
{
    /// <summary>Returns the JSON text of every complete section object, in order.</summary>
    public static List<string> CompletedSections(string partialAnswer)
    {
        var sections = new List<string>();
        var start = partialAnswer.IndexOf('{', StringComparison.Ordinal);
        if (start < 0)
        {
            return sections;
        }

        var bytes = Encoding.UTF8.GetBytes(partialAnswer[start..]);
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        var inSections = false;
        long sectionStart = -1;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName when reader.CurrentDepth == 1:
                        inSections = reader.ValueTextEquals("sections"u8);
                        break;
                    case JsonTokenType.StartObject when inSections && reader.CurrentDepth == 2:
                        sectionStart = reader.TokenStartIndex;
                        break;
                    case JsonTokenType.EndObject when inSections && reader.CurrentDepth == 2 && sectionStart >= 0:
                        var length = (int)(reader.BytesConsumed - sectionStart);
                        sections.Add(Encoding.UTF8.GetString(bytes, (int)sectionStart, length));
                        sectionStart = -1;
                        break;
                    case JsonTokenType.EndArray when inSections && reader.CurrentDepth == 1:
                        inSections = false;
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // Invalid JSON ends the scan; the complete answer is validated and repaired or replaced later.
        }

        return sections;
    }
}
