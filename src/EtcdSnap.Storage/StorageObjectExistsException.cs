namespace EtcdSnap.Storage;

/// <summary>A put was refused because an object with that key already exists; stores never overwrite.</summary>
public sealed class StorageObjectExistsException(string location, string key, Exception? inner = null)
    : Exception($"{location}: object \"{key}\" already exists; refusing to overwrite it", inner)
{
    /// <summary>The store, as its URL (<see cref="IBackupStore.Location"/>).</summary>
    public string Location { get; } = location;

    /// <summary>The key, relative to the store's prefix.</summary>
    public string Key { get; } = key;
}
