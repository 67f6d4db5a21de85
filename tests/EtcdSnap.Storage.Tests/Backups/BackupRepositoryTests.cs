using System.Text;
using System.Text.Json;
using EtcdSnap.Formats;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Storage.Encryption;
using EtcdSnap.Storage.Local;
using EtcdSnap.Storage.Tests.Support;
using EtcdSnap.Testing;

namespace EtcdSnap.Storage.Tests.Backups;

public sealed class BackupRepositoryTests : IDisposable
{
    private static readonly EncryptionKey s_key = EncryptionKey.Generate("test-key");
    private readonly InMemoryBackupStore _store = new();
    private readonly ManualTime _time = new(new DateTimeOffset(2026, 11, 27, 14, 23, 0, TimeSpan.Zero));
    private readonly BackupRepository _repo;
    private readonly TempDirectory _temp = new("repo");

    public BackupRepositoryTests()
    {
        _repo = new BackupRepository(_store, _time);
    }

    private static BackupSource Source => new()
    {
        ClusterId = "cdf818194e3a8c32",
        Member = "cp-1",
        MemberId = "8e9e05c52164694d",
        Endpoint = "https://10.0.0.1:2379",
        EtcdVersion = "3.5.15",
        Revision = 4242,
        KeyCount = 1234,
        Labels = new Dictionary<string, string> { ["cluster"] = "prod" },
    };

    [Theory]
    [InlineData(false, false, "snapshot.db")]
    [InlineData(true, false, "snapshot.db.zst")]
    [InlineData(false, true, "snapshot.db.enc")]
    [InlineData(true, true, "snapshot.db.zst.enc")]
    public async Task Write_ThenOpen_RoundTripsEveryCombination(bool compress, bool encrypt, string objectName)
    {
        // Given
        var plain = GeneratedStream.Bytes(700_000, seed: 1, compressibility: 8);
        var options = new BackupWriteOptions
        {
            CompressionLevel = compress ? 1 : null,
            EncryptionKey = encrypt ? s_key : null,
            EncryptionChunkSize = 4096,
        };

        // When
        var result = await _repo.WriteAsync(new MemoryStream(plain), Source, options, CancellationToken.None);

        // Then: layout, manifest and content.
        var m = result.Manifest;
        Assert.Equal([$"{m.Id}/backup.json", $"{m.Id}/{objectName}"], _store.Keys.Order(StringComparer.Ordinal));
        Assert.Matches("^20261127T142300Z-[0-9a-f]{6}$", m.Id);
        Assert.Equal(objectName, m.SnapshotObject);
        Assert.Equal(plain.Length, m.DbSize);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(plain)), m.Sha256);
        Assert.Equal(_store.Get($"{m.Id}/{objectName}").Length, m.StoredSize);
        Assert.Equal(compress ? "zstd" : "none", m.Compression);
        Assert.Equal(encrypt ? "aes-256-gcm" : "none", m.Encryption);
        Assert.Equal(encrypt ? "test-key" : null, m.EncryptionKeyId);
        Assert.Equal(4242, m.Revision);
        Assert.Equal("prod", m.Labels["cluster"]);
        Assert.Equal(compress, result.CompressionRatio > 3);
        Assert.Equal(plain, await ReadSnapshotAsync(m, encrypt ? s_key : null));
    }

    [Fact]
    public async Task Manifest_IsCamelCaseJsonWithUtcTimes()
    {
        var m = (await WriteAsync(1000)).Manifest;

        var json = Encoding.UTF8.GetString(_store.Get($"{m.Id}/backup.json"));
        using var doc = JsonDocument.Parse(json);

        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(
            ["formatVersion", "id", "createdAt", "clusterId", "member", "memberId", "endpoint", "etcdVersion", "revision", "dbSize",
             "keyCount", "sha256", "snapshotObject", "storedSize", "compression", "compressionLevel", "encryption", "encryptionKeyId", "toolVersion", "labels"],
            names);
        Assert.Equal("2026-11-27T14:23:00Z", doc.RootElement.GetProperty("createdAt").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("formatVersion").GetInt32());
    }

    [Fact]
    public async Task Write_ManifestUploadFails_NoBackupAndNoLeftovers()
    {
        _store.PutFault = key => key.EndsWith("/backup.json", StringComparison.Ordinal)
            ? new StorageUnavailableException("mem: throttled") : null;

        await Assert.ThrowsAsync<StorageUnavailableException>(() => WriteAsync(5000));

        Assert.Empty(_store.Keys);
        Assert.Empty((await _repo.ListAsync(CancellationToken.None)).Backups);
    }

    [Fact]
    public async Task Write_SourceBreaks_NothingStored()
    {
        var source = new TripwireStream(new GeneratedStream(1_000_000), 300_000, () => throw new IOException("stream cut"));

        var e = await Assert.ThrowsAsync<IOException>(
            () => _repo.WriteAsync(source, Source, new BackupWriteOptions(), CancellationToken.None));

        Assert.Equal("stream cut", e.Message);
        Assert.Empty(_store.Keys);
    }

    [Fact]
    public async Task List_IncompleteBackup_IgnoredButReported()
    {
        var complete = (await WriteAsync(100)).Manifest;
        _time.Now = _time.Now.AddHours(1);
        await _store.PutAsync("20261127T152300Z-aaaaaa/snapshot.db.zst", new MemoryStream(new byte[77]), CancellationToken.None);

        var listing = await _repo.ListAsync(CancellationToken.None);

        Assert.Equal([complete.Id], listing.Backups.Select(b => b.Id));
        var incomplete = Assert.Single(listing.Incomplete);
        Assert.Equal(("20261127T152300Z-aaaaaa", 1, 77L), (incomplete.Id, incomplete.Objects, incomplete.Size));
        Assert.Equal(complete.Id, (await _repo.GetAsync("latest", CancellationToken.None)).Id);
        await Assert.ThrowsAsync<BackupNotFoundException>(() => _repo.GetAsync("20261127T152300Z-aaaaaa", CancellationToken.None));
    }

    [Fact]
    public async Task List_NewestFirst_AndLatestIsNewest()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await WriteAsync(100 + i)).Manifest.Id);
            _time.Now = _time.Now.AddMinutes(10);
        }

        var listing = await _repo.ListAsync(CancellationToken.None);

        Assert.Equal(ids.AsEnumerable().Reverse(), listing.Backups.Select(b => b.Id));
        Assert.Equal(ids[2], (await _repo.GetAsync("latest", CancellationToken.None)).Id);
        Assert.Equal(ids[0], (await _repo.GetAsync(ids[0], CancellationToken.None)).Id);
    }

    [Fact]
    public async Task Get_EmptyRepository_LatestNotFound()
    {
        var e = await Assert.ThrowsAsync<BackupNotFoundException>(() => _repo.GetAsync("latest", CancellationToken.None));

        Assert.Equal("mem://test/: no complete backup found", e.Message);
    }

    [Fact]
    public async Task List_BrokenManifests_ReportedAsProblems()
    {
        var good = (await WriteAsync(100)).Manifest;
        var json = Encoding.UTF8.GetString(_store.Get($"{good.Id}/backup.json"));
        await PutAsync("20261101T000000Z-000001/backup.json", "{ not json");
        await PutAsync("20261101T000000Z-000002/backup.json", json.Replace("\"formatVersion\": 1", "\"formatVersion\": 2", StringComparison.Ordinal));
        await PutAsync("20261101T000000Z-000003/backup.json", json); // id of another folder
        await PutAsync("20261101T000000Z-000004/backup.json", json.Replace(good.Id, "20261101T000000Z-000004", StringComparison.Ordinal));

        var listing = await _repo.ListAsync(CancellationToken.None);

        Assert.Equal([good.Id], listing.Backups.Select(b => b.Id));
        Assert.Collection(listing.Problems,
            p => Assert.Equal("snapshot object \"snapshot.db.zst.enc\" is missing", p.Reason),
            p => Assert.Equal($"manifest id \"{good.Id}\" does not match its folder \"20261101T000000Z-000003\"", p.Reason),
            p => Assert.Equal("manifest format version 2; this etcdsnap reads version 1", p.Reason),
            p => Assert.Equal("not a valid backup manifest (line 1, column 3): 'n' is an invalid start of a property name. Expected a '\"'",
                p.Reason));
    }

    [Fact]
    public async Task Delete_RemovesManifestFirst_SoAHalfDeleteIsIncomplete()
    {
        var m = (await WriteAsync(100)).Manifest;
        var failing = new FailingDeleteStore(_store, failOnDelete: 2);
        var repo = new BackupRepository(failing, _time, ownsStore: false);

        await Assert.ThrowsAsync<StorageUnavailableException>(() => repo.DeleteAsync(m.Id, CancellationToken.None));

        var listing = await _repo.ListAsync(CancellationToken.None);
        Assert.Empty(listing.Backups);
        Assert.Equal(m.Id, Assert.Single(listing.Incomplete).Id);
        await _repo.DeleteAsync(m.Id, CancellationToken.None);
        Assert.Empty(_store.Keys);
        await Assert.ThrowsAsync<BackupNotFoundException>(() => _repo.DeleteAsync(m.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Open_EncryptedWithoutKey_AsksForTheKey()
    {
        var m = (await WriteAsync(100, encrypt: true)).Manifest;

        var e = await Assert.ThrowsAsync<EncryptionKeyRequiredException>(() => _repo.OpenSnapshotAsync(m, null, CancellationToken.None));

        Assert.Equal("backup \"" + m.Id + "\" is encrypted (key id \"test-key\"); no encryption key was given", e.Message);
    }

    [Fact]
    public async Task Open_WrongKey_RefusedClearly()
    {
        var m = (await WriteAsync(100, encrypt: true)).Manifest;

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => ReadSnapshotAsync(m, EncryptionKey.Generate("other")));

        Assert.Contains("wrong encryption key: encrypted with key id \"test-key\", the key given has id \"other\"", e.Message, StringComparison.Ordinal);
        Assert.Contains($"{m.Id}/snapshot.db.zst.enc", e.Path, StringComparison.Ordinal);
    }

    public static TheoryData<string, bool, bool> Tampering => new()
    {
        { "flip", true, true }, { "flip", true, false }, { "flip", false, true }, { "flip", false, false },
        { "truncate", true, true }, { "truncate", false, false }, { "truncate", true, false },
        { "swap", true, true }, { "swap", false, true },
        { "append", true, true }, { "append", false, false },
    };

    [Theory]
    [MemberData(nameof(Tampering))]
    public async Task Open_TamperedSnapshot_RefusedWithCorruptData(string how, bool compress, bool encrypt)
    {
        // Given: a stored snapshot changed behind the manifest's back.
        var m = (await WriteAsync(300_000, encrypt, compress)).Manifest;
        var key = $"{m.Id}/{m.SnapshotObject}";
        _store.Tamper(key, bytes => how switch
        {
            "flip" => Flip(bytes, bytes.Length / 2),
            "truncate" => bytes[..^(encrypt ? 4096 + 16 : 1000)],
            "swap" => Swap(bytes, start: 88 + s_key.Id.Length, size: 4096 + 16),
            _ => [.. bytes, .. bytes[^100..]],
        });

        // When / Then: reading it through is refused; no clean end is ever reached.
        var e = await Assert.ThrowsAsync<CorruptDataException>(() => ReadSnapshotAsync(m, encrypt ? s_key : null));
        Assert.Contains(key, e.Path, StringComparison.Ordinal);
        if (how is "truncate" or "append")
        {
            Assert.Contains(m.Id, Assert.Single((await _repo.ListAsync(CancellationToken.None)).Problems).Id, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Download_WritesVerifiedFile0600_AndNothingOnCorruption()
    {
        var good = (await WriteAsync(50_000, encrypt: false)).Manifest;
        _time.Now = _time.Now.AddMinutes(1);
        var bad = (await WriteAsync(50_000, encrypt: false, compress: false)).Manifest;
        _store.Tamper($"{bad.Id}/{bad.SnapshotObject}", b => Flip(b, 100));

        await _repo.DownloadSnapshotAsync(good, null, _temp.Combine("good.db"), CancellationToken.None);
        await Assert.ThrowsAsync<CorruptDataException>(
            () => _repo.DownloadSnapshotAsync(bad, null, _temp.Combine("bad.db"), CancellationToken.None));

        Assert.Equal(GeneratedStream.Bytes(50_000, seed: 50_000), await File.ReadAllBytesAsync(_temp.Combine("good.db")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_temp.Combine("good.db")));
        Assert.Equal(["good.db"], Directory.GetFiles(_temp.Path).Select(Path.GetFileName));
        await Assert.ThrowsAsync<IOException>(() => _repo.DownloadSnapshotAsync(good, null, _temp.Combine("good.db"), CancellationToken.None));
    }

    [Fact]
    public async Task Prune_DryRunPlanIsExactlyWhatARealRunDeletes()
    {
        // Given: a backup every 6 hours for 10 days, and one incomplete backup.
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add((await WriteAsync(10 + i, compress: false)).Manifest.Id);
            _time.Now = _time.Now.AddHours(6);
        }

        await _store.PutAsync("20200101T000000Z-abcdef/snapshot.db", new MemoryStream([1]), CancellationToken.None);
        var policy = new RetentionPolicy { KeepLast = 2, KeepDaily = 3, KeepWeekly = 2 };

        // When
        var dry = await _repo.PruneAsync(policy, dryRun: true, CancellationToken.None);
        var afterDry = await _repo.ListAsync(CancellationToken.None);
        var real = await _repo.PruneAsync(policy, dryRun: false, CancellationToken.None);
        var after = await _repo.ListAsync(CancellationToken.None);

        // Then
        Assert.Equal(40, afterDry.Backups.Count);
        Assert.Empty(dry.Deleted);
        Assert.Equal(dry.Plan.Remove.Select(r => r.Id), real.Deleted);
        Assert.Equal(dry.Plan.Keep.Select(k => k.Id), after.Backups.Select(b => b.Id));
        Assert.Contains(ids[^1], after.Backups.Select(b => b.Id));
        Assert.Equal("20200101T000000Z-abcdef", Assert.Single(after.Incomplete).Id);
        Assert.Equal(["20200101T000000Z-abcdef"], real.IgnoredIncomplete.Select(i => i.Id));
    }

    [Fact]
    public async Task LocalDirectory_BackupLayoutOnDisk()
    {
        var dir = _temp.Combine("backups");
        await using var repo = new BackupRepository(new LocalDirectoryStore(dir), _time);

        var m = (await repo.WriteAsync(new MemoryStream(new byte[10_000]), Source, new BackupWriteOptions(), CancellationToken.None)).Manifest;

        Assert.True(File.Exists(Path.Combine(dir, m.Id, "snapshot.db.zst")));
        Assert.True(File.Exists(Path.Combine(dir, m.Id, "backup.json")));
        Assert.Equal(m.Id, (await repo.GetAsync("latest", CancellationToken.None)).Id);
        Assert.Equal(new byte[10_000], await ReadSnapshotAsync(m, null, repo));
    }

    private async Task<BackupWriteResult> WriteAsync(int size, bool encrypt = true, bool compress = true) =>
        await _repo.WriteAsync(new MemoryStream(GeneratedStream.Bytes(size, seed: size)), Source,
            new BackupWriteOptions { EncryptionKey = encrypt ? s_key : null, CompressionLevel = compress ? 3 : null, EncryptionChunkSize = 4096 },
            CancellationToken.None);

    private async Task<byte[]> ReadSnapshotAsync(BackupManifest m, EncryptionKey? key, BackupRepository? repo = null)
    {
        await using var stream = await (repo ?? _repo).OpenSnapshotAsync(m, key, CancellationToken.None);
        using var output = new MemoryStream();
        await stream.CopyToAsync(output);
        return output.ToArray();
    }

    private Task PutAsync(string key, string text) =>
        _store.PutAsync(key, new MemoryStream(Encoding.UTF8.GetBytes(text)), CancellationToken.None);

    private static byte[] Flip(byte[] bytes, int at)
    {
        var copy = (byte[])bytes.Clone();
        copy[at] ^= 0x01;
        return copy;
    }

    private static byte[] Swap(byte[] bytes, int start, int size)
    {
        var copy = (byte[])bytes.Clone();
        bytes.AsSpan(start + size, size).CopyTo(copy.AsSpan(start));
        bytes.AsSpan(start, size).CopyTo(copy.AsSpan(start + size));
        return copy;
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>Fails the Nth delete, as a store that drops the connection halfway through a delete would.</summary>
    private sealed class FailingDeleteStore(IBackupStore inner, int failOnDelete) : IBackupStore
    {
        private int _deletes;

        public string Location => inner.Location;

        public Task PutAsync(string key, Stream content, CancellationToken cancellationToken) => inner.PutAsync(key, content, cancellationToken);

        public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

        public IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken) => inner.ListAsync(prefix, cancellationToken);

        public Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken) => inner.StatAsync(key, cancellationToken);

        public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken) =>
            ++_deletes == failOnDelete ? throw new StorageUnavailableException("connection reset") : inner.DeleteAsync(key, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
