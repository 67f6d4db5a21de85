using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>Everything a manifest restore will do, computed before anything changes (printed by <c>--dry-run</c>).</summary>
public sealed record ManifestRestorePlan
{
    /// <summary>The snapshot, full path.</summary>
    public required string SnapshotPath { get; init; }

    /// <summary>The snapshot as the operator knows it: the full path, or <c>REPO_URL#ID</c> for a backup.</summary>
    public required string SnapshotName { get; init; }

    /// <summary>SHA-256 of the snapshot's db bytes (its trailer), when known at planning time.</summary>
    public string? SnapshotSha256 { get; init; }

    /// <summary>The snapshot's latest revision, when known at planning time.</summary>
    public long? SnapshotRevision { get; init; }

    /// <summary>The manifest, full path as this process sees it.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>Where the node's root filesystem is.</summary>
    public required string HostRoot { get; init; }

    /// <summary>The member restored on this node (<c>--name</c>).</summary>
    public required string MemberName { get; init; }

    /// <summary><c>--initial-cluster</c> of the restored cluster.</summary>
    public required string InitialCluster { get; init; }

    /// <summary>Whether <see cref="InitialCluster"/> came from the manifest or was given.</summary>
    public required string InitialClusterSource { get; init; }

    /// <summary>This member's peer URLs (<c>--initial-advertise-peer-urls</c>).</summary>
    public required string InitialAdvertisePeerUrls { get; init; }

    /// <summary><c>--initial-cluster-token</c> (etcd's default when the manifest has none).</summary>
    public required string Token { get; init; }

    /// <summary>The members of the restored cluster with the IDs etcd will give them.</summary>
    public required IReadOnlyList<PlannedMember> Members { get; init; }

    /// <summary>The cluster ID of the restored cluster, as etcd prints it.</summary>
    public required string ClusterId { get; init; }

    /// <summary>The client URL etcd will be checked at.</summary>
    public required string ClientEndpoint { get; init; }

    /// <summary>The current <c>--data-dir</c>, resolved to the node (never touched).</summary>
    public required MountedPath CurrentDataDir { get; init; }

    /// <summary>The new data dir on the node.</summary>
    public required string NewDataDir { get; init; }

    /// <summary>The new data dir as this process finds it.</summary>
    public required string NewDataDirLocal { get; init; }

    /// <summary>The current <c>--wal-dir</c> when it is on its own volume.</summary>
    public MountedPath? CurrentWalDir { get; init; }

    /// <summary>The new WAL dir on the node, when etcd has a separate one.</summary>
    public string? NewWalDir { get; init; }

    /// <summary>The revision bump (0 with <c>--no-bump</c>).</summary>
    public required ulong Bump { get; init; }

    /// <summary>The folder that will keep the original manifest.</summary>
    public required string BackupFolder { get; init; }

    /// <summary>The manifest edit (its diff is what <c>--dry-run</c> prints).</summary>
    public required ManifestEdit Edit { get; init; }

    /// <summary>Whether the cluster has one member (then a leader is required before the restore counts as healthy).</summary>
    public bool SingleMember => Members.Count == 1;
}

/// <summary>A member of the restored cluster.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Id">Its ID, as etcd prints it.</param>
/// <param name="PeerUrls">Its peer URLs.</param>
/// <param name="IsLocal">True for the member on this node.</param>
public sealed record PlannedMember(string Name, string Id, IReadOnlyList<string> PeerUrls, bool IsLocal);
