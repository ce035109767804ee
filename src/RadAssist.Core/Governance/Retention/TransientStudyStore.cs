using System.Text.RegularExpressions;

namespace RadAssist.Governance;

/// <summary>Options of <see cref="TransientStudyStore"/>.</summary>
public sealed class TransientStudyOptions
{
    /// <summary>Folder under which each run gets its own folder for pixel data, metadata and prompts.</summary>
    /// <value>Default <c>radassist-transient</c> in the system temporary folder.</value>
    public string RootDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "radassist-transient");

    /// <summary>Age after which a run folder left behind, by a crash for instance, is deleted by <see cref="TransientStudyStore.SweepAsync"/>.</summary>
    /// <value>Default 1 hour.</value>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Holds transient study data of a run (pixel data, metadata, prompts) in a folder of its own, and deletes it
/// when the run has delivered its draft, so that only the audit and the outputs remain.
/// </summary>
/// <remarks>
/// Components that download or write study data for a run put it under <see cref="GetDirectory"/>. The pipeline
/// calls <see cref="DeleteAsync"/> at the end of every run, whether the draft was delivered or the run failed.
/// </remarks>
public sealed partial class TransientStudyStore
{
    private readonly TransientStudyOptions _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a store.</summary>
    /// <param name="options">Root folder and maximum age; the defaults when omitted.</param>
    /// <param name="timeProvider">Clock for the sweep; the system clock when omitted.</param>
    public TransientStudyStore(TransientStudyOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new TransientStudyOptions();
        if (string.IsNullOrWhiteSpace(_options.RootDirectory))
        {
            throw new ArgumentException("Transient study option 'RootDirectory' is missing.", nameof(options));
        }

        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Full path of the root folder.</summary>
    public string RootDirectory => Path.GetFullPath(_options.RootDirectory);

    /// <summary>Returns the folder of a run, creating it when missing.</summary>
    /// <param name="correlationId">Correlation id of the run: letters, digits, '-', '_' and '.' only.</param>
    /// <exception cref="ArgumentException">The id is empty or has other characters, which could escape the root folder.</exception>
    public string GetDirectory(string correlationId)
    {
        var directory = PathOf(correlationId);
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>Deletes the folder of a run and everything in it.</summary>
    /// <param name="correlationId">Correlation id of the run.</param>
    /// <param name="cancellationToken">Cancels the deletion.</param>
    /// <returns>The number of files deleted; 0 when the run stored nothing.</returns>
    public Task<int> DeleteAsync(string correlationId, CancellationToken cancellationToken = default)
    {
        var directory = PathOf(correlationId);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(DeleteDirectory(directory));
    }

    /// <summary>Deletes run folders older than <see cref="TransientStudyOptions.MaxAge"/>, such as those a crash left behind.</summary>
    /// <param name="cancellationToken">Cancels the sweep.</param>
    /// <returns>The number of files deleted.</returns>
    public Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var root = RootDirectory;
        if (!Directory.Exists(root))
        {
            return Task.FromResult(0);
        }

        var cutoff = _timeProvider.GetUtcNow().UtcDateTime - _options.MaxAge;
        var deleted = 0;
        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Directory.GetLastWriteTimeUtc(directory) < cutoff)
            {
                deleted += DeleteDirectory(directory);
            }
        }

        return Task.FromResult(deleted);
    }

    private string PathOf(string correlationId)
    {
        if (string.IsNullOrWhiteSpace(correlationId) || !SafeIdPattern().IsMatch(correlationId) || correlationId.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"Correlation id '{correlationId}' is invalid for a transient folder: use letters, digits, '-', '_' and '.' only.",
                nameof(correlationId));
        }

        return Path.Combine(RootDirectory, correlationId);
    }

    private static int DeleteDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return 0;
        }

        var files = Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Count();
        Directory.Delete(directory, recursive: true);
        return files;
    }

    [GeneratedRegex(@"^[A-Za-z0-9._-]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeIdPattern();
}
