using EtcdSnap.Formats.Raft;

namespace EtcdSnap.Formats.Wal;

/// <summary>Everything a WAL directory says, as etcd's <c>wal.ReadAll</c> would assemble it.</summary>
public sealed class WalContents
{
    /// <summary>The segments, in sequence order, with the end of their data.</summary>
    public required IReadOnlyList<WalSegmentInfo> Segments { get; init; }

    /// <summary>Files in the directory that are not segments (etcd ignores them, warning unless they end in <c>.tmp</c>).</summary>
    public required IReadOnlyList<string> IgnoredFiles { get; init; }

    /// <summary>The metadata record's bytes (the same in every segment).</summary>
    public required byte[]? MetadataBytes { get; init; }

    /// <summary>The decoded metadata: the member and cluster this WAL belongs to.</summary>
    public required MemberMetadata? Metadata { get; init; }

    /// <summary>The last hard state record (all zero when there is none).</summary>
    public required HardState HardState { get; init; }

    /// <summary>
    /// The raft log: entries in index order, with later records overwriting earlier ones at the same index (a new
    /// leader may replace uncommitted entries), as etcd's ReadAll does.
    /// </summary>
    public required IReadOnlyList<Entry> Entries { get; init; }

    /// <summary>Every snapshot record, in order.</summary>
    public required IReadOnlyList<WalSnapshot> Snapshots { get; init; }

    /// <summary>The running CRC after the last valid record (where a writer would continue).</summary>
    public required uint LastCrc { get; init; }

    /// <summary>Set when the last segment ends in a torn record; everything before it was read.</summary>
    public required WalTornTail? TornTail { get; init; }

    /// <summary>Every record, when <see cref="WalReadOptions.KeepRecords"/> was set; otherwise empty.</summary>
    public required IReadOnlyList<WalRecordInfo> Records { get; init; }

    /// <summary>
    /// The snapshot records a restarting server may use: those with index &lt;= the hard state's commit
    /// (etcd <c>wal.ValidSnapshotEntries</c>).
    /// </summary>
    public IEnumerable<WalSnapshot> ValidSnapshots => Snapshots.Where(s => s.Index <= HardState.Commit);
}
