using System.Buffers.Binary;
using System.Text;
using EtcdSnap.Formats.Raft;
using EtcdSnap.Formats.Snap;
using EtcdSnap.Formats.Wal;

namespace EtcdSnap.Formats.Membership;

/// <summary>
/// Everything a restore writes for one member besides the db file itself: the WAL, the raft snapshot file and the
/// list of db edits, computed without any I/O (etcd <c>v3_snapshot.go</c> saveWALAndSnap, saveDB/updateCIndex).
/// </summary>
/// <remarks>
/// For N members sorted by ID: N ConfChange entries (term 1, indexes 1..N, AddNode with the member JSON as
/// context); HardState{term 1, vote = lowest ID, commit N}; a raft snapshot at (index N, term 1) whose data is the
/// v2 store JSON and whose ConfState lists the N voters. The WAL is: crc(0), metadata{self, cluster},
/// snapshot{0,0}, the entries, the hard state, snapshot{N,1} (with or without conf_state). Every member of a
/// cluster gets identical bytes except the WAL metadata (and so the CRCs from there on).
/// </remarks>
public sealed class RestoredMemberState
{
    private const ulong BootstrapTerm = 1;

    private RestoredMemberState()
    {
    }

    /// <summary>The cluster being bootstrapped.</summary>
    public required BootstrapCluster Cluster { get; init; }

    /// <summary>The options the state was built with.</summary>
    public required MemberStateOptions Options { get; init; }

    /// <summary>The WAL metadata: this member and the cluster.</summary>
    public required MemberMetadata Metadata { get; init; }

    /// <summary>The ConfChange entries 1..N.</summary>
    public required IReadOnlyList<Entry> Entries { get; init; }

    /// <summary>The hard state after the entries.</summary>
    public required HardState HardState { get; init; }

    /// <summary>The final WAL snapshot record.</summary>
    public required WalSnapshot SnapshotRecord { get; init; }

    /// <summary>The raft snapshot stored in the <c>.snap</c> file.</summary>
    public required RaftSnapshot RaftSnapshot { get; init; }

    /// <summary>File name of the <c>.snap</c> file (<c>0000000000000001-&lt;N&gt;.snap</c>).</summary>
    public required string SnapFileName { get; init; }

    /// <summary>The complete <c>.snap</c> file.</summary>
    public required byte[] SnapFileBytes { get; init; }

    /// <summary>
    /// The records of the single WAL segment <c>0000000000000000-0000000000000000.wal</c>, up to the end of the data;
    /// etcd's file continues with zeros up to <see cref="WalWriter.DefaultSegmentSizeBytes"/>.
    /// </summary>
    public required byte[] WalSegmentData { get; init; }

    /// <summary>The edits to apply to the restored db, in order.</summary>
    public required IReadOnlyList<DbEdit> DbEdits { get; init; }

    /// <summary>The raft index of the snapshot: N, also the value of <c>meta/consistent_index</c>.</summary>
    public ulong SnapshotIndex => RaftSnapshot.Metadata.Index;

    /// <summary>Builds the state for <paramref name="cluster"/>.</summary>
    public static RestoredMemberState Create(BootstrapCluster cluster, MemberStateOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        options ??= new MemberStateOptions();
        var members = cluster.Members;
        var n = (ulong)members.Count;
        var entries = members.Select((m, i) => new Entry
        {
            Type = EntryType.ConfChange,
            Term = BootstrapTerm,
            Index = (ulong)i + 1,
            Data = new ConfChange { Type = ConfChangeType.AddNode, NodeId = m.Id, Context = MemberJson.Serialize(m) }.ToByteArray(),
        }).ToList();
        var hardState = new HardState { Term = BootstrapTerm, Vote = members[0].Id, Commit = n };
        var confState = new ConfState { Voters = members.Select(m => m.Id).ToList() };
        var raftSnapshot = new RaftSnapshot
        {
            Data = V2StoreJson.Build(members),
            Metadata = new SnapshotMetadata { ConfState = confState, Index = n, Term = BootstrapTerm },
        };
        var snapshotRecord = new WalSnapshot
        {
            Index = n,
            Term = BootstrapTerm,
            ConfState = options.SnapshotForm == WalSnapshotForm.WithConfState ? confState : null,
        };
        var metadata = new MemberMetadata { NodeId = cluster.Local.Id, ClusterId = cluster.ClusterId };

        return new RestoredMemberState
        {
            Cluster = cluster,
            Options = options,
            Metadata = metadata,
            Entries = entries,
            HardState = hardState,
            SnapshotRecord = snapshotRecord,
            RaftSnapshot = raftSnapshot,
            SnapFileName = new SnapFileName(BootstrapTerm, n).ToString(),
            SnapFileBytes = SnapFile.Encode(raftSnapshot),
            WalSegmentData = EncodeSegment(metadata, entries, hardState, snapshotRecord),
            DbEdits = BuildDbEdits(members, n, options.Target),
        };
    }

    // The record sequence of wal.Create + WAL.Save + WAL.SaveSnapshot.
    private static byte[] EncodeSegment(MemberMetadata metadata, List<Entry> entries, HardState state, WalSnapshot last)
    {
        using var buffer = new MemoryStream();
        var encoder = new WalEncoder(buffer, previousCrc: 0);
        encoder.WriteCrcRecord();
        encoder.Write(WalRecordType.Metadata, metadata.ToByteArray());
        encoder.Write(WalRecordType.Snapshot, new WalSnapshot().ToByteArray());
        foreach (var entry in entries)
        {
            encoder.Write(WalRecordType.Entry, entry.ToByteArray());
        }

        encoder.Write(WalRecordType.State, state.ToByteArray());
        encoder.Write(WalRecordType.Snapshot, last.ToByteArray());
        return buffer.ToArray();
    }

    // The db side of etcd 3.5/3.6's restore, used for every target (3.4 reads membership only from the .snap, so
    // the rewritten buckets are harmless there and right if the data dir is later upgraded).
    private static List<DbEdit> BuildDbEdits(IReadOnlyList<Member> members, ulong n, EtcdTarget target)
    {
        var edits = new List<DbEdit>
        {
            new(DbEditKind.EnsureBucket, "members", null, null, "membership buckets exist (3.5+ mustCreateBackendBuckets)"),
            new(DbEditKind.EnsureBucket, "members_removed", null, null, "membership buckets exist"),
            new(DbEditKind.EnsureBucket, "cluster", null, null, "membership buckets exist"),
            new(DbEditKind.ClearBucket, "members", null, null, "drop the old cluster's members (TrimMembershipFromBackend)"),
            new(DbEditKind.ClearBucket, "members_removed", null, null, "drop the old cluster's removed members"),
        };
        foreach (var m in members)
        {
            edits.Add(new(DbEditKind.Put, "members", Encoding.ASCII.GetBytes(m.HexId), MemberJson.Serialize(m),
                $"new member {m.Name} (3.6 loads membership from here)"));
        }

        edits.Add(new(DbEditKind.EnsureBucket, "meta", null, null, "meta bucket exists"));
        edits.Add(new(DbEditKind.Put, "meta", "consistent_index"u8.ToArray(), BigEndian(n),
            $"consistent index = raft snapshot index {n}: later entries are applied, none is skipped"));
        if (target != EtcdTarget.V34)
        {
            edits.Add(new(DbEditKind.Put, "meta", "term"u8.ToArray(), BigEndian(BootstrapTerm),
                "term of the consistent index (3.5+ UpdateConsistentIndexForce)"));
        }

        if (target != EtcdTarget.V36)
        {
            edits.Add(new(DbEditKind.Delete, "meta", "storageVersion"u8.ToArray(), null,
                "a 3.6 schema marker: etcd 3.4.31+ refuses to start on it, 3.5 expects it removed (etcdutl migrate)"));
        }

        return edits;
    }

    private static byte[] BigEndian(ulong value)
    {
        var bytes = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
