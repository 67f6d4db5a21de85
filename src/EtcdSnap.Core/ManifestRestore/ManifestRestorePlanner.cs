using System.Text;
using EtcdSnap.Core.Connection;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Kubernetes;
using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>
/// Reads the manifest once and derives everything a manifest restore needs: the member and cluster flags, the current
/// data dir through the pod's volumes, the new host directory beside it, and the manifest edit. Nothing is written.
/// </summary>
internal sealed class ManifestRestorePlanner
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ManifestRestoreRequest _request;
    private readonly EtcdDiscovery _discovery;
    private readonly DateTimeOffset _now;
    private (string Directory, string Volume)? _newData;
    private (string Directory, string Volume)? _newWal;

    private ManifestRestorePlanner(ManifestRestoreRequest request, string manifestPath, string text, EtcdDiscovery discovery,
        DateTimeOffset now)
    {
        _request = request;
        ManifestPath = manifestPath;
        Text = text;
        Bytes = s_utf8.GetBytes(text);
        _discovery = discovery;
        _now = now;
    }

    /// <summary>The manifest, full path.</summary>
    public string ManifestPath { get; }

    /// <summary>The manifest text as read.</summary>
    public string Text { get; }

    /// <summary>The manifest bytes as read (to detect a concurrent change before switching).</summary>
    public byte[] Bytes { get; }

    /// <summary>Reads and checks the manifest.</summary>
    /// <exception cref="ManifestException">Missing, not an etcd static pod, or etcd's paths are not on hostPath volumes.</exception>
    public static ManifestRestorePlanner Read(ManifestRestoreRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var path = Path.GetFullPath(request.ManifestPath);
        var text = StaticPodManifest.ReadText(path);
        var manifest = EtcdPodManifest.Parse(text, path);
        return new ManifestRestorePlanner(request, path, text, manifest.Discover(request.HostRoot), request.Clock.GetUtcNow());
    }

    /// <summary>The plan, with the annotation naming <paramref name="sha256"/> (db bytes, hex) when known.</summary>
    /// <param name="sha256">The snapshot's db SHA-256, hex, when known.</param>
    /// <param name="revision">The snapshot's revision, when known.</param>
    /// <param name="refuseExisting">Refuse targets that already exist (false once the restore has created them).</param>
    /// <param name="bump">The revision bump (see <see cref="RevisionBump"/>); the request's default when null.</param>
    /// <exception cref="OperationRefusedException">The target exists or overlaps the current data.</exception>
    /// <exception cref="ManifestException">The manifest cannot be switched (shared or overlapping volumes…).</exception>
    /// <exception cref="ClusterConfigurationException">The manifest's cluster flags are inconsistent.</exception>
    public ManifestRestorePlan Build(string? sha256, long? revision, bool refuseExisting, ulong? bump = null)
    {
        var snapshot = Path.GetFullPath(_request.SnapshotPath);
        var name = _discovery.MemberName;
        var advertise = _discovery.InitialAdvertisePeerUrls ?? BootstrapOptions.DefaultPeerUrl;
        var initialCluster = _request.InitialCluster ?? _discovery.InitialCluster
            ?? string.Join(',', advertise.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => $"{name}={u}"));
        var cluster = BootstrapCluster.Create(new BootstrapOptions
        {
            Name = name,
            InitialAdvertisePeerUrls = advertise,
            InitialCluster = initialCluster,
            InitialClusterToken = _discovery.InitialClusterToken,
        });

        var data = _discovery.DataDir;
        // Decided once: later builds (after the restore created the directory) must name the same one.
        var (newDataDir, newVolume) = _newData ??= NewDirectory(data, _request.DataDir, "--data-dir");
        RefuseTarget(data, newDataDir, newVolume, refuseExisting);
        var (newWalDir, walSwitch) = PlanWal(newVolume, refuseExisting);

        var snapshotOnNode = _request.SnapshotName ?? NodePath(snapshot);
        var restoredFrom = sha256 is null
            ? snapshotOnNode
            : EtcdManifestEditor.RestoredFromValue(snapshotOnNode, Convert.FromHexString(sha256));
        var edit = EtcdManifestEditor.SwitchDataDir(Text, ManifestPath, new DataDirSwitch(newDataDir, restoredFrom) { NewWalDir = walSwitch });
        return new ManifestRestorePlan
        {
            SnapshotPath = snapshot,
            SnapshotName = _request.SnapshotName ?? snapshot,
            SnapshotSha256 = sha256,
            SnapshotRevision = revision,
            ManifestPath = ManifestPath,
            HostRoot = _request.HostRoot,
            MemberName = name,
            InitialCluster = initialCluster,
            InitialClusterSource = _request.InitialCluster is not null ? "given" : _discovery.InitialCluster is not null
                ? "manifest --initial-cluster" : "etcd default (--name=--initial-advertise-peer-urls)",
            InitialAdvertisePeerUrls = advertise,
            Token = _discovery.InitialClusterToken,
            Members = cluster.Members.Select(m => new PlannedMember(m.Name, m.HexId, m.PeerUrls, m.Id == cluster.Local.Id)).ToList(),
            ClusterId = MemberIds.ToHex(cluster.ClusterId),
            ClientEndpoint = _discovery.ClientEndpoint,
            CurrentDataDir = data,
            NewDataDir = newDataDir,
            NewDataDirLocal = HostPaths.Under(_request.HostRoot, newDataDir),
            CurrentWalDir = _discovery.WalDir,
            NewWalDir = newWalDir,
            Bump = bump ?? (_request.NoBump ? 0 : ManifestRestoreRequest.DefaultBump),
            BackupFolder = ManifestFiles.SiblingFolder(ManifestPath, ManifestFiles.BackupPrefix, _now),
            Edit = edit,
        };
    }

    /// <summary>The new directory for <paramref name="current"/> and the volume hostPath that holds it: the given one,
    /// or <c>&lt;volume hostPath&gt;-restored-&lt;time&gt;</c> (plus the part of the path inside the volume).</summary>
    private (string Directory, string Volume) NewDirectory(MountedPath current, string? given, string what)
    {
        var suffix = current.PathInVolume.Length == 0 ? "" : "/" + current.PathInVolume;
        if (given is null)
        {
            var volume = ManifestFiles.RestoredSibling(VolumeHostPath(current), _now,
                candidate => Path.Exists(HostPaths.Under(_request.HostRoot, candidate)));
            return (volume + suffix, volume);
        }

        if (!given.StartsWith('/'))
        {
            throw new ArgumentException($"{what} \"{given}\" must be an absolute path on the node", nameof(given));
        }

        var clean = Path.TrimEndingDirectorySeparator(Path.GetFullPath(given));
        if (suffix.Length > 0 && !clean.EndsWith(suffix, StringComparison.Ordinal))
        {
            throw new ManifestException(ManifestPath,
                $"{what} {current.ContainerPath} is \"{current.PathInVolume}\" inside volume \"{current.VolumeName}\", and only the "
                + $"volume's hostPath changes; the new directory must end in {suffix}, not {clean}");
        }

        return (clean, clean[..^suffix.Length]);
    }

    private (string? NewWalDir, string? SwitchTo) PlanWal(string newDataVolume, bool refuseExisting)
    {
        if (_discovery.WalDir is not { } wal)
        {
            return (null, null);
        }

        if (string.Equals(wal.VolumeName, _discovery.DataDir.VolumeName, StringComparison.Ordinal))
        {
            // Same volume: the WAL moves with the data volume; the editor needs no separate target.
            return (JoinNode(newDataVolume, wal.PathInVolume), null);
        }

        var (newWal, newWalVolume) = _newWal ??= NewDirectory(wal, null, "--wal-dir");
        RefuseTarget(wal, newWal, newWalVolume, refuseExisting);
        return (newWal, newWal);
    }

    private void RefuseTarget(MountedPath current, string newDirectory, string newVolume, bool refuseExisting)
    {
        var currentVolume = VolumeHostPath(current);
        if (Overlaps(newVolume, currentVolume))
        {
            throw new OperationRefusedException(
                $"restore: the new directory {newVolume} overlaps the current volume {currentVolume} of {current.ContainerPath}; "
                + "etcdsnap never writes into the data etcd runs on")
            {
                Hint = "pass --data-dir with a directory beside the current one, e.g. " + currentVolume + "-restored",
            };
        }

        foreach (var nodePath in new[] { newDirectory, newVolume }.Distinct(StringComparer.Ordinal).Where(_ => refuseExisting))
        {
            var local = HostPaths.Under(_request.HostRoot, nodePath);
            if (File.Exists(local) || (Directory.Exists(local) && Directory.EnumerateFileSystemEntries(local).Any()))
            {
                throw new OperationRefusedException($"restore: target \"{nodePath}\" already exists")
                {
                    Hint = "etcdsnap never restores over existing data; pass --data-dir with a new directory",
                };
            }
        }
    }

    /// <summary>The node path of a file this process sees at <paramref name="localPath"/> (the annotation names the
    /// snapshot as the node sees it); the local path when it is not under the host root.</summary>
    private string NodePath(string localPath)
    {
        if (_request.HostRoot == "/")
        {
            return localPath;
        }

        var relative = Path.GetRelativePath(Path.GetFullPath(_request.HostRoot), localPath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? localPath : "/" + relative;
    }

    private static string VolumeHostPath(MountedPath path) =>
        path.PathInVolume.Length == 0 ? path.HostPath : path.HostPath[..^(path.PathInVolume.Length + 1)];

    private static bool Overlaps(string a, string b) =>
        a == b || a.StartsWith(b + "/", StringComparison.Ordinal) || b.StartsWith(a + "/", StringComparison.Ordinal)
        || a == "/" || b == "/";

    private static string JoinNode(string directory, string relative) => relative.Length == 0 ? directory : directory + "/" + relative;
}
