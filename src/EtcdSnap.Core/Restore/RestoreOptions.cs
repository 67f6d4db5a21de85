using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Core.Restore;

/// <summary>
/// Everything a restore needs, with the names, defaults and meaning of etcdutl's <c>snapshot restore</c> flags
/// (etcd <c>etcdutl/etcdutl/snapshot_command.go</c>, <c>etcdutl/snapshot/v3_snapshot.go</c> RestoreConfig @ v3.5.21).
/// </summary>
/// <remarks>
/// Plain data, no CLI types: the CLI verb and the kubeadm manifest workflow both build one. Relative paths are resolved
/// against the current directory.
/// </remarks>
public sealed record RestoreOptions
{
    /// <summary>The snapshot file (<c>etcdctl snapshot save</c> output with its SHA-256 trailer), or a raw db copy
    /// (<c>member/snap/db</c>, only with <see cref="SkipHashCheck"/>). Only read.</summary>
    public required string SnapshotPath { get; init; }

    /// <summary>
    /// <c>--data-dir</c>: the data directory to create. It must not exist or be an empty directory (as etcdutl 3.5+).
    /// With <see cref="AllMembers"/>, the directory that receives one data dir per member, <c>DataDir/&lt;name&gt;</c>.
    /// </summary>
    public required string DataDir { get; init; }

    /// <summary><c>--wal-dir</c>: a separate WAL directory, which must not exist; null for <c>DataDir/member/wal</c>.
    /// Not allowed with <see cref="AllMembers"/>.</summary>
    public string? WalDir { get; init; }

    /// <summary><c>--name</c>: the member to restore; must appear in the initial cluster. Ignored with
    /// <see cref="AllMembers"/>.</summary>
    public string Name { get; init; } = BootstrapOptions.DefaultName;

    /// <summary><c>--initial-advertise-peer-urls</c>, comma-separated; must equal this member's URLs in the initial
    /// cluster. Ignored with <see cref="AllMembers"/>.</summary>
    public string InitialAdvertisePeerUrls { get; init; } = BootstrapOptions.DefaultPeerUrl;

    /// <summary>
    /// <c>--initial-cluster</c>: <c>name=url,...</c>. Null means <c>&lt;Name&gt;=&lt;each advertised URL&gt;</c>,
    /// a one-member cluster. etcdutl's flag default is the fixed string <c>default=http://localhost:2380</c>; both
    /// agree for the default name and URL, and ours also accepts <c>--name x</c> alone, which etcdutl refuses.
    /// </summary>
    public string? InitialCluster { get; init; }

    /// <summary><c>--initial-cluster-token</c>: mixed into every member ID.</summary>
    public string InitialClusterToken { get; init; } = BootstrapOptions.DefaultToken;

    /// <summary><c>--skip-hash-check</c>: do not verify the SHA-256 trailer (required for a raw db without one). A
    /// trailer, if present, is still removed.</summary>
    public bool SkipHashCheck { get; init; }

    /// <summary><c>--bump-revision</c>: add this to the snapshot's latest revision (requires
    /// <see cref="MarkCompacted"/>, and the reverse).</summary>
    public ulong BumpRevision { get; init; }

    /// <summary><c>--mark-compacted</c>: schedule a compaction at the bumped revision, so that reads and watches from
    /// older revisions are answered "compacted".</summary>
    public bool MarkCompacted { get; init; }

    /// <summary>Restore every member of the initial cluster, each into <c>DataDir/&lt;name&gt;</c>, from one read of
    /// the snapshot.</summary>
    public bool AllMembers { get; init; }

    /// <summary>
    /// The etcd minor version the data dir is for; null writes what etcdutl 3.5/3.6 write (WAL snapshot record with
    /// its ConfState, <c>meta/term</c> = 1, <c>meta/storageVersion</c> kept as it is), which etcd 3.4 also boots.
    /// <see cref="EtcdTarget.V34"/> writes etcdctl 3.4's exact WAL form and drops a 3.6 <c>storageVersion</c> (etcd
    /// 3.4.31+ refuses to start on it); <see cref="EtcdTarget.V35"/> drops it too, as <c>etcdutl migrate
    /// --target-version 3.5</c> does.
    /// </summary>
    public EtcdTarget? TargetVersion { get; init; }

    /// <summary>
    /// A pinned hash: lower-case or upper-case hex SHA-256 of either the whole snapshot file (<c>sha256sum</c>, the
    /// backup manifest's value) or its db bytes (the trailer, etcd's own digest). Any other content is refused with
    /// <see cref="OperationRefusedException"/>, even with <see cref="SkipHashCheck"/>.
    /// </summary>
    public string? ExpectedSha256 { get; init; }
}
