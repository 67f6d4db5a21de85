using System.Text;
using Google.Protobuf;

namespace EtcdSnap.Etcd;

/// <summary>A key and its value with etcd's MVCC metadata (<c>mvccpb.KeyValue</c>).</summary>
/// <param name="Key">Key bytes.</param>
/// <param name="Value">Value bytes; empty for keys-only reads.</param>
/// <param name="CreateRevision">Revision of the last creation of this key.</param>
/// <param name="ModRevision">Revision of the last modification.</param>
/// <param name="Version">Number of modifications since creation (1 after the first put).</param>
/// <param name="Lease">ID of the lease attached to the key; 0 for none.</param>
public sealed record EtcdKeyValue(
    ReadOnlyMemory<byte> Key,
    ReadOnlyMemory<byte> Value,
    long CreateRevision,
    long ModRevision,
    long Version,
    long Lease)
{
    /// <summary>The key decoded as UTF-8.</summary>
    public string KeyText => Encoding.UTF8.GetString(Key.Span);

    /// <summary>The value decoded as UTF-8.</summary>
    public string ValueText => Encoding.UTF8.GetString(Value.Span);

    internal static EtcdKeyValue From(Mvccpb.KeyValue kv) =>
        new(kv.Key.Memory, kv.Value.Memory, kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease);

    internal static ByteString Utf8(string text) => ByteString.CopyFromUtf8(text);
}

/// <summary>The answer to a range read.</summary>
/// <param name="Kvs">The keys read, in key order.</param>
/// <param name="More">True when the limit cut the result short.</param>
/// <param name="Count">Number of keys in the whole range (not only those returned).</param>
/// <param name="Revision">The store revision the read saw.</param>
public sealed record EtcdRangeResult(IReadOnlyList<EtcdKeyValue> Kvs, bool More, long Count, long Revision);
