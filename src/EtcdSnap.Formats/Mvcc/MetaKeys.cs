namespace EtcdSnap.Formats.Mvcc;

/// <summary>Keys of etcd's <c>meta</c> bucket (etcd <c>server/storage/schema/bucket.go</c> @ v3.6.14).</summary>
public static class MetaKeys
{
    /// <summary>u64 BE: index of the last raft entry applied to this db (since 3.0).</summary>
    public static ReadOnlySpan<byte> ConsistentIndex => "consistent_index"u8;

    /// <summary>u64 BE: raft term of that entry (since 3.5).</summary>
    public static ReadOnlySpan<byte> Term => "term"u8;

    /// <summary>JSON of the raft ConfState (since 3.5).</summary>
    public static ReadOnlySpan<byte> ConfState => "confState"u8;

    /// <summary>17-byte revision key of the last scheduled compaction.</summary>
    public static ReadOnlySpan<byte> ScheduledCompactRevision => "scheduledCompactRev"u8;

    /// <summary>17-byte revision key of the last finished compaction.</summary>
    public static ReadOnlySpan<byte> FinishedCompactRevision => "finishedCompactRev"u8;

    /// <summary>ASCII semver of the storage schema, e.g. <c>3.6.0</c> (since 3.6).</summary>
    public static ReadOnlySpan<byte> StorageVersion => "storageVersion"u8;
}
