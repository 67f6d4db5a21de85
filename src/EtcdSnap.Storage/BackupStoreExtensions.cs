namespace EtcdSnap.Storage;

/// <summary>Conveniences over <see cref="IBackupStore"/>.</summary>
public static class BackupStoreExtensions
{
    /// <summary>True when an object with <paramref name="key"/> exists.</summary>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    public static async Task<bool> ExistsAsync(this IBackupStore store, string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return await store.StatAsync(key, cancellationToken).ConfigureAwait(false) is not null;
    }
}
