using EtcdSnap.Core.Snapshots;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>The command one member's node runs in a multi-member restore.</summary>
/// <param name="Name">The member name.</param>
/// <param name="Id">Its ID after the restore, as etcd prints it.</param>
/// <param name="PeerUrls">Its peer URLs (their host is the node to run on).</param>
/// <param name="Command">The exact command, pinned to the snapshot's SHA-256.</param>
public sealed record MemberRestoreStep(string Name, string Id, IReadOnlyList<string> PeerUrls, string Command);

/// <summary>
/// <c>etcdsnap restore-plan</c>: for every member of <c>--initial-cluster</c>, the command its node runs to restore the
/// same snapshot with the same cluster flags and data dir, pinned with <c>--expect-sha256</c> so that no node restores
/// another file.
/// </summary>
/// <param name="SnapshotPath">The snapshot as every node names it: the same path on every node, or <c>REPO_URL#ID</c>.</param>
/// <param name="Sha256">SHA-256 of its db bytes (the trailer, etcd's digest).</param>
/// <param name="Revision">The snapshot's latest revision.</param>
/// <param name="InitialCluster">The members of the restored cluster.</param>
/// <param name="Token">The cluster token.</param>
/// <param name="ClusterId">The restored cluster's ID.</param>
/// <param name="DataDir">The new data dir, the same on every node.</param>
/// <param name="Members">One step per member.</param>
/// <param name="Warnings">Things to check before running the steps.</param>
/// <param name="FromBackup">True when every node fetches the snapshot from a repository rather than holding a copy.</param>
public sealed record ClusterRestorePlan(string SnapshotPath, string Sha256, long Revision, string InitialCluster, string Token,
    string ClusterId, string DataDir, IReadOnlyList<MemberRestoreStep> Members, IReadOnlyList<string> Warnings, bool FromBackup = false)
{
    /// <summary>Builds the plan from a snapshot and one control-plane node's etcd manifest.</summary>
    /// <param name="snapshotPath">The snapshot to restore everywhere.</param>
    /// <param name="manifestPath">This node's etcd manifest (as this process finds it).</param>
    /// <param name="hostRoot">Where the node's root filesystem is.</param>
    /// <param name="initialCluster">The members; null takes the manifest's <c>--initial-cluster</c>.</param>
    /// <param name="dataDir">The new data dir (node path); null for <c>&lt;current&gt;-restored-&lt;UTC time&gt;</c>.</param>
    /// <param name="clock">The clock for the default data dir name.</param>
    /// <param name="cancellationToken">Stops the snapshot check.</param>
    /// <param name="backupReference"><c>REPO_URL#ID</c> when <paramref name="snapshotPath"/> is a backup's temporary copy:
    /// the commands name the backup, so that every node fetches and verifies it itself.</param>
    /// <param name="encryptionKeyFile">The key file for an encrypted backup, passed on in the commands (the same path on
    /// every node).</param>
    /// <exception cref="CorruptDataException">The snapshot does not verify.</exception>
    /// <exception cref="Kubernetes.ManifestException">The manifest is missing or not an etcd static pod.</exception>
    /// <exception cref="ClusterConfigurationException">The cluster flags are inconsistent.</exception>
    public static async Task<ClusterRestorePlan> CreateAsync(string snapshotPath, string manifestPath, string hostRoot, string? initialCluster,
        string? dataDir, TimeProvider clock, CancellationToken cancellationToken, string? backupReference = null, string? encryptionKeyFile = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var report = await SnapshotVerifier.VerifyAsync(snapshotPath, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!report.Restorable || report.ActualSha256 is null)
        {
            throw new CorruptDataException(report.File, null, "snapshot does not verify: " + string.Join("; ", report.Problems.Take(3)));
        }

        var fullManifest = Path.GetFullPath(manifestPath);
        var discovery = EtcdPodManifest.Load(fullManifest).Discover(hostRoot);
        var members = initialCluster ?? discovery.InitialCluster ?? $"{discovery.MemberName}={discovery.InitialAdvertisePeerUrls ?? BootstrapOptions.DefaultPeerUrl}";
        var parsed = Formats.Membership.InitialCluster.Parse(members);
        var first = parsed.Members[0];
        var cluster = BootstrapCluster.Create(new BootstrapOptions
        {
            Name = first.Key,
            InitialAdvertisePeerUrls = string.Join(',', first.Value),
            InitialCluster = members,
            InitialClusterToken = discovery.InitialClusterToken,
        });

        var current = discovery.DataDir;
        var volume = current.PathInVolume.Length == 0 ? current.HostPath : current.HostPath[..^(current.PathInVolume.Length + 1)];
        var newDataDir = dataDir ?? ManifestFiles.RestoredSibling(volume, clock.GetUtcNow())
            + (current.PathInVolume.Length == 0 ? "" : "/" + current.PathInVolume);
        var nodeManifest = NodePath(fullManifest, hostRoot);
        var snapshot = backupReference ?? Path.GetFullPath(snapshotPath);
        var key = encryptionKeyFile is null ? "" : $" --encryption-key-file {Quote(encryptionKeyFile)}";
        // In --initial-cluster order, as the operator wrote the members down (etcd itself sorts them by ID).
        var steps = parsed.Members.Select(p => cluster.Members.Single(m => m.Name == p.Key)).Select(m => new MemberRestoreStep(m.Name, m.HexId, m.PeerUrls,
            $"etcdsnap restore {Quote(snapshot)} --manifest {Quote(nodeManifest)} --initial-cluster {Quote(members)} "
            + $"--data-dir {Quote(newDataDir)} --expect-sha256 {report.ActualSha256}{key}")).ToList();

        var warnings = new List<string>();
        if (initialCluster is null && discovery.InitialClusterState == "existing")
        {
            warnings.Add($"this manifest's etcd joined an existing cluster; kubeadm wrote its --initial-cluster as the members were at "
                + "join time, so the list may be incomplete: check it against `etcdsnap member list`, or pass --initial-cluster");
        }

        if (parsed.Members.All(m => m.Key != discovery.MemberName))
        {
            warnings.Add($"this node's member \"{discovery.MemberName}\" is not in {members}");
        }

        return new ClusterRestorePlan(snapshot, report.ActualSha256, report.Status!.Revision, members, discovery.InitialClusterToken,
            MemberIds.ToHex(cluster.ClusterId), newDataDir, steps, warnings, backupReference is not null);
    }

    private static string NodePath(string localPath, string hostRoot)
    {
        if (hostRoot == "/")
        {
            return localPath;
        }

        var relative = Path.GetRelativePath(Path.GetFullPath(hostRoot), localPath);
        return relative.StartsWith("..", StringComparison.Ordinal) ? localPath : "/" + relative;
    }

    // POSIX shell quoting: bare when only safe characters, else single quotes.
    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=,:@+%".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
