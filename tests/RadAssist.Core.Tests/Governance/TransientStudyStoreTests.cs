using Microsoft.Extensions.Time.Testing;
using RadAssist.Governance;

namespace RadAssist.Core.Tests.Governance;

public sealed class TransientStudyStoreTests
{
    private string _root = string.Empty;

    [SetUp]
    public void CreateRoot() => _root = Directory.CreateTempSubdirectory("radassist-transient-").FullName;

    [TearDown]
    public void DeleteRoot() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task Delete_removes_every_file_of_the_run()
    {
        var store = new TransientStudyStore(new TransientStudyOptions { RootDirectory = _root });
        var directory = store.GetDirectory("run-1");
        Directory.CreateDirectory(Path.Combine(directory, "series-1"));
        await File.WriteAllBytesAsync(Path.Combine(directory, "series-1", "image.dcm"), new byte[128]);
        await File.WriteAllTextAsync(Path.Combine(directory, "prompt.txt"), "prompt");
        var other = store.GetDirectory("run-2");

        var deleted = await store.DeleteAsync("run-1");

        Assert.That(deleted, Is.EqualTo(2));
        Assert.That(Directory.Exists(directory), Is.False);
        Assert.That(Directory.Exists(other), Is.True);
        Assert.That(await store.DeleteAsync("run-1"), Is.Zero);
    }

    [TestCase("../escape")]
    [TestCase("a/b")]
    [TestCase("..")]
    [TestCase("")]
    public void Unsafe_correlation_id_is_rejected(string correlationId)
    {
        var store = new TransientStudyStore(new TransientStudyOptions { RootDirectory = _root });

        var error = Assert.Throws<ArgumentException>(() => store.GetDirectory(correlationId));

        Assert.That(error!.Message, Does.Contain("invalid"));
    }

    [Test]
    public async Task Sweep_deletes_only_old_run_folders()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new TransientStudyStore(new TransientStudyOptions { RootDirectory = _root, MaxAge = TimeSpan.FromHours(1) }, clock);
        var old = store.GetDirectory("run-old");
        await File.WriteAllTextAsync(Path.Combine(old, "metadata.json"), "{}");
        Directory.SetLastWriteTimeUtc(old, clock.GetUtcNow().UtcDateTime.AddHours(-2));
        var fresh = store.GetDirectory("run-fresh");
        await File.WriteAllTextAsync(Path.Combine(fresh, "metadata.json"), "{}");

        var deleted = await store.SweepAsync();

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That(Directory.Exists(old), Is.False);
        Assert.That(Directory.Exists(fresh), Is.True);
    }
}
