using EtcdSnap.Core.Node;
using EtcdSnap.Kubernetes;
using EtcdSnap.Kubernetes.Manifests;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Node;

[Collection(nameof(SharedPki))]
public sealed class KubeadmNodeTreeTests(PkiTemplate template) : IDisposable
{
    private readonly TempDirectory _temp = new("tree");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Create_SeparateHostPaths_ManifestResolvesEveryFileThroughItsVolumes()
    {
        var tree = KubeadmNodeTree.Create(new KubeadmNodeOptions
        {
            Root = _temp.Combine("node"),
            SeparateHostPaths = true,
            CopyPkiFrom = template.Directory,
        });

        var manifest = EtcdPodManifest.Load(tree.EtcdManifest);
        var discovery = manifest.Discover(tree.Root);

        Assert.Equal(tree.ClientUrl, discovery.ClientEndpoint);
        Assert.Equal("/var/lib/etcd", discovery.DataDir.ContainerPath);
        Assert.Equal("/data/etcd", discovery.DataDir.HostPath);
        Assert.Equal(tree.DataDirectory, discovery.DataDir.LocalPath);
        Assert.True(Directory.Exists(tree.DataDirectory));
        Assert.Equal("/etc/kubernetes/pki/etcd/ca.crt", discovery.TrustedCa!.ContainerPath);
        Assert.Equal("/srv/kubernetes/pki/etcd/ca.crt", discovery.TrustedCa.HostPath);
        Assert.True(File.Exists(discovery.TrustedCa.LocalPath));
        Assert.Equal(tree.Pki.HealthcheckClientCert, discovery.ClientCert!.LocalPath);
        Assert.False(Directory.Exists(Path.Combine(tree.Root, "etc", "kubernetes", "pki")));
        Assert.True(File.Exists(Path.Combine(tree.Root, "srv", "kubernetes", "pki", "apiserver-etcd-client.crt")));
        Assert.True(discovery.ClientCertAuth);
        Assert.True(discovery.PeerClientCertAuth);
        Assert.Equal("controlplane", discovery.MemberName);
        Assert.Equal($"controlplane={tree.PeerUrl}", discovery.InitialCluster);
        Assert.Empty(discovery.Warnings);
    }

    [Fact]
    public void Create_Default_KubeadmLayout()
    {
        var tree = KubeadmNodeTree.Create(new KubeadmNodeOptions { Root = _temp.Combine("node"), CopyPkiFrom = template.Directory });
        var manifest = EtcdPodManifest.Load(tree.EtcdManifest);

        Assert.Equal("etcd", manifest.Pod.Name);
        Assert.Equal("kube-system", manifest.Pod.Namespace);
        Assert.True(manifest.Pod.HostNetwork);
        Assert.Equal(["etcd-certs", "etcd-data"], manifest.Pod.Volumes.Select(v => v.Name).ToArray());
        Assert.All(manifest.Pod.Volumes, v => Assert.Equal("DirectoryOrCreate", v.HostPathType));
        Assert.Equal("/var/lib/etcd", manifest.Pod.FindVolume("etcd-data")!.HostPath);
        Assert.Equal("/var/lib/etcd", manifest.Flags.Get("data-dir"));
        Assert.Contains("livenessProbe:", manifest.Pod.Text, StringComparison.Ordinal);
        Assert.Contains("startupProbe:", manifest.Pod.Text, StringComparison.Ordinal);
        Assert.Equal(["etcd.yaml", "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml"],
            Directory.GetFiles(tree.ManifestsDirectory).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray());
        foreach (var other in new[] { "kube-apiserver", "kube-controller-manager", "kube-scheduler" })
        {
            var path = Path.Combine(tree.ManifestsDirectory, other + ".yaml");
            Assert.Equal(other, StaticPodManifest.Load(path).Name);
            Assert.Throws<ManifestException>(() => EtcdPodManifest.Load(path));
        }
    }

    [Fact]
    public void Create_Manifest_IsSwitchableByTheEditor()
    {
        var tree = KubeadmNodeTree.Create(new KubeadmNodeOptions
        {
            Root = _temp.Combine("node"),
            SeparateHostPaths = true,
            CopyPkiFrom = template.Directory,
        });
        var text = StaticPodManifest.ReadText(tree.EtcdManifest);

        var edit = EtcdManifestEditor.SwitchDataDir(text, tree.EtcdManifest, new DataDirSwitch("/data/etcd-restored", "snap sha256:00"));

        Assert.Equal(["spec.volumes[etcd-data].hostPath.path: /data/etcd -> /data/etcd-restored",
            "metadata.annotations[etcdsnap.io/restored-from]: (none) -> snap sha256:00"], edit.Changes.Select(c => c.ToString()).ToArray());
    }

    [Fact]
    public void Create_NonEmptyRoot_Refuses()
    {
        Directory.CreateDirectory(_temp.Combine("node"));
        File.WriteAllText(_temp.Combine("node", "keep-me"), "x");

        var e = Assert.Throws<OperationRefusedException>(() =>
            KubeadmNodeTree.Create(new KubeadmNodeOptions { Root = _temp.Combine("node"), CopyPkiFrom = template.Directory }));

        Assert.Contains("is not empty", e.Message, StringComparison.Ordinal);
        Assert.Equal(["keep-me"], Directory.GetFileSystemEntries(_temp.Combine("node")).Select(p => Path.GetFileName(p)).ToArray());
    }
}
