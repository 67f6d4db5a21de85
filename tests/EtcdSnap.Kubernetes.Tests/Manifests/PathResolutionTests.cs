using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Kubernetes.Tests.Manifests;

public sealed class PathResolutionTests
{
    private const string Manifest = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: etcd
        spec:
          containers:
          - command: [etcd, --data-dir=/var/lib/etcd]
            name: etcd
            volumeMounts:
            - {mountPath: /var/lib/etcd, name: data}
            - {mountPath: /var/lib/etcd/nested, name: nested}
            - {mountPath: /var/lib/etcd-two/, name: two}
            - {mountPath: /srv, name: sub, subPath: a/b}
            - {mountPath: /, name: root}
          volumes:
          - {name: data, hostPath: {path: /disk/data}}
          - {name: nested, hostPath: {path: /disk/nested/}}
          - {name: two, hostPath: {path: /disk/two}}
          - {name: sub, hostPath: {path: /disk/sub}}
          - {name: root, hostPath: {path: /host}}
        """;

    [Theory]
    [InlineData("/var/lib/etcd", "data", "", "/disk/data")]
    [InlineData("/var/lib/etcd/member/snap", "data", "member/snap", "/disk/data/member/snap")]
    [InlineData("/var/lib/etcd/nested", "nested", "", "/disk/nested")]
    [InlineData("/var/lib/etcd/nested/x", "nested", "x", "/disk/nested/x")]
    [InlineData("/var/lib/etcd-two/wal", "two", "wal", "/disk/two/wal")]
    [InlineData("/var/lib/etcd2", "root", "var/lib/etcd2", "/host/var/lib/etcd2")]
    [InlineData("/srv/c", "sub", "a/b/c", "/disk/sub/a/b/c")]
    [InlineData("/srv", "sub", "a/b", "/disk/sub/a/b")]
    [InlineData("/var/lib//etcd/./member/../wal/", "data", "wal", "/disk/data/wal")]
    public void Resolve_ContainerPath_LongestSegmentPrefixMountWins(string containerPath, string volume, string inVolume, string host)
    {
        var manifest = EtcdPodManifest.Parse(Manifest, "etcd.yaml");

        var resolved = manifest.Resolve(containerPath, "--x");

        Assert.Equal(volume, resolved.VolumeName);
        Assert.Equal(inVolume, resolved.PathInVolume);
        Assert.Equal(host, resolved.HostPath);
        Assert.Equal(host, resolved.LocalPath);
    }

    [Fact]
    public void Resolve_WithHostRoot_LocalPathIsBelowRoot()
    {
        var manifest = EtcdPodManifest.Parse(Manifest, "etcd.yaml");

        var resolved = manifest.Resolve("/var/lib/etcd/member", "--x", "/tmp/node-root/");

        Assert.Equal("/disk/data/member", resolved.HostPath);
        Assert.Equal("/tmp/node-root/disk/data/member", resolved.LocalPath);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/abs")]
    [InlineData("a/../../x")]
    public void Resolve_SubPathLeavingVolume_Throws(string subPath)
    {
        var text = Manifest.Replace("subPath: a/b", "subPath: " + subPath, StringComparison.Ordinal);
        var manifest = EtcdPodManifest.Parse(text, "etcd.yaml");

        var e = Assert.Throws<ManifestException>(() => manifest.Resolve("/srv/f", "--x"));

        Assert.Equal($"manifest etcd.yaml: volumeMount /srv has subPath \"{subPath}\", which leaves the volume", e.Message);
    }

    [Fact]
    public void Resolve_RelativePath_Throws()
    {
        var manifest = EtcdPodManifest.Parse(Manifest, "etcd.yaml");

        var e = Assert.Throws<ManifestException>(() => manifest.Resolve("default.etcd", "--data-dir"));

        Assert.StartsWith("manifest etcd.yaml: --data-dir \"default.etcd\" is relative", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DuplicateVolumeNames_Throws()
    {
        var text = Manifest.Replace("{name: two,", "{name: data,", StringComparison.Ordinal);

        var e = Assert.Throws<ManifestException>(() => EtcdPodManifest.Parse(text, "etcd.yaml"));

        Assert.Equal("manifest etcd.yaml: volume \"data\" is defined more than once in spec.volumes", e.Message);
    }
}
