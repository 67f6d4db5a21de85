using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>Input of <see cref="ManifestRestorer"/>: <c>etcdsnap restore SNAPSHOT --manifest PATH …</c>.</summary>
public sealed record ManifestRestoreRequest
{
    /// <summary>The revision bump applied unless <see cref="NoBump"/>: far above anything clients (kube-apiserver's
    /// watch caches, informers) have seen, so none of them mistakes restored data for a future it already knows.</summary>
    public const ulong DefaultBump = 1_000_000_000;

    /// <summary>The snapshot file (only read).</summary>
    public required string SnapshotPath { get; init; }

    /// <summary>How the snapshot is named in messages, the manifest's annotation, the restore record and the next steps
    /// when that is not the file itself: <c>REPO_URL#ID</c> for a backup, whose local copy is temporary.</summary>
    public string? SnapshotName { get; init; }

    /// <summary>The etcd static pod manifest, as this process finds it (under <see cref="HostRoot"/> when one is set).</summary>
    public required string ManifestPath { get; init; }

    /// <summary>Where the node's root filesystem is: hostPath volumes resolve under it. "/" on the node itself.</summary>
    public string HostRoot { get; init; } = "/";

    /// <summary>The new data directory as a node path; null for <c>&lt;current&gt;-restored-&lt;UTC time&gt;</c> beside
    /// the current one.</summary>
    public string? DataDir { get; init; }

    /// <summary>Members of the restored cluster; null takes <c>--initial-cluster</c> from the manifest. Give it for a
    /// multi-member cluster whose manifests list different members (kubeadm writes each joining node's list as it was
    /// at join time); <c>restore-plan</c> prints it.</summary>
    public string? InitialCluster { get; init; }

    /// <summary>Do not wait for etcd to come back.</summary>
    public bool NoWait { get; init; }

    /// <summary>How long to wait for etcd to serve the restored data.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Print the plan and change nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Restore without <c>--bump-revision</c>/<c>--mark-compacted</c>.</summary>
    public bool NoBump { get; init; }

    /// <summary>After etcd is back, restart kube-apiserver, kube-controller-manager and kube-scheduler by moving their
    /// manifests out of the folder and back.</summary>
    public bool RestartControlPlane { get; init; }

    /// <summary>How long the control-plane manifests stay out of the folder: long enough for the kubelet to stop the
    /// pods. The kubelet notices changes at once through inotify, and re-reads the folder every 20s
    /// (<c>fileCheckFrequency</c>) in any case.</summary>
    public TimeSpan ControlPlanePause { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A pinned SHA-256 (of the file or of its db bytes): any other snapshot is refused.</summary>
    public string? ExpectedSha256 { get; init; }

    /// <summary>The etcd version to write the data dir for (see the restore verb's <c>--target-version</c>).</summary>
    public EtcdTarget? TargetVersion { get; init; }

    /// <summary>How often etcd is asked while waiting.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The clock, for folder names.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
