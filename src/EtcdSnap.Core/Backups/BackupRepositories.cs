using EtcdSnap.Storage;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Core.Backups;

/// <summary>Opens the repository a URL names, with credentials from the environment unless told otherwise.</summary>
public static class BackupRepositories
{
    /// <summary>The repository at <paramref name="url"/>; dispose it when done.</summary>
    /// <exception cref="StoreUrlFormatException">The URL is malformed.</exception>
    /// <exception cref="StorageUnavailableException">No usable credentials (Azure).</exception>
    public static BackupRepository Open(string url, BackupStoreOptions? options = null, TimeProvider? clock = null) =>
        Open(BackupStoreUrl.Parse(url), options, clock);

    /// <inheritdoc cref="Open(string, BackupStoreOptions?, TimeProvider?)"/>
    public static BackupRepository Open(BackupStoreUrl url, BackupStoreOptions? options = null, TimeProvider? clock = null) =>
        new(BackupStoreFactory.Create(url, options), clock);
}
