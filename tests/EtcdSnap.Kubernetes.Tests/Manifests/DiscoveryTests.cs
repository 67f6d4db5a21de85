using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Kubernetes.Tests.Manifests;

public sealed class DiscoveryTests
{
    private static EtcdDiscovery Discover(string flags, bool hostNetwork = true, string env = "")
    {
        var text = $$$"""
            apiVersion: v1
            kind: Pod
            metadata: {name: etcd}
            spec:
              hostNetwork: {{{(hostNetwork ? "true" : "false")}}}
              containers:
              - name: etcd
                image: registry.k8s.io/etcd:3.5.15-0
                command: [etcd, {{{flags}}}]
                env: [{{{env}}}]
                volumeMounts: [{mountPath: /var/lib/etcd, name: data}]
              volumes: [{name: data, hostPath: {path: /var/lib/etcd}}]
            """;
        return EtcdPodManifest.Parse(text, "etcd.yaml").Discover();
    }

    [Theory]
    [InlineData("--listen-client-urls=https://10.0.0.1:2379\\,https://127.0.0.1:2379", "https://127.0.0.1:2379")]
    [InlineData("--listen-client-urls=http://localhost:2379", "http://localhost:2379")]
    [InlineData("--listen-client-urls=https://[::1]:2379", "https://[::1]:2379")]
    [InlineData("--listen-client-urls=https://0.0.0.0:12379", "https://127.0.0.1:12379")]
    [InlineData("--listen-client-urls=https://[::]:2379", "https://127.0.0.1:2379")]
    [InlineData("--listen-client-urls=https://10.0.0.1:2379, --advertise-client-urls=https://10.0.0.9:2379", "https://10.0.0.9:2379")]
    [InlineData("--listen-client-urls=unix://etcd.sock\\,https://10.0.0.1:2379", "https://10.0.0.1:2379")]
    [InlineData("--name=x", "http://localhost:2379")]
    public void Discover_ClientEndpoint_PrefersLoopbackThenWildcardThenAdvertised(string flags, string expected)
    {
        var d = Discover("--data-dir=/var/lib/etcd, " + Quote(flags));

        Assert.Equal(expected, d.ClientEndpoint);
    }

    [Fact]
    public void Discover_Defaults_FromEtcd()
    {
        var d = Discover("--data-dir=/var/lib/etcd");

        Assert.Equal("default", d.MemberName);
        Assert.Equal("etcd-cluster", d.InitialClusterToken);
        Assert.Equal("new", d.InitialClusterState);
        Assert.False(d.ClientCertAuth);
        Assert.Null(d.TrustedCa);
        Assert.Null(d.ClientCert);
        Assert.Null(d.WalDir);
        Assert.Empty(d.Warnings);
    }

    [Fact]
    public void Discover_NoHostNetwork_Warns()
    {
        var d = Discover("--data-dir=/var/lib/etcd", hostNetwork: false);

        Assert.Equal(["the pod does not set hostNetwork: true, so 127.0.0.1 on the node does not reach this etcd"], d.Warnings);
    }

    [Fact]
    public void Discover_DataDirFromEnvironment_Resolved()
    {
        var d = Discover("--name=m", env: "{name: ETCD_DATA_DIR, value: /var/lib/etcd/env}");

        Assert.Equal("/var/lib/etcd/env", d.DataDir.HostPath);
    }

    [Fact]
    public void Discover_HttpsWithoutCa_Warns()
    {
        var d = Discover("--data-dir=/var/lib/etcd, --listen-client-urls=https://127.0.0.1:2379");

        Assert.Contains("the client endpoint uses https but etcd has no --trusted-ca-file; pass the CA explicitly", d.Warnings);
    }

    // Flags are written as flow-sequence items; a comma or bracket inside a value must be quoted there.
    private static string Quote(string flags) => string.Join(", ",
        flags.Split(", ").Select(f => f.Contains("\\,", StringComparison.Ordinal) || f.Contains('[', StringComparison.Ordinal) ? $"\"{f.Replace("\\,", ",", StringComparison.Ordinal)}\"" : f));
}
