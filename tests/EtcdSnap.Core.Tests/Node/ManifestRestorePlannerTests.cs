using EtcdSnap.Core.ManifestRestore;
using EtcdSnap.Core.Node;
using EtcdSnap.Kubernetes;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Node;

[Collection(nameof(SharedPki))]
public sealed class ManifestRestorePlannerTests(PkiTemplate template) : IDisposable
{
    private static readonly DateTimeOffset s_time = new(2024, 2, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("planner");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Build_SeparateHostPaths_NewDirBesideTheHostPathWithKubeadmFlags()
    {
        var tree = Tree();

        var plan = Planner(tree).Build("00" + new string('1', 62), 44, refuseExisting: true);

        Assert.Equal("/data/etcd", plan.CurrentDataDir.HostPath);
        Assert.Equal("/data/etcd-restored-20240205T080000Z", plan.NewDataDir);
        Assert.Equal(Path.Combine(tree.Root, "data", "etcd-restored-20240205T080000Z"), plan.NewDataDirLocal);
        Assert.Equal($"controlplane={tree.PeerUrl}", plan.InitialCluster);
        Assert.Equal("etcd-cluster", plan.Token);
        Assert.Equal(1_000_000_000UL, plan.Bump);
        Assert.Equal(Path.Combine(tree.Root, "etc", "kubernetes", "etcdsnap-backup-manifests-20240205T080000Z"), plan.BackupFolder);
        Assert.Equal([$"spec.volumes[etcd-data].hostPath.path: /data/etcd -> /data/etcd-restored-20240205T080000Z",
            "metadata.annotations[etcdsnap.io/restored-from]: (none) -> /opt/snap.db sha256:00" + new string('1', 62)],
            plan.Edit.Changes.Select(c => c.ToString()).ToArray());
        Assert.True(plan.SingleMember);
    }

    [Fact]
    public void Build_AgainAfterTheRestoreCreatedTheTarget_NamesTheSameDirectory()
    {
        var tree = Tree();
        var planner = Planner(tree);
        var first = planner.Build(null, null, refuseExisting: true);
        Directory.CreateDirectory(Path.Combine(first.NewDataDirLocal, "member"));

        var second = planner.Build("00" + new string('1', 62), 44, refuseExisting: false);
        var fresh = Planner(tree).Build(null, null, refuseExisting: true);

        Assert.Equal(first.NewDataDir, second.NewDataDir);
        Assert.Equal(first.NewDataDir + "-2", fresh.NewDataDir); // a new restore in the same second picks the next name
    }

    [Fact]
    public void Build_DataDirBelowItsMount_VolumeMovesAndTheNewDirKeepsTheSuffix()
    {
        var tree = Tree(text => text.Replace("--data-dir=/var/lib/etcd", "--data-dir=/var/lib/etcd/data", StringComparison.Ordinal));

        var plan = Planner(tree).Build(null, null, refuseExisting: true);
        var given = Planner(tree, dataDir: "/mnt/fast/etcd-new/data").Build(null, null, refuseExisting: true);

        Assert.Equal("/data/etcd-restored-20240205T080000Z/data", plan.NewDataDir);
        Assert.Contains("spec.volumes[etcd-data].hostPath.path: /data/etcd -> /data/etcd-restored-20240205T080000Z",
            plan.Edit.Changes.Select(c => c.ToString()));
        Assert.Contains("spec.volumes[etcd-data].hostPath.path: /data/etcd -> /mnt/fast/etcd-new", given.Edit.Changes.Select(c => c.ToString()));
        var e = Assert.Throws<ManifestException>(() => Planner(tree, dataDir: "/mnt/fast/etcd-new").Build(null, null, refuseExisting: true));
        Assert.Contains("must end in /data", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_WalDirOnItsOwnVolume_BothVolumesMove()
    {
        var tree = Tree(text => text
            .Replace("    - --data-dir=/var/lib/etcd\n", "    - --data-dir=/var/lib/etcd\n    - --wal-dir=/var/lib/etcd-wal\n", StringComparison.Ordinal)
            .Replace("    volumeMounts:\n", "    volumeMounts:\n    - mountPath: /var/lib/etcd-wal\n      name: etcd-wal\n", StringComparison.Ordinal)
            .Replace("  volumes:\n", "  volumes:\n  - hostPath:\n      path: /wal/etcd\n      type: DirectoryOrCreate\n    name: etcd-wal\n", StringComparison.Ordinal));

        var plan = Planner(tree).Build(null, null, refuseExisting: true);

        Assert.Equal("/wal/etcd-restored-20240205T080000Z", plan.NewWalDir);
        Assert.Contains("spec.volumes[etcd-wal].hostPath.path: /wal/etcd -> /wal/etcd-restored-20240205T080000Z",
            plan.Edit.Changes.Select(c => c.ToString()));
    }

    [Fact]
    public void Build_ExistingOrOverlappingTarget_Refused()
    {
        var tree = Tree();
        Directory.CreateDirectory(Path.Combine(tree.Root, "data", "taken"));
        File.WriteAllText(Path.Combine(tree.Root, "data", "taken", "x"), "");
        Directory.CreateDirectory(Path.Combine(tree.Root, "data", "empty"));

        var taken = Assert.Throws<OperationRefusedException>(() => Planner(tree, "/data/taken").Build(null, null, refuseExisting: true));
        var inside = Assert.Throws<OperationRefusedException>(() => Planner(tree, "/data/etcd/restored").Build(null, null, refuseExisting: true));
        var parent = Assert.Throws<OperationRefusedException>(() => Planner(tree, "/data").Build(null, null, refuseExisting: true));
        var empty = Planner(tree, "/data/empty").Build(null, null, refuseExisting: true); // an empty dir (a mount point) is fine

        Assert.Equal("restore: target \"/data/taken\" already exists", taken.Message);
        Assert.Contains("overlaps the current volume /data/etcd", inside.Message, StringComparison.Ordinal);
        Assert.Contains("overlaps the current volume /data/etcd", parent.Message, StringComparison.Ordinal);
        Assert.Equal("/data/empty", empty.NewDataDir);
    }

    [Fact]
    public void Build_GivenInitialCluster_MembersAndIdsAsEtcdDerivesThem()
    {
        var tree = Tree();
        var members = $"controlplane={tree.PeerUrl},b=https://10.0.0.2:2380";

        var plan = Planner(tree, initialCluster: members).Build(null, null, refuseExisting: true);

        Assert.Equal(2, plan.Members.Count);
        Assert.Equal("given", plan.InitialClusterSource);
        var local = plan.Members.Single(m => m.IsLocal);
        Assert.Equal(Formats.Membership.MemberIds.ToHex(Formats.Membership.MemberIds.ComputeMemberId([tree.PeerUrl], "etcd-cluster")), local.Id);
        Assert.False(plan.SingleMember);
    }

    private KubeadmNodeTree Tree(Func<string, string>? edit = null)
    {
        var tree = KubeadmNodeTree.Create(new KubeadmNodeOptions
        {
            Root = _temp.Combine("node"),
            SeparateHostPaths = true,
            CopyPkiFrom = template.Directory,
        });
        if (edit is not null)
        {
            File.WriteAllText(tree.EtcdManifest, edit(File.ReadAllText(tree.EtcdManifest)));
        }

        return tree;
    }

    private static ManifestRestorePlanner Planner(KubeadmNodeTree tree, string? dataDir = null, string? initialCluster = null) =>
        ManifestRestorePlanner.Read(new ManifestRestoreRequest
        {
            SnapshotPath = Path.Combine(tree.Root, "opt", "snap.db"),
            ManifestPath = tree.EtcdManifest,
            HostRoot = tree.Root,
            DataDir = dataDir,
            InitialCluster = initialCluster,
            Clock = new FixedClock(s_time),
        });

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
