using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RadAssist.Dicom;

namespace RadAssist.Cli.Commands;

/// <summary><c>radassist draft --dicomweb URL --study UID [--stow]</c>: the main job against a PACS.</summary>
internal static partial class DraftCommand
{
    private static DicomWebDraftOptions AddDicomWebOptions(Command command)
    {
        var url = new Option<string?>("--dicomweb")
        {
            Description = "DICOMweb root of the PACS, such as http://127.0.0.1:8042/dicom-web/; the context comes from there instead of --payload.",
        };
        var study = new Option<string?>("--study") { Description = "Study Instance UID of the study to draft a report for; needs --dicomweb." };
        var stow = new Option<bool>("--stow") { Description = "Store the draft in the PACS as a DICOM SR through STOW-RS; needs --dicomweb." };
        command.Options.Add(url);
        command.Options.Add(study);
        command.Options.Add(stow);
        return new DicomWebDraftOptions(url, study, stow);
    }

    private sealed class DicomWebDraftOptions(Option<string?> url, Option<string?> study, Option<bool> stow)
    {
        public bool IsRequested(ParseResult parseResult) =>
            parseResult.GetValue(url) is not null || parseResult.GetValue(study) is not null || parseResult.GetValue(stow);

        public async Task<int> RunAsync(
            ParseResult parseResult,
            FileInfo? payloadFile,
            string format,
            FileInfo? output,
            string? auditTarget,
            CancellationToken cancellationToken)
        {
            var urlText = parseResult.GetValue(url);
            var studyUid = parseResult.GetValue(study)?.Trim();
            if (urlText is null)
            {
                await Console.Error.WriteLineAsync("Options '--study' and '--stow' need '--dicomweb URL', the DICOMweb root of the PACS.");
                return ExitCodes.InvalidInput;
            }

            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var baseAddress) || baseAddress.Scheme is not ("http" or "https"))
            {
                await Console.Error.WriteLineAsync($"Option '--dicomweb' value '{urlText}' is not an absolute http or https URL.");
                return ExitCodes.InvalidInput;
            }

            if (payloadFile is not null)
            {
                await Console.Error.WriteLineAsync("Options '--payload' and '--dicomweb' cannot be combined: give the study with '--study UID'.");
                return ExitCodes.InvalidInput;
            }

            if (studyUid is null || !DicomUid.IsValid(studyUid))
            {
                await Console.Error.WriteLineAsync($"Option '--study' value '{studyUid}' is missing or not a valid DICOM UID (PS3.5 9.1).");
                return ExitCodes.InvalidInput;
            }

            var storeDrafts = parseResult.GetValue(stow);
            await using var services = PipelineFactory.Build([format], auditTarget, services =>
            {
                services.AddRadAssistDicomWeb(options => options.BaseAddress = baseAddress, storeDrafts);

                // Without the study's context the draft would restate nothing, so a PACS failure ends the run.
                services.Configure<RadAssistOptions>(options => options.ContinueOnContextFailure = false);
            });
            var pipeline = services.GetRequiredService<DraftPipeline>();
            if (!pipeline.AvailableFormats.Contains(format, StringComparer.OrdinalIgnoreCase))
            {
                await Console.Error.WriteLineAsync(
                    $"Option '--format' value '{format}' is not available; choose one of: {string.Join(", ", pipeline.AvailableFormats.Order())}.");
                return ExitCodes.InvalidInput;
            }

            var studyEvent = new StudyEvent
            {
                EventId = "cli-" + Guid.NewGuid().ToString("N"),
                Source = "cli-dicomweb",
                OccurredAt = DateTimeOffset.UtcNow,
                StudyInstanceUid = studyUid,
            };
            var result = await pipeline.RunAsync(studyEvent, cancellationToken);
            if (result.Status is DraftRunStatus.Failed or DraftRunStatus.Skipped or DraftRunStatus.Rejected)
            {
                await Console.Error.WriteLineAsync($"Run {result.CorrelationId} ended with {result.Status}: {result.Error}");
                return ExitCodes.Failure;
            }

            var written = await WriteDraftAsync(result, format, output, cancellationToken);
            foreach (var delivery in result.Deliveries)
            {
                await Console.Error.WriteLineAsync($"Draft stored by {delivery.Target} at {delivery.Location}.");
            }

            if (result.Status == DraftRunStatus.DeliveryFailed)
            {
                await Console.Error.WriteLineAsync(result.Error);
                return ExitCodes.Failure;
            }

            return written;
        }

        private static async Task<int> WriteDraftAsync(DraftRunResult result, string format, FileInfo? output, CancellationToken cancellationToken)
        {
            var rendered = result.Renderings.First(r => string.Equals(r.Format, format, StringComparison.OrdinalIgnoreCase));
            if (output is not null)
            {
                await File.WriteAllBytesAsync(output.FullName, rendered.Content.ToArray(), cancellationToken);
                await Console.Error.WriteLineAsync($"Draft written to {output.FullName} (run {result.CorrelationId}).");
                return ExitCodes.Success;
            }

            if (rendered.MediaType.StartsWith("text/", StringComparison.Ordinal) || rendered.MediaType.Contains("json", StringComparison.Ordinal))
            {
                Console.WriteLine(Encoding.UTF8.GetString(rendered.Content.Span));
                return ExitCodes.Success;
            }

            await Console.Error.WriteLineAsync($"Format '{format}' is binary ({rendered.MediaType}); give --out FILE.");
            return ExitCodes.InvalidInput;
        }
    }
}
