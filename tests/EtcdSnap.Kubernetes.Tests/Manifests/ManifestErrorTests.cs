using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Kubernetes.Tests.Manifests;

/// <summary>Malformed and unsupported manifests fail with one clear line naming the problem.</summary>
public sealed class ManifestErrorTests
{
    private const string Etcd = "/etc/kubernetes/manifests/etcd.yaml";

    public static TheoryData<string, string> LoadErrors => new()
    {
        { "invalid-yaml", "invalid YAML at line 8, column 5: the YAML parser could not read on from here" },
        { "not-a-pod", "not an etcd static pod: kind Deployment" },
        { "no-etcd-container", "no container runs etcd" },
        { "two-documents", "holds more than one YAML document (the second starts at line 5); a static pod manifest holds exactly one" },
        { "duplicate-key", "duplicate key \"spec\" at line 7, column 1 (first at line 5, column 1)" },
        { "shell-wrapper", "container \"etcd\" starts etcd through a shell script; EtcdSnap reads etcd's flags only from command and args lists" },
        { "config-file", "etcd reads its settings from --config-file=/etc/etcd/etcd.conf.yml and ignores its other flags; EtcdSnap cannot read that file's settings from the manifest" },
        { "empty", "is empty (no YAML document)" },
        { "unclosed-quote", "invalid YAML at line 4, column 9: while scanning a quoted scalar, found unexpected end of stream" },
        { "bad-indent", "invalid YAML at line 2, column 7: while scanning a plain scalar value, found invalid mapping" },
    };

    public static TheoryData<string, string> DiscoverErrors => new()
    {
        { "data-dir-emptydir", "volume \"etcd-data\" (mounted at /var/lib/etcd) is an emptyDir volume, not a hostPath; its contents do not survive on the node" },
        { "missing-volume", "volumeMount /var/lib/etcd of container \"etcd\" refers to volume \"etcd-data\", which spec.volumes does not define" },
        { "data-dir-not-mounted", "--data-dir /var/lib/etcd-data is not under any volumeMount of container \"etcd\" (mounts: /var/lib/etcd); it lives in the container's writable layer, not on the node" },
        { "no-data-dir", "etcd has no --data-dir, so it keeps its data in \"cp1.etcd\" relative to its working directory inside the image; set an absolute --data-dir on a hostPath volume" },
    };

    public static TheoryData<string, string> EditErrors => new()
    {
        { "data-dir-emptydir", "volume \"etcd-data\" (mounted at /var/lib/etcd) is an emptyDir volume, not a hostPath; its contents do not survive on the node" },
        { "missing-volume", "volumeMount /var/lib/etcd of container \"etcd\" refers to volume \"etcd-data\", which spec.volumes does not define" },
        { "ambiguous-volumes", "volumes \"etcd-data\" (/var/lib/etcd) and \"etcd-data-copy\" (/var/lib/etcd) overlap on the node; switching one would leave the other on the old data; refusing an ambiguous edit" },
        { "certs-on-data-volume", "--trusted-ca-file /srv/etcd/pki/ca.crt is on volume \"etcd\" too; switching that volume would move etcd's certificates as well; refusing" },
    };

    [Theory]
    [MemberData(nameof(LoadErrors))]
    public void Load_BadManifest_ThrowsOneLineManifestException(string name, string message)
    {
        var e = Assert.Throws<ManifestException>(() => EtcdPodManifest.Parse(Input(name), Etcd));

        Assert.Equal($"manifest {Etcd}: {message}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [MemberData(nameof(DiscoverErrors))]
    public void Discover_PathNotOnNode_ThrowsOneLineManifestException(string name, string message)
    {
        var manifest = EtcdPodManifest.Parse(Input(name), Etcd);

        var e = Assert.Throws<ManifestException>(() => manifest.Discover());

        Assert.Equal($"manifest {Etcd}: {message}", e.Message);
    }

    [Theory]
    [MemberData(nameof(EditErrors))]
    public void SwitchDataDir_UnsafeManifest_Refuses(string name, string message)
    {
        var e = Assert.Throws<ManifestException>(() =>
            EtcdManifestEditor.SwitchDataDir(Input(name), Etcd, new DataDirSwitch("/var/lib/etcd-new", "x sha256:00")));

        Assert.Equal($"manifest {Etcd}: {message}", e.Message);
    }

    [Fact]
    public void SwitchDataDir_WalOnOwnVolumeWithoutNewWal_Refuses()
    {
        var text = StaticPodManifest.ReadText(Golden.TestData("manifests", "wal-dir.input.yaml"));

        var e = Assert.Throws<ManifestException>(() =>
            EtcdManifestEditor.SwitchDataDir(text, Etcd, new DataDirSwitch("/var/lib/etcd-new", "x sha256:00")));

        Assert.Equal($"manifest {Etcd}: --wal-dir /var/lib/etcd-wal/wal is on its own volume \"etcd-wal\" (/mnt/nvme/etcd-wal/wal); "
            + "a restored data dir needs its restored WAL dir too: pass the new WAL dir", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void SwitchDataDir_NewWalWithoutWalDir_Refuses()
    {
        var text = StaticPodManifest.ReadText(Golden.TestData("manifests", "kubeadm-default.input.yaml"));

        var e = Assert.Throws<ManifestException>(() => EtcdManifestEditor.SwitchDataDir(text, Etcd,
            new DataDirSwitch("/var/lib/etcd-new", "x sha256:00") { NewWalDir = "/var/lib/wal" }));

        Assert.EndsWith("etcd has no --wal-dir (its WAL is inside the data dir); do not pass a new WAL dir", e.Message);
    }

    [Fact]
    public void SwitchDataDir_DataDirBelowMountAndTargetWithoutSameTail_RefusesWithExample()
    {
        var text = StaticPodManifest.ReadText(Golden.TestData("manifests", "custom-data-dir.input.yaml"));

        var e = Assert.Throws<ManifestException>(() =>
            EtcdManifestEditor.SwitchDataDir(text, Etcd, new DataDirSwitch("/var/lib/etcd-from-backup", "x sha256:00")));

        Assert.Equal($"manifest {Etcd}: --data-dir /var/lib/etcd/data is \"data\" inside volume \"etcd-data\", and only the "
            + "volume's hostPath can change; the new directory must end in /data (for example /var/lib/etcd-restored/data), "
            + "not /var/lib/etcd-from-backup", e.Message);
    }

    [Theory]
    [InlineData("relative/dir", "the new data dir \"relative/dir\" must be an absolute path on the node")]
    [InlineData("/", "the new data dir cannot be /")]
    public void SwitchDataDir_BadTarget_Refuses(string target, string message)
    {
        var text = StaticPodManifest.ReadText(Golden.TestData("manifests", "kubeadm-default.input.yaml"));

        var e = Assert.Throws<ManifestException>(() => EtcdManifestEditor.SwitchDataDir(text, Etcd, new DataDirSwitch(target, "x")));

        Assert.Equal($"manifest {Etcd}: {message}", e.Message);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNotFoundWithHint()
    {
        var e = Assert.Throws<ManifestException>(() => EtcdPodManifest.Load("/nonexistent/etcd.yaml"));

        Assert.Equal("manifest /nonexistent/etcd.yaml: not found", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void ReadText_InvalidUtf8_ThrowsManifestException()
    {
        var path = Path.Combine(Path.GetTempPath(), $"etcdsnap-bad-{Guid.NewGuid():N}.yaml");
        File.WriteAllBytes(path, [0x61, 0x3a, 0x20, 0xff, 0x0a]);
        try
        {
            var e = Assert.Throws<ManifestException>(() => StaticPodManifest.ReadText(path));
            Assert.EndsWith("is not UTF-8 text (bad byte at offset 3)", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Input(string name) => StaticPodManifest.ReadText(Golden.TestData("manifests", "errors", name + ".yaml"));
}
