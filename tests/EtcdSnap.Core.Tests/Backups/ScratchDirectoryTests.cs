using EtcdSnap.Core.Backups;
using EtcdSnap.Storage;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Backups;

public sealed class ScratchDirectoryTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly TempDirectory _dir = new("etcdsnap-scratch");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Create_LocalRepository_HiddenInsideItAndPrivate()
    {
        var repo = _dir.Combine("not", "yet", "repo");

        string path;
        using (var scratch = ScratchDirectory.Create(parent: null, BackupStoreUrl.Parse(repo)))
        {
            path = scratch.Path;
            Assert.Equal(repo, Path.GetDirectoryName(path));
            Assert.StartsWith(".", Path.GetFileName(path), StringComparison.Ordinal);
            Assert.Equal(Private, File.GetUnixFileMode(path));
            Assert.Equal(Private, File.GetUnixFileMode(repo));
            Assert.Equal(Private, File.GetUnixFileMode(_dir.Combine("not")));
            File.WriteAllBytes(scratch.Combine("snapshot.db"), [1]);
        }

        Assert.False(Directory.Exists(path));
        Assert.True(Directory.Exists(repo));
    }

    [Fact]
    public void Create_ExplicitParent_WinsOverTheRepository()
    {
        using var scratch = ScratchDirectory.Create(_dir.Path, BackupStoreUrl.Parse("s3://bucket/prefix"));

        Assert.Equal(_dir.Path, Path.GetDirectoryName(scratch.Path));
    }

    [Fact]
    public void Create_ObjectStore_UnderTheSystemTempDirectory()
    {
        using var scratch = ScratchDirectory.Create(parent: null, BackupStoreUrl.Parse("azblob://container/x"));

        Assert.Equal(Path.GetFullPath(Path.GetTempPath()).TrimEnd('/'), Path.GetDirectoryName(scratch.Path));
    }

    [Fact]
    public void Create_LeftoversOfAKilledRun_RemovedOnceADayOldAndOnlyOurs()
    {
        var parent = _dir.Path;
        var abandoned = Directory.CreateDirectory(Path.Combine(parent, ".etcdsnap-tmp-0123abcd")).FullName;
        File.WriteAllBytes(Path.Combine(abandoned, "snapshot.db"), [1]);
        var recent = Directory.CreateDirectory(Path.Combine(parent, ".etcdsnap-tmp-89abcdef")).FullName;
        var notOurs = Directory.CreateDirectory(Path.Combine(parent, ".etcdsnap-tmp-keep-me")).FullName;
        var old = DateTime.UtcNow.AddDays(-2);
        foreach (var entry in new[] { Path.Combine(abandoned, "snapshot.db"), abandoned, notOurs })
        {
            File.SetLastWriteTimeUtc(entry, old);
        }

        using var scratch = ScratchDirectory.Create(parent, repository: null);

        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(recent));
        Assert.True(Directory.Exists(notOurs));
        Assert.True(Directory.Exists(scratch.Path));
    }
}
