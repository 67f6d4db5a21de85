using EtcdSnap.Storage.Local;
using EtcdSnap.Testing;

namespace EtcdSnap.Storage.Tests.Stores;

public sealed class LocalDirectoryStoreTests : BackupStoreContractTests, IDisposable
{
    private readonly TempDirectory _temp = new("localstore");

    protected override Task<IBackupStore> CreateStoreAsync(string prefix) =>
        Task.FromResult<IBackupStore>(new LocalDirectoryStore(Path.Combine(_temp.Path, "root", prefix)));

    protected override Task AssertNoLeftoversAsync(IBackupStore store)
    {
        // The temporaries are dot-files that listings hide; make sure they are really gone.
        var leftovers = Directory.Exists(_temp.Combine("root"))
            ? Directory.GetFiles(_temp.Combine("root"), "*", SearchOption.AllDirectories)
            : [];
        Assert.Empty(leftovers);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Put_CreatesFiles0600AndDirectories0700()
    {
        var root = _temp.Combine("modes", "repo");
        await using var store = new LocalDirectoryStore(root);

        await store.PutAsync("20261127T142300Z-abcdef/backup.json", new MemoryStream([1]), CancellationToken.None);

        var file = Path.Combine(root, "20261127T142300Z-abcdef", "backup.json");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var rwx = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(rwx, File.GetUnixFileMode(Path.GetDirectoryName(file)!));
        Assert.Equal(rwx, File.GetUnixFileMode(root));
    }

    [Fact]
    public async Task List_HidesTemporariesOfUploadsInProgress()
    {
        var root = _temp.Combine("tmp", "repo");
        await using var store = new LocalDirectoryStore(root);
        await store.PutAsync("id/backup.json", new MemoryStream([1]), CancellationToken.None);
        await File.WriteAllBytesAsync(Path.Combine(root, "id", ".snapshot.db.0123abcd.part"), [1, 2]);

        var keys = await ToListAsync(store.ListAsync("", CancellationToken.None));

        Assert.Equal(["id/backup.json"], keys.Select(k => k.Key));
    }

    [Fact]
    public async Task Delete_LastObject_RemovesItsDirectoryButNotTheRoot()
    {
        var root = _temp.Combine("del", "repo");
        await using var store = new LocalDirectoryStore(root);
        await store.PutAsync("id/sub/snapshot.db", new MemoryStream([1]), CancellationToken.None);

        await store.DeleteAsync("id/sub/snapshot.db", CancellationToken.None);

        Assert.False(Directory.Exists(Path.Combine(root, "id")));
        Assert.True(Directory.Exists(root));
    }

    [Fact]
    public async Task Put_UnwritableRoot_ThrowsStorageUnavailableWithHint()
    {
        if (Environment.UserName == "root")
        {
            // root ignores directory permissions; a file in the way of a directory fails for everyone.
            await File.WriteAllTextAsync(_temp.Combine("blocker"), "x");
            await using var blocked = new LocalDirectoryStore(_temp.Combine("blocker", "repo"));
            var e = await Assert.ThrowsAsync<StorageUnavailableException>(
                () => blocked.PutAsync("a/b", new MemoryStream([1]), CancellationToken.None));
            Assert.False(e.IsTransient);
            Assert.Contains("blocker", e.Message, StringComparison.Ordinal);
            return;
        }

        var locked = _temp.Combine("locked");
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        await using var store = new LocalDirectoryStore(Path.Combine(locked, "repo"));
        var ex = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => store.PutAsync("a/b", new MemoryStream([1]), CancellationToken.None));
        Assert.NotNull(ex.Hint);
    }

    public void Dispose() => _temp.Dispose();
}
