namespace EtcdSnap.Formats.Wal;

/// <summary>The kinds of WAL records (etcd <c>wal/wal.go</c>: <c>metadataType</c> … <c>snapshotType</c>).</summary>
public enum WalRecordType : long
{
    /// <summary><c>data</c> = etcdserverpb.Metadata (member and cluster ID); first record after the crc record of each segment.</summary>
    Metadata = 1,

    /// <summary><c>data</c> = raftpb.Entry.</summary>
    Entry = 2,

    /// <summary><c>data</c> = raftpb.HardState (never written when all-zero).</summary>
    State = 3,

    /// <summary>No data; <c>crc</c> carries the running CRC of everything before it (first record of every segment).</summary>
    Crc = 4,

    /// <summary><c>data</c> = walpb.Snapshot (index, term and, since 3.5, conf_state).</summary>
    Snapshot = 5,
}
