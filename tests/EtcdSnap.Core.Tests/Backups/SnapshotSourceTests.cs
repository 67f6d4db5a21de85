using EtcdSnap.Core.Backups;
using EtcdSnap.Formats;
using EtcdSnap.Storage;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Storage.Encryption;
using EtcdSnap.Testing;
using EtcdSnap.Testing.Backups;

namespace EtcdSnap.Core.Tests.Backups;

public sealed class SnapshotSourceTests : IDisposable
{
    private readonly TempDirectory _dir = new("etcdsnap-source");
    private readonly string _scratch;

    public SnapshotSourceTests()
    {
        _scratch = _dir.Combine("scratch");
        Directory.CreateDirectory(_scratch);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Open_PlainFile_IsUsedInPlace()
    {
        var file = _dir.Combine("snap#1.db"); // a '#' in an existing file's name does not make it a reference
        await File.WriteAllBytesAsync(file, [1, 2, 3]);

        await using var source = await SnapshotSource.OpenAsync(file);

        Assert.Equal(file, source.Path);
        Assert.Null(source.Backup);
        Assert.False(SnapshotSource.IsBackupReference(file));
    }

    [Fact]
    public async Task Open_Latest_DownloadsAVerifiedPrivateCopyAndRemovesItOnDispose()
    {
        var key = EncryptionKey.Generate();
        var content = Bytes(200_000, seed: 1);
        var repo = _dir.Combine("repo");
        await WriteBackupAsync(repo, Bytes(1000, seed: 9), key, DateTimeOffset.UtcNow.AddHours(-1));
        var newest = await WriteBackupAsync(repo, content, key, DateTimeOffset.UtcNow);

        string path;
        await using (var source = await SnapshotSource.OpenAsync($"file://{repo}#latest", Options(key)))
        {
            path = source.Path;
            Assert.Equal(newest.Id, source.Backup!.Id);
            Assert.Equal($"file://{repo}#{newest.Id}", source.Name);
            Assert.Equal(content, await File.ReadAllBytesAsync(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
                File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }

        Assert.False(File.Exists(path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(_scratch));
    }

    [Fact]
    public async Task Open_EncryptedWithoutKey_KeyRequiredAndNothingLeft()
    {
        var repo = _dir.Combine("repo");
        var backup = await WriteBackupAsync(repo, Bytes(1000, seed: 2), EncryptionKey.Generate(), DateTimeOffset.UtcNow);

        var e = await Assert.ThrowsAsync<EncryptionKeyRequiredException>(() => SnapshotSource.OpenAsync($"{repo}#{backup.Id}", Options(null)));

        Assert.Equal(backup.EncryptionKeyId, e.KeyId);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_scratch));
    }

    [Fact]
    public async Task Open_TamperedSnapshotObject_CorruptAndNothingLeft()
    {
        var repo = _dir.Combine("repo");
        var backup = await WriteBackupAsync(repo, Bytes(100_000, seed: 3), key: null, DateTimeOffset.UtcNow);
        var stored = Path.Combine(repo, backup.Id, backup.SnapshotObject);
        var bytes = await File.ReadAllBytesAsync(stored);
        bytes[50_000] ^= 0x01;
        File.Delete(stored);
        await File.WriteAllBytesAsync(stored, bytes);

        await Assert.ThrowsAsync<CorruptDataException>(() => SnapshotSource.OpenAsync($"{repo}#latest", Options(null)));

        Assert.Empty(Directory.EnumerateFileSystemEntries(_scratch));
    }

    [Fact]
    public async Task Open_UnknownId_BackupNotFound()
    {
        var repo = _dir.Combine("repo");
        await WriteBackupAsync(repo, Bytes(10, seed: 4), key: null, DateTimeOffset.UtcNow);

        await Assert.ThrowsAsync<BackupNotFoundException>(() => SnapshotSource.OpenAsync($"{repo}#20200101T000000Z-000000", Options(null)));
    }

    [Theory]
    [InlineData("s3://Bad_Bucket#latest")]
    [InlineData("/var/backups/etcd#")]
    [InlineData("/var/backups/etcd#../x")]
    public async Task Open_MalformedReference_StoreUrlFormat(string text) =>
        await Assert.ThrowsAsync<StoreUrlFormatException>(() => SnapshotSource.OpenAsync(text, Options(null)));

    private SnapshotSourceOptions Options(EncryptionKey? key) => new() { EncryptionKey = key, TempDirectory = _scratch };

    private static Task<BackupManifest> WriteBackupAsync(string repo, byte[] content, EncryptionKey? key, DateTimeOffset at) =>
        TestBackups.AddAsync(repo, at, content, new BackupWriteOptions { CompressionLevel = 1, EncryptionKey = key, EncryptionChunkSize = 4096 });

    private static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
