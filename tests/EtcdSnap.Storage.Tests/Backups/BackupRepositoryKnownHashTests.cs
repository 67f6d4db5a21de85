using System.Security.Cryptography;
using EtcdSnap.Formats;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Storage.Tests.Support;

namespace EtcdSnap.Storage.Tests.Backups;

/// <summary><see cref="BackupWriteOptions.PlainSha256"/>: a hash the caller computed while producing the bytes.</summary>
public sealed class BackupRepositoryKnownHashTests
{
    private static readonly byte[] s_content = RandomNumberGenerator.GetBytes(50_000);

    [Fact]
    public async Task Write_KnownHash_RecordedAndReadsVerifyAgainstIt()
    {
        await using var repository = new BackupRepository(new InMemoryBackupStore());
        var hash = Convert.ToHexStringLower(SHA256.HashData(s_content));

        var result = await repository.WriteAsync(new MemoryStream(s_content), new BackupSource(),
            new BackupWriteOptions { PlainSha256 = () => hash }, CancellationToken.None);

        Assert.Equal(hash, result.Manifest.Sha256);
        Assert.Equal(s_content.Length, result.Manifest.DbSize);
        await using var read = await repository.OpenSnapshotAsync(result.Manifest, null, CancellationToken.None);
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(s_content, copy.ToArray());
    }

    [Fact]
    public async Task Write_KnownHashOfOtherBytes_EveryReadFails()
    {
        await using var repository = new BackupRepository(new InMemoryBackupStore());
        var other = Convert.ToHexStringLower(SHA256.HashData(new byte[] { 1 }));

        var result = await repository.WriteAsync(new MemoryStream(s_content), new BackupSource(),
            new BackupWriteOptions { PlainSha256 = () => other }, CancellationToken.None);

        await using var read = await repository.OpenSnapshotAsync(result.Manifest, null, CancellationToken.None);
        await Assert.ThrowsAsync<CorruptDataException>(() => read.CopyToAsync(Stream.Null));
    }

    [Fact]
    public async Task Write_MalformedKnownHash_NothingLeft()
    {
        var store = new InMemoryBackupStore();
        await using var repository = new BackupRepository(store, ownsStore: false);

        await Assert.ThrowsAsync<InvalidOperationException>(() => repository.WriteAsync(new MemoryStream(s_content), new BackupSource(),
            new BackupWriteOptions { PlainSha256 = () => "not a hash" }, CancellationToken.None));

        Assert.Empty((await repository.ListAsync(CancellationToken.None)).Backups);
        Assert.Empty((await repository.ListAsync(CancellationToken.None)).Incomplete);
    }
}
