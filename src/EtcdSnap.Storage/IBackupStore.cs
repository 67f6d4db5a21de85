namespace EtcdSnap.Storage;

/// <summary>
/// An object store holding backups, addressed by '/'-separated keys relative to the prefix of its URL
/// (see <see cref="BackupStoreUrl"/>). Shaped after S3 so that every backend can honour it.
/// </summary>
/// <remarks>
/// Contract (tested for every implementation by BackupStoreContractTests):
/// <list type="bullet">
/// <item>A put streams its content with bounded memory, whatever its length, and is atomic: until it
/// succeeds nothing is visible under the key; a failed or cancelled put leaves nothing visible.</item>
/// <item>A put never overwrites: an existing key raises <see cref="StorageObjectExistsException"/>.</item>
/// <item>Listing returns complete objects only, ordered by key (ordinal).</item>
/// <item>A missing key raises <see cref="StorageObjectNotFoundException"/>; every other failure raises
/// <see cref="StorageUnavailableException"/> with one clear line.</item>
/// </list>
/// </remarks>
public interface IBackupStore : IAsyncDisposable
{
    /// <summary>The store's URL for messages, e.g. <c>s3://bucket/prefix</c>.</summary>
    string Location { get; }

    /// <summary>Uploads <paramref name="content"/> (read to its end, length not needed) under <paramref name="key"/>.</summary>
    /// <exception cref="StorageObjectExistsException">The key already exists.</exception>
    /// <exception cref="StorageUnavailableException">The store failed; nothing was left visible.</exception>
    Task PutAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>Opens an object for streaming reads. The caller disposes the stream.</summary>
    /// <exception cref="StorageObjectNotFoundException">No object has that key.</exception>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    /// <summary>Lists objects whose key starts with <paramref name="prefix"/> ("" for all), ordered by key.</summary>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    IAsyncEnumerable<StoredObject> ListAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Returns the object's size and time, or null when it does not exist.</summary>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deletes an object; returns false when it did not exist.</summary>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken);
}
