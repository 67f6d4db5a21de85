using EtcdSnap.Storage.Tests.Support;
using EtcdSnap.Testing.Emulators;

namespace EtcdSnap.Storage.Tests.Stores;

/// <summary>The store contract against Microsoft's Azure Storage emulator (azurite) on loopback.</summary>
public sealed class AzureBlobBackupStoreTests(AzuriteFixture azurite) : BackupStoreContractTests, IClassFixture<AzuriteFixture>
{
    protected override int PartSize => 1 << 20;

    protected override Task<IBackupStore> CreateStoreAsync(string prefix) =>
        Task.FromResult(BackupStoreFactory.Create(Url(Unique(prefix)), AzuriteFixture.Options(PartSize)));

    [Fact]
    public async Task ConnectionString_FromEnvironment_Works()
    {
        var options = AzuriteFixture.Options(PartSize, new Dictionary<string, string> { ["AZURE_STORAGE_CONNECTION_STRING"] = azurite.ConnectionString });
        await using var store = BackupStoreFactory.Create(BackupStoreUrl.Parse($"azblob://{AzuriteFixture.Container}/{Unique("cs")}"), options);

        await store.PutAsync("a/b", new MemoryStream([1, 2]), CancellationToken.None);

        Assert.Equal(2, (await store.StatAsync("a/b", CancellationToken.None))!.Size);
    }

    [Fact]
    public async Task Put_BlockSizeNotAPowerOfTwo_RoundTrips()
    {
        // Pooled buffers come in powers of two; a block must still be exactly the block size.
        const int blockSize = 3 << 19; // 1.5 MiB
        await using var store = BackupStoreFactory.Create(Url(Unique("odd")), AzuriteFixture.Options(blockSize));

        await store.PutAsync("big", new GeneratedStream((3L * blockSize) + 7, seed: 9), CancellationToken.None);

        await using var read = await store.OpenReadAsync("big", CancellationToken.None);
        Assert.Equal((GeneratedStream.Sha256Hex((3L * blockSize) + 7, seed: 9), (3L * blockSize) + 7), await StreamHashing.HashAsync(read));
    }

    [Fact]
    public void Create_NoCredentials_NotTransientWithHint()
    {
        var e = Assert.Throws<StorageUnavailableException>(() => BackupStoreFactory.Create(
            Url("x"), AzuriteFixture.Options(PartSize, new Dictionary<string, string>())));

        Assert.False(e.IsTransient);
        Assert.Contains("AZURE_STORAGE_ACCOUNT", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_MissingContainer_NotTransientWithHint()
    {
        await using var store = BackupStoreFactory.Create(
            BackupStoreUrl.Parse($"azblob://no-such-container/x?endpoint={azurite.Endpoint}"), AzuriteFixture.Options(PartSize));

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => store.PutAsync("a", new MemoryStream([1]), CancellationToken.None));

        Assert.False(e.IsTransient);
        Assert.Contains("container \"no-such-container\" does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Put_WrongKey_AccessDeniedNotTransient()
    {
        var options = AzuriteFixture.Options(PartSize, new Dictionary<string, string>
        {
            ["AZURE_STORAGE_ACCOUNT"] = AzuriteFixture.Account,
            ["AZURE_STORAGE_KEY"] = Convert.ToBase64String(new byte[64]),
        });
        await using var store = BackupStoreFactory.Create(Url(Unique("k")), options);

        var e = await Assert.ThrowsAsync<StorageUnavailableException>(
            () => store.PutAsync("a", new MemoryStream([1]), CancellationToken.None));

        Assert.False(e.IsTransient);
        Assert.Contains("access denied", e.Message, StringComparison.Ordinal);
    }

    private BackupStoreUrl Url(string prefix) =>
        BackupStoreUrl.Parse($"azblob://{AzuriteFixture.Container}/{prefix}?endpoint={azurite.Endpoint}");
}
