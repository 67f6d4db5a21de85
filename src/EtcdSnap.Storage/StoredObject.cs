namespace EtcdSnap.Storage;

/// <summary>One object as a listing reports it.</summary>
/// <param name="Key">The key relative to the store's prefix, '/'-separated.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="LastModified">When the object was completed, as the store reports it (UTC).</param>
public sealed record StoredObject(string Key, long Size, DateTimeOffset LastModified);
