using EtcdSnap.Formats.Mvcc;

namespace EtcdSnap.Formats.Snapshot;

/// <summary>What the other components need to know about a snapshot's db, gathered in the same pass as the status.</summary>
public sealed record SnapshotFacts
{
    /// <summary>The file inspected.</summary>
    public required string Path { get; init; }

    /// <summary>Length of the file on disk.</summary>
    public required long FileLength { get; init; }

    /// <summary>True when the file ends with a SHA-256 trailer (<c>length % 512 == 32</c>).</summary>
    public required bool HasTrailer { get; init; }

    /// <summary>bbolt page size of the db.</summary>
    public required int PageSize { get; init; }

    /// <summary>Transaction id of the current meta page.</summary>
    public required ulong TxId { get; init; }

    /// <summary>Top-level buckets in bbolt order (names are ASCII in etcd).</summary>
    public required IReadOnlyList<string> Buckets { get; init; }

    /// <summary>Entries in the <c>key</c> bucket (revisions, including tombstones).</summary>
    public required long KeyBucketEntries { get; init; }

    /// <summary>Greatest (main, sub) over the <c>key</c> bucket's keys, tombstone marker ignored; null when empty.</summary>
    public required Revision? LatestRevision { get; init; }

    /// <summary>Values of the <c>meta</c> bucket.</summary>
    public required EtcdMetaValues Meta { get; init; }
}
