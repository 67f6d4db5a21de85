using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace EtcdSnap.Storage.Tests.Support;

/// <summary>
/// A fast, test-only store honouring the IBackupStore contract, with fault injection at the edges.
/// Stores made with <see cref="WithPrefix"/> share one key space, as stores on one bucket do.
/// </summary>
internal sealed class InMemoryBackupStore : IBackupStore
{
    private readonly ConcurrentDictionary<string, (byte[] Data, DateTimeOffset When)> _objects;
    private readonly string _prefix;

    public InMemoryBackupStore()
        : this(new ConcurrentDictionary<string, (byte[], DateTimeOffset)>(StringComparer.Ordinal), "")
    {
    }

    private InMemoryBackupStore(ConcurrentDictionary<string, (byte[] Data, DateTimeOffset When)> objects, string prefix)
    {
        _objects = objects;
        _prefix = prefix.Length == 0 ? "" : prefix.TrimEnd('/') + "/";
    }

    public string Location => "mem://test/" + _prefix;

    /// <summary>Called before each put; a returned exception fails the put after the content was read.</summary>
    public Func<string, Exception?>? PutFault { get; set; }

    public IReadOnlyCollection<string> Keys =>
        _objects.Keys.Where(k => k.StartsWith(_prefix, StringComparison.Ordinal)).Select(k => k[_prefix.Length..]).ToArray();

    public InMemoryBackupStore WithPrefix(string prefix) => new(_objects, _prefix + prefix);

    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        if (_objects.ContainsKey(_prefix + key))
        {
            throw new StorageObjectExistsException(Location, key);
        }

        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        if (PutFault?.Invoke(key) is { } fault)
        {
            throw fault;
        }

        if (!_objects.TryAdd(_prefix + key, (buffer.ToArray(), DateTimeOffset.UtcNow)))
        {
            throw new StorageObjectExistsException(Location, key);
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        return _objects.TryGetValue(_prefix + key, out var o)
            ? Task.FromResult<Stream>(new MemoryStream(o.Data, writable: false))
            : throw new StorageObjectNotFoundException(Location, key);
    }

    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKey.ValidatePrefix(prefix);
        var full = _prefix + prefix;
        foreach (var (key, o) in _objects.Where(kv => kv.Key.StartsWith(full, StringComparison.Ordinal))
                     .OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new StoredObject(key[_prefix.Length..], o.Data.Length, o.When);
        }

        await Task.CompletedTask;
    }

    public Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        return Task.FromResult(_objects.TryGetValue(_prefix + key, out var o) ? new StoredObject(key, o.Data.Length, o.When) : null);
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        return Task.FromResult(_objects.TryRemove(_prefix + key, out _));
    }

    /// <summary>Replaces an object's bytes in place, as an attacker or a bad disk would.</summary>
    public void Tamper(string key, Func<byte[], byte[]> change) =>
        _objects[_prefix + key] = (change(_objects[_prefix + key].Data), _objects[_prefix + key].When);

    public byte[] Get(string key) => _objects[_prefix + key].Data;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
