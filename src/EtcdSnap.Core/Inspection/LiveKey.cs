using EtcdSnap.Formats.Mvcc;

namespace EtcdSnap.Core.Inspection;

/// <summary>
/// One key alive at the snapshot's revision: fixed-size facts about its newest record, never the value itself.
/// Updated in place by each later put of the same key during the replay.
/// </summary>
internal sealed class LiveKey(byte[] key)
{
    /// <summary>The etcd key.</summary>
    public byte[] Key { get; } = key;

    /// <summary>The bucket revision of the newest record (what <c>get</c> reads the value back by).</summary>
    public Revision Revision { get; set; }

    /// <summary>Main revision at which the key was (re)created.</summary>
    public long CreateRevision { get; set; }

    /// <summary>Main revision of the newest put.</summary>
    public long ModRevision { get; set; }

    /// <summary>etcd's per-key version (puts since creation).</summary>
    public long Version { get; set; }

    /// <summary>Lease id, 0 for none.</summary>
    public long Lease { get; set; }

    /// <summary>Value length in bytes.</summary>
    public long Size { get; set; }

    /// <summary>Encoding and type header.</summary>
    public ValueFacts Facts { get; set; }

    /// <summary>SHA-256 of the value (only when the replay was asked for digests).</summary>
    public ValueDigest Digest;

    /// <summary>For a CustomResourceDefinition stored as JSON, the names it defines.</summary>
    public CustomResourceNames? Crd { get; set; }
}
