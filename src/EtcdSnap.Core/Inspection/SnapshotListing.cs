namespace EtcdSnap.Core.Inspection;

/// <summary>The Kubernetes objects alive in a snapshot (what <c>etcdsnap ls</c> prints).</summary>
public sealed record SnapshotListing
{
    /// <summary>The snapshot file.</summary>
    public required string Path { get; init; }

    /// <summary>The snapshot's revision: the highest revision in its <c>key</c> bucket.</summary>
    public required long Revision { get; init; }

    /// <summary>The last finished compaction; history before it is gone. Null when never compacted.</summary>
    public long? CompactRevision { get; init; }

    /// <summary>True when the file carries the SHA-256 trailer of <c>etcdctl snapshot save</c>.</summary>
    public bool HasTrailer { get; init; }

    /// <summary>The resource the filter named, resolved; null without a resource filter.</summary>
    public ResolvedResource? Resource { get; init; }

    /// <summary>API objects that pass the filter, by resource, namespace and name.</summary>
    public required IReadOnlyList<SnapshotObject> Objects { get; init; }

    /// <summary>Keys that are not API objects (apiserver internals, foreign and malformed keys), by key; empty when a
    /// filter was given (they have no namespace or resource to match).</summary>
    public required IReadOnlyList<SnapshotObject> OtherKeys { get; init; }

    /// <summary>Secrets of the whole snapshot and how many are stored unencrypted.</summary>
    public required SecretExposure Secrets { get; init; }
}
