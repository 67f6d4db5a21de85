namespace EtcdSnap.Formats.Raft;

/// <summary>raftpb.EntryType (etcd <c>raft/raftpb/raft.proto</c>; <c>go.etcd.io/raft/v3</c> for 3.6).</summary>
public enum EntryType
{
    /// <summary>A normal proposal (etcd: an <c>InternalRaftRequest</c>).</summary>
    Normal = 0,

    /// <summary><c>Data</c> is a <see cref="ConfChange"/>.</summary>
    ConfChange = 1,

    /// <summary><c>Data</c> is a <c>ConfChangeV2</c> (never written by etcd's restore).</summary>
    ConfChangeV2 = 2,
}
