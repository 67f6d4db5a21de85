using System.Text;
using System.Text.Json;
using EtcdSnap.Kubernetes.Manifests;
using EtcdSnap.Testing;

namespace EtcdSnap.Kubernetes.Tests.Manifests;

/// <summary>
/// Real-world etcd.yaml variants under testdata/manifests: the data-dir switch must give the checked-in expected text
/// (byte for byte), change only the intended values (checked with an independent YAML reader), and discovery must
/// give the checked-in JSON. UPDATE_GOLDEN=1 rewrites the expected files.
/// </summary>
public sealed class ManifestGoldenTests
{
    public const string Snapshot = "/opt/snapshot-pre-boot.db sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    public static TheoryData<string, string, string?> Cases => new()
    {
        { "kubeadm-default", "/var/lib/etcd-from-backup", null },
        { "seed", "/var/lib/etcd-from-backup", null },
        { "crlf", "/var/lib/etcd-from-backup", null },
        { "custom-data-dir", "/var/lib/etcd-from-backup/data", null },
        { "existing-annotations", "/var/lib/etcd-from-backup", null },
        { "wal-dir", "/var/lib/etcd-from-backup", "/mnt/nvme/etcd-wal-from-backup/wal" },
        { "extra-volumes", "/var/lib/etcd-restored-2024-02-05", null },
        { "reordered-indented", "/var/lib/etcd-from-backup", null },
        { "args-flags", "/var/lib/etcd from backup", null },
        { "quoted-comments", "/var/lib/etcd-from-backup", null },
        { "subpath", "/mnt/restore/etcd/member-data", null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void SwitchDataDir_Case_MatchesGoldenAndChangesOnlyTargets(string name, string newDataDir, string? newWalDir)
    {
        // Given
        var inputPath = Golden.TestData("manifests", name + ".input.yaml");
        var input = StaticPodManifest.ReadText(inputPath);

        // When
        var edit = EtcdManifestEditor.SwitchDataDir(input, "/etc/kubernetes/manifests/etcd.yaml",
            new DataDirSwitch(newDataDir, Snapshot) { NewWalDir = newWalDir });

        // Then
        Golden.Assert(Golden.TestData("manifests", name + ".expected.yaml"), edit.NewText);
        var changed = YamlFlattener.ChangedPaths(input, edit.NewText);
        var allowed = changed.Where(p => p.EndsWith(".hostPath.path", StringComparison.Ordinal)
            || p == "metadata.annotations" || p == "metadata.annotations." + EtcdManifestEditor.RestoredFromAnnotation);
        Assert.Equal(changed, allowed);
        Assert.Contains("metadata.annotations." + EtcdManifestEditor.RestoredFromAnnotation, changed);
        var after = EtcdPodManifest.Parse(edit.NewText, "edited");
        Assert.Equal(newDataDir, after.Resolve(after.Flags.Get("data-dir")!, "--data-dir").HostPath);
        if (newWalDir is not null)
        {
            Assert.Equal(newWalDir, after.Resolve(after.Flags.Get("wal-dir")!, "--wal-dir").HostPath);
        }

        Assert.Equal(Snapshot, after.Pod.Annotations[EtcdManifestEditor.RestoredFromAnnotation]);
        var crlf = input.Contains("\r\n", StringComparison.Ordinal);
        Assert.Equal(crlf ? LineBreaks(edit.NewText) : 0, CrLfs(edit.NewText));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SwitchDataDir_Applied_IsIdempotentOnSecondRun(string name, string newDataDir, string? newWalDir)
    {
        var input = StaticPodManifest.ReadText(Golden.TestData("manifests", name + ".input.yaml"));
        var request = new DataDirSwitch(newDataDir, Snapshot) { NewWalDir = newWalDir };
        var once = EtcdManifestEditor.SwitchDataDir(input, "etcd.yaml", request);

        var twice = EtcdManifestEditor.SwitchDataDir(once.NewText, "etcd.yaml", request);

        Assert.Equal(once.NewText, twice.NewText);
        Assert.False(twice.HasChanges);
    }

    public static TheoryData<string, string, bool> DiscoveryCases => new()
    {
        { "kubeadm-default", "kubeadm-default", true },
        { "kubeadm-default", "kubeadm-default.no-healthcheck", false },
        { "seed", "seed", false },
        { "custom-data-dir", "custom-data-dir", true },
        { "wal-dir", "wal-dir", true },
        { "extra-volumes", "extra-volumes", true },
        { "reordered-indented", "reordered-indented", false },
        { "args-flags", "args-flags", false },
        { "quoted-comments", "quoted-comments", true },
        { "subpath", "subpath", false },
    };

    [Theory]
    [MemberData(nameof(DiscoveryCases))]
    public void Discover_Case_MatchesGolden(string input, string golden, bool healthcheckPresent)
    {
        // Given a temp dir playing the node's root filesystem, with or without kubeadm's healthcheck client pair.
        using var root = new TempDirectory("etcdsnap-discovery");
        var pki = Path.Combine(root.Path, "etc/kubernetes/pki/etcd");
        Directory.CreateDirectory(pki);
        if (healthcheckPresent)
        {
            File.WriteAllText(Path.Combine(pki, "healthcheck-client.crt"), "cert");
            File.WriteAllText(Path.Combine(pki, "healthcheck-client.key"), "key");
        }

        var manifest = EtcdPodManifest.Load(Golden.TestData("manifests", input + ".input.yaml"));

        // When
        var discovery = manifest.Discover(root.Path) with { ManifestPath = "/etc/kubernetes/manifests/etcd.yaml" };

        // Then
        var json = ToJson(discovery).Replace(root.Path, "$ROOT", StringComparison.Ordinal);
        Golden.Assert(Golden.TestData("manifests", golden + ".discovery.json"), json);
    }

    [Fact]
    public void SwitchDataDir_KubeadmDefault_DryRunDiffMatchesGolden()
    {
        var input = StaticPodManifest.ReadText(Golden.TestData("manifests", "kubeadm-default.input.yaml"));

        var edit = EtcdManifestEditor.SwitchDataDir(input, "/etc/kubernetes/manifests/etcd.yaml",
            new DataDirSwitch("/var/lib/etcd-from-backup", Snapshot));

        Golden.Assert(Golden.TestData("manifests", "kubeadm-default.dry-run.txt"), edit.Summary() + "\n\n" + edit.UnifiedDiff());
    }

    private static int LineBreaks(string text) => text.Count(c => c == '\n');

    private static int CrLfs(string text) => text.Split("\r\n").Length - 1;

    internal static string ToJson(EtcdDiscovery discovery)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            discovery.WriteJson(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }
}
