namespace RadAssist.Cli;

/// <summary>Delivers a rendered draft to a file, so the write is a pipeline step with its own audit event.</summary>
/// <param name="format">Format of the rendering to write.</param>
/// <param name="path">The file, or the folder when <paramref name="isDirectory"/> is set.</param>
/// <param name="isDirectory">Whether <paramref name="path"/> is a folder that receives one file per draft.</param>
internal sealed class FileDraftDelivery(string format, string path, bool isDirectory) : IDraftDelivery
{
    public string Name => "file";

    public string Format => format;

    public async ValueTask<DeliveryResult> DeliverAsync(
        RenderedDraft rendered,
        DraftReport draft,
        CancellationToken cancellationToken = default)
    {
        var target = isDirectory ? Path.Combine(path, draft.CorrelationId + rendered.FileExtension) : path;
        var temporary = $"{target}.{Environment.ProcessId}.tmp";
        try
        {
            // Written beside the target and renamed, so a reader never sees half a draft.
            await File.WriteAllBytesAsync(temporary, rendered.Content.ToArray(), cancellationToken);
            File.Move(temporary, target, overwrite: true);
            return new DeliveryResult(Name, target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new DeliveryException($"Writing the draft to '{target}' failed: {ex.Message}", ex);
        }
    }

    /// <summary>Checks an output file path before any work is done, or returns why it cannot be written.</summary>
    public static string? ValidateFile(string option, FileInfo file)
    {
        if (Directory.Exists(file.FullName))
        {
            return $"Option '{option}' value '{file.FullName}' is a folder; give a file path.";
        }

        return file.Directory is { Exists: true }
            ? null
            : $"Option '{option}' value '{file.FullName}': the folder '{file.DirectoryName}' does not exist.";
    }
}
