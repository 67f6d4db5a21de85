using EtcdSnap.Formats;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Storage.Encryption;
using EtcdSnap.Storage.Tests.Support;

namespace EtcdSnap.Storage.Tests.Stores;

/// <summary>Runs the store contract tests alone, so that process-wide allocation counts mean something.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StoreContractGroup
{
    public const string Name = "store contract";
}

/// <summary>The <see cref="IBackupStore"/> contract, run against every implementation (one subclass each).</summary>
[Collection(StoreContractGroup.Name)]
public abstract class BackupStoreContractTests
{
    private readonly string _run = "t" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A store whose URL prefix is <paramref name="prefix"/> under an area unique to this test.</summary>
    protected abstract Task<IBackupStore> CreateStoreAsync(string prefix);

    /// <summary>The store's upload buffer (S3 part, Azure block); objects above 2× this exercise multi-part paths.</summary>
    protected virtual int PartSize => 1 << 20;

    /// <summary>False for the in-memory fake, which holds objects whole by design.</summary>
    protected virtual bool StreamsWithBoundedMemory => true;

    /// <summary>Store-specific check that a failed or cancelled put left nothing behind (temporaries, uploads).</summary>
    protected virtual Task AssertNoLeftoversAsync(IBackupStore store) => Task.CompletedTask;

    /// <summary>A prefix unique to this test instance, so that tests sharing an emulator do not see each other.</summary>
    protected string Unique(string prefix) => prefix.Length == 0 ? _run : $"{_run}/{prefix}";

    [Fact]
    public async Task Put_SmallObject_RoundTrips()
    {
        await using var store = await CreateStoreAsync("repo");
        var data = GeneratedStream.Bytes(1000, seed: 7);

        await store.PutAsync("a/backup.json", new MemoryStream(data), CancellationToken.None);

        await using var read = await store.OpenReadAsync("a/backup.json", CancellationToken.None);
        using var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task Put_EmptyObject_RoundTrips()
    {
        await using var store = await CreateStoreAsync("repo");

        await store.PutAsync("empty", new MemoryStream(), CancellationToken.None);

        Assert.Equal(0, (await store.StatAsync("empty", CancellationToken.None))!.Size);
        await using var read = await store.OpenReadAsync("empty", CancellationToken.None);
        Assert.Equal(-1, read.ReadByte());
    }

    [Fact]
    public async Task Put_ObjectOfSeveralParts_RoundTripsWithBoundedMemory()
    {
        // Given: a non-seekable source of unknown length, a bit over 6 parts.
        await using var store = await CreateStoreAsync("repo");
        long size = (6L * PartSize) + 12345;
        var expected = GeneratedStream.Sha256Hex(size, seed: 3);
        await store.PutAsync("warmup", new MemoryStream([1, 2, 3]), CancellationToken.None);
        var before = GC.GetTotalAllocatedBytes(precise: true);

        // When
        await store.PutAsync("big/snapshot.db", new GeneratedStream(size, seed: 3), CancellationToken.None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        // Then: same bytes back, and the upload never needed the object whole in memory.
        await using (var read = await store.OpenReadAsync("big/snapshot.db", CancellationToken.None))
        {
            var (sha, length) = await StreamHashing.HashAsync(read);
            Assert.Equal(size, length);
            Assert.Equal(expected, sha);
        }

        Assert.Equal(size, (await store.StatAsync("big/snapshot.db", CancellationToken.None))!.Size);
        if (StreamsWithBoundedMemory)
        {
            Assert.True(allocated < size / 2, $"put of {size} bytes allocated {allocated} bytes; want < {size / 2}");
        }
    }

    [Fact]
    public async Task Put_ExistingKey_RefusesAndKeepsOriginal()
    {
        await using var store = await CreateStoreAsync("repo");
        await store.PutAsync("x/backup.json", new MemoryStream([1, 2, 3]), CancellationToken.None);

        await Assert.ThrowsAsync<StorageObjectExistsException>(
            () => store.PutAsync("x/backup.json", new MemoryStream([9, 9]), CancellationToken.None));

        await using var read = await store.OpenReadAsync("x/backup.json", CancellationToken.None);
        Assert.Equal(1, read.ReadByte());
    }

    [Fact]
    public async Task OpenRead_MissingKey_ThrowsNotFound()
    {
        await using var store = await CreateStoreAsync("repo");

        var e = await Assert.ThrowsAsync<StorageObjectNotFoundException>(
            () => store.OpenReadAsync("nope/backup.json", CancellationToken.None));
        Assert.Equal("nope/backup.json", e.Key);
        Assert.Contains("nope/backup.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stat_ReportsSizeAndTime_NullWhenMissing()
    {
        await using var store = await CreateStoreAsync("repo");
        var before = DateTimeOffset.UtcNow.AddMinutes(-5);
        await store.PutAsync("s/obj", new MemoryStream(new byte[4321]), CancellationToken.None);

        var stat = await store.StatAsync("s/obj", CancellationToken.None);

        Assert.NotNull(stat);
        Assert.Equal(4321, stat.Size);
        Assert.InRange(stat.LastModified, before, DateTimeOffset.UtcNow.AddMinutes(5));
        Assert.Null(await store.StatAsync("s/missing", CancellationToken.None));
        Assert.True(await store.ExistsAsync("s/obj", CancellationToken.None));
    }

    [Fact]
    public async Task List_ReturnsObjectsUnderPrefix_OrderedByKey()
    {
        await using var store = await CreateStoreAsync("repo");
        foreach (var (key, size) in new[] { ("b/2", 2), ("a/1", 1), ("b/1", 3), ("ab/1", 4), ("c", 5) })
        {
            await store.PutAsync(key, new MemoryStream(new byte[size]), CancellationToken.None);
        }

        var all = await ToListAsync(store.ListAsync("", CancellationToken.None));
        var underB = await ToListAsync(store.ListAsync("b/", CancellationToken.None));
        var startingA = await ToListAsync(store.ListAsync("a", CancellationToken.None));

        Assert.Equal(["a/1", "ab/1", "b/1", "b/2", "c"], all.Select(o => o.Key));
        Assert.Equal([1L, 4, 3, 2, 5], all.Select(o => o.Size));
        Assert.Equal(["b/1", "b/2"], underB.Select(o => o.Key));
        Assert.Equal(["a/1", "ab/1"], startingA.Select(o => o.Key));
        Assert.Empty(await ToListAsync(store.ListAsync("zzz", CancellationToken.None)));
    }

    [Fact]
    public async Task List_StoresWithDifferentPrefixes_AreIsolated()
    {
        await using var one = await CreateStoreAsync("team/etcd");
        await using var two = await CreateStoreAsync("team/etcd-other");
        await using var parent = await CreateStoreAsync("team");
        await one.PutAsync("id1/backup.json", new MemoryStream([1]), CancellationToken.None);
        await two.PutAsync("id2/backup.json", new MemoryStream([2]), CancellationToken.None);

        Assert.Equal(["id1/backup.json"], (await ToListAsync(one.ListAsync("", CancellationToken.None))).Select(o => o.Key));
        Assert.Equal(["id2/backup.json"], (await ToListAsync(two.ListAsync("", CancellationToken.None))).Select(o => o.Key));
        Assert.Null(await one.StatAsync("id2/backup.json", CancellationToken.None));
        await Assert.ThrowsAsync<StorageObjectNotFoundException>(() => two.OpenReadAsync("id1/backup.json", CancellationToken.None));
        Assert.Equal(["etcd-other/id2/backup.json", "etcd/id1/backup.json"],
            (await ToListAsync(parent.ListAsync("", CancellationToken.None))).Select(o => o.Key));
    }

    [Fact]
    public async Task Delete_RemovesObject_AndReportsWhetherItExisted()
    {
        await using var store = await CreateStoreAsync("repo");
        await store.PutAsync("d/snapshot.db", new MemoryStream([1]), CancellationToken.None);
        await store.PutAsync("d/backup.json", new MemoryStream([2]), CancellationToken.None);

        Assert.True(await store.DeleteAsync("d/backup.json", CancellationToken.None));
        Assert.False(await store.DeleteAsync("d/backup.json", CancellationToken.None));

        Assert.Equal(["d/snapshot.db"], (await ToListAsync(store.ListAsync("", CancellationToken.None))).Select(o => o.Key));
        await Assert.ThrowsAsync<StorageObjectNotFoundException>(() => store.OpenReadAsync("d/backup.json", CancellationToken.None));
        Assert.True(await store.DeleteAsync("d/snapshot.db", CancellationToken.None));
        Assert.Empty(await ToListAsync(store.ListAsync("", CancellationToken.None)));
    }

    [Fact]
    public async Task Put_SourceFailsMidway_LeavesNothingVisible()
    {
        // Given: a source that breaks after two and a half parts (a cut gRPC stream, a bad disk).
        await using var store = await CreateStoreAsync("repo");
        var source = new TripwireStream(new GeneratedStream(10L * PartSize), (5L * PartSize) / 2,
            () => throw new IOException("source broke"));

        // When
        var e = await Assert.ThrowsAsync<IOException>(() => store.PutAsync("f/snapshot.db", source, CancellationToken.None));

        // Then: the producer's error comes through unchanged, and no trace of the object is visible.
        Assert.Equal("source broke", e.Message);
        Assert.Null(await store.StatAsync("f/snapshot.db", CancellationToken.None));
        Assert.Empty(await ToListAsync(store.ListAsync("", CancellationToken.None)));
        await AssertNoLeftoversAsync(store);
    }

    [Fact]
    public async Task Put_CancelledMidway_LeavesNothingVisible()
    {
        await using var store = await CreateStoreAsync("repo");
        using var cts = new CancellationTokenSource();
        var source = new TripwireStream(new GeneratedStream(10L * PartSize), (5L * PartSize) / 2, cts.Cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.PutAsync("c/snapshot.db", source, cts.Token));

        Assert.Null(await store.StatAsync("c/snapshot.db", CancellationToken.None));
        Assert.Empty(await ToListAsync(store.ListAsync("", CancellationToken.None)));
        await AssertNoLeftoversAsync(store);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/abs")]
    [InlineData("a//b")]
    [InlineData("a/../b")]
    [InlineData(".hidden")]
    [InlineData("a/b/")]
    [InlineData("a\\b")]
    public async Task Put_InvalidKey_ThrowsArgumentException(string key)
    {
        await using var store = await CreateStoreAsync("repo");

        await Assert.ThrowsAsync<ArgumentException>(() => store.PutAsync(key, new MemoryStream([1]), CancellationToken.None));
    }

    [Fact]
    public async Task Repository_OnThisStore_WritesListsReadsAndDeletes()
    {
        // Given: two complete backups (one compressed and encrypted, one plain) and one interrupted upload.
        var time = new ManualTime(new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero));
        await using var repo = new BackupRepository(await CreateStoreAsync("repo"), time);
        var key = EncryptionKey.Generate("contract");
        var older = await repo.WriteAsync(new GeneratedStream((2L * PartSize) + 99, seed: 1, compressibility: 4), new BackupSource(),
            new BackupWriteOptions { EncryptionKey = key }, CancellationToken.None);
        time.Now = time.Now.AddHours(1);
        var newer = await repo.WriteAsync(new GeneratedStream(5000, seed: 2), new BackupSource(),
            new BackupWriteOptions { CompressionLevel = null }, CancellationToken.None);
        await repo.Store.PutAsync("20261127T120000Z-ffffff/snapshot.db", new MemoryStream([1, 2, 3]), CancellationToken.None);

        // When
        var listing = await repo.ListAsync(CancellationToken.None);

        // Then
        Assert.Equal([newer.Manifest.Id, older.Manifest.Id], listing.Backups.Select(b => b.Id));
        Assert.Equal("20261127T120000Z-ffffff", Assert.Single(listing.Incomplete).Id);
        Assert.Equal(newer.Manifest.Id, (await repo.GetAsync("latest", CancellationToken.None)).Id);
        await using (var snapshot = await repo.OpenSnapshotAsync(older.Manifest, key, CancellationToken.None))
        {
            Assert.Equal((GeneratedStream.Sha256Hex((2L * PartSize) + 99, seed: 1, compressibility: 4), (2L * PartSize) + 99),
                await StreamHashing.HashAsync(snapshot));
        }

        await Assert.ThrowsAsync<CorruptDataException>(async () =>
        {
            await using var wrong = await repo.OpenSnapshotAsync(older.Manifest, EncryptionKey.Generate(), CancellationToken.None);
            await StreamHashing.HashAsync(wrong);
        });
        await repo.DeleteAsync(newer.Manifest.Id, CancellationToken.None);
        Assert.Equal(older.Manifest.Id, (await repo.GetAsync("latest", CancellationToken.None)).Id);
    }

    protected static async Task<List<StoredObject>> ToListAsync(IAsyncEnumerable<StoredObject> items)
    {
        var list = new List<StoredObject>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}
