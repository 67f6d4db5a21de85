namespace EtcdSnap.Core.Inspection;

/// <summary>The keys alive in one snapshot, replayed from its <c>key</c> bucket, and the snapshot's revisions.</summary>
internal sealed class LiveKeyspace(string path)
{
    /// <summary>The snapshot file.</summary>
    public string Path { get; } = path;

    /// <summary>Live keys by their bytes.</summary>
    public Dictionary<byte[], LiveKey> Keys { get; } = new(ByteKeyComparer.Instance);

    /// <summary>The highest main revision in the <c>key</c> bucket: the snapshot's revision (as <c>snapshot status</c>).</summary>
    public long Revision { get; set; }

    /// <summary><c>meta/finishedCompactRev</c>: history up to here was compacted away; null when never compacted.</summary>
    public long? CompactRevision { get; set; }

    /// <summary>Entries of the <c>key</c> bucket read (puts, tombstones, placeholders).</summary>
    public long Records { get; set; }

    /// <summary>True when the file ends with the SHA-256 trailer of <c>etcdctl snapshot save</c>.</summary>
    public bool HasTrailer { get; set; }

    /// <summary>The live key's facts, or null.</summary>
    public LiveKey? Find(ReadOnlySpan<byte> key) =>
        Keys.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(key, out var live) ? live : null;

    /// <summary>The CRDs among the live keys (JSON-stored ones only: encrypted CRDs cannot be read).</summary>
    public IEnumerable<CustomResourceNames> CustomResources => Keys.Values.Where(k => k.Crd is not null).Select(k => k.Crd!);

    /// <summary>The bucket key of a live key's newest record.</summary>
    public static byte[] BucketKey(LiveKey key) => key.Revision.ToKey();
}
