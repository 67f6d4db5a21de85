using EtcdSnap.Storage.Tests.Support;

namespace EtcdSnap.Storage.Tests.Stores;

/// <summary>Keeps the test-only fake honest: it must pass the same contract as the real stores.</summary>
public sealed class InMemoryBackupStoreTests : BackupStoreContractTests, IDisposable
{
    private readonly InMemoryBackupStore _bucket = new();

    protected override bool StreamsWithBoundedMemory => false;

    protected override Task<IBackupStore> CreateStoreAsync(string prefix) =>
        Task.FromResult<IBackupStore>(_bucket.WithPrefix(Unique(prefix)));

    public void Dispose() => _bucket.DisposeAsync().AsTask().GetAwaiter().GetResult();
}
