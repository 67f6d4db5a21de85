using EtcdSnap.Core.Connection;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Connection;

public sealed class ConnectionResolverTests
{
    private static readonly string s_manifest = Path.Combine(AppContext.BaseDirectory, "testdata", "kubeadm-default.yaml");

    [Fact]
    public void Resolve_NothingGiven_NoManifest_UsesEtcdctlDefault()
    {
        using var root = new TempDirectory();

        var r = ConnectionResolver.Resolve(new ConnectionInputs { HostRoot = root.Path, Environment = Empty });

        Assert.Null(r.Options.Endpoints);
        Assert.Null(r.Discovery);
        Assert.Equal("default 127.0.0.1:2379", r.EndpointSource);
    }

    [Fact]
    public void Resolve_DefaultManifestUnderHostRoot_IsDiscovered()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.Combine("etc", "kubernetes", "manifests"));
        File.Copy(s_manifest, root.Combine("etc", "kubernetes", "manifests", "etcd.yaml"));

        var r = ConnectionResolver.Resolve(new ConnectionInputs { HostRoot = root.Path, Environment = Empty });

        Assert.NotNull(r.Discovery);
        Assert.Equal([r.Discovery.ClientEndpoint], r.Options.Endpoints);
        Assert.StartsWith(root.Path, r.Options.CaCertPath, StringComparison.Ordinal);
        Assert.StartsWith("manifest ", r.EndpointSource, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_EnvironmentEndpoint_WinsOverDefaultManifest_FlagsWinOverEnvironment()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.Combine("etc", "kubernetes", "manifests"));
        File.Copy(s_manifest, root.Combine("etc", "kubernetes", "manifests", "etcd.yaml"));
        var env = new Dictionary<string, string?> { ["ETCDCTL_ENDPOINTS"] = "http://10.0.0.9:2379", ["ETCDCTL_CACERT"] = "/env/ca.crt" };

        var fromEnv = ConnectionResolver.Resolve(new ConnectionInputs { HostRoot = root.Path, Environment = env });
        var fromFlags = ConnectionResolver.Resolve(new ConnectionInputs
        {
            HostRoot = root.Path,
            Environment = env,
            Endpoints = ["http://10.0.0.1:2379"],
            CaCert = "/flag/ca.crt",
        });

        Assert.Equal(["http://10.0.0.9:2379"], fromEnv.Options.Endpoints);
        Assert.Null(fromEnv.Discovery);
        Assert.Equal("/env/ca.crt", fromEnv.Options.CaCertPath);
        Assert.Equal("ETCDCTL_ENDPOINTS", fromEnv.EndpointSource);
        Assert.Equal(["http://10.0.0.1:2379"], fromFlags.Options.Endpoints);
        Assert.Equal("/flag/ca.crt", fromFlags.Options.CaCertPath);
        Assert.Equal("--endpoints", fromFlags.EndpointSource);
    }

    [Fact]
    public void Resolve_ExplicitManifestAndEndpoint_KeepsEndpointTakesCertificates()
    {
        using var root = new TempDirectory();

        var r = ConnectionResolver.Resolve(new ConnectionInputs
        {
            HostRoot = root.Path,
            Environment = Empty,
            ManifestPath = s_manifest,
            Endpoints = ["https://127.0.0.1:9999"],
        });

        Assert.Equal(["https://127.0.0.1:9999"], r.Options.Endpoints);
        Assert.NotNull(r.Options.CaCertPath);
        Assert.NotNull(r.Options.ClientCertPath);
    }

    private static Dictionary<string, string?> Empty => [];
}
