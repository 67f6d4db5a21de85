namespace EtcdSnap.Storage;

/// <summary>An object asked for by key does not exist in the store.</summary>
public sealed class StorageObjectNotFoundException(string location, string key, Exception? inner = null)
    : Exception($"{location}: object \"{key}\" not found", inner)
{
    /// <summary>The store, as its URL (<see cref="IBackupStore.Location"/>).</summary>
    public string Location { get; } = location;

    /// <summary>The key, relative to the store's prefix.</summary>
    public string Key { get; } = key;
}
