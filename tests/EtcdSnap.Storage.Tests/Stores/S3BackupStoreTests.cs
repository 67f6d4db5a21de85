using EtcdSnap.Storage.S3;
using EtcdSnap.Testing.Emulators;

namespace EtcdSnap.Storage.Tests.Stores;

/// <summary>The store contract against a real S3-compatible server (s3rver) on loopback.</summary>
public sealed class S3BackupStoreTests(S3rverFixture s3) : BackupStoreContractTests, IClassFixture<S3rverFixture>
{
    protected override int PartSize => S3BackupStore.MinPartSize;

    protected override Task<IBackupStore> CreateStoreAsync(string prefix) =>
        Task.FromResult(BackupStoreFactory.Create(Url(Unique(prefix)), S3rverFixture.Options(PartSize)));

    // No AssertNoLeftoversAsync here: s3rver 3.7 implements neither ListMultipartUploads nor AbortMultipartUpload,
    // so the abort of a failed upload cannot be observed against it (visibility still is, by the contract tests).

    [Fact]
    public async Task Put_MissingBucket_NotTransientWithHint()
    {
        await using var store = BackupStoreFactory.Create(
            BackupStoreUrl.Parse($"s3://no-such-bucket/x?endpoint={s3.Endpoint}"), S3rverFixture.Options(PartSize));

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => store.PutAsync("a", new MemoryStream([1]), CancellationToken.None));

        Assert.False(e.IsTransient);
        Assert.Contains("bucket \"no-such-bucket\" does not exist", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public async Task Put_UnknownAccessKey_AccessDeniedNotTransient()
    {
        // s3rver checks the access key id but not V4 signatures, so a wrong secret would pass; a wrong id does not.
        await using var store = BackupStoreFactory.Create(Url(Unique("x")), S3rverFixture.Options(PartSize, accessKey: "NOSUCHKEY"));

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => store.PutAsync("a", new MemoryStream([1]), CancellationToken.None));

        Assert.False(e.IsTransient);
        Assert.Contains("access denied", e.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnreachableEndpoint_TransientOneLine()
    {
        var closed = EtcdSnap.Core.Node.LoopbackPorts.Next();
        await using var store = BackupStoreFactory.Create(
            BackupStoreUrl.Parse($"s3://{S3rverFixture.Bucket}/x?endpoint=http://127.0.0.1:{closed}"), S3rverFixture.Options(PartSize));

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(async () =>
        {
            await foreach (var _ in store.ListAsync("", CancellationToken.None))
            {
            }
        });

        Assert.True(e.IsTransient);
        Assert.DoesNotContain('\n', e.Message);
        Assert.StartsWith($"s3://{S3rverFixture.Bucket}/x?endpoint=http://127.0.0.1:{closed}: list", e.Message, StringComparison.Ordinal);
    }

    private BackupStoreUrl Url(string prefix) =>
        BackupStoreUrl.Parse($"s3://{S3rverFixture.Bucket}/{prefix}?endpoint={s3.Endpoint}");
}
