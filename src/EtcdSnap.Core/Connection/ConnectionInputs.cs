namespace EtcdSnap.Core.Connection;

/// <summary>What the user said about reaching etcd: flags, with environment and manifest filling the gaps.</summary>
/// <remarks>
/// Precedence, highest first: explicit flags, <c>ETCDCTL_*</c> environment variables, the kubeadm static pod
/// manifest (explicit <see cref="ManifestPath"/>, or <see cref="DefaultManifestPath"/> when no endpoint was given and
/// that file exists), then etcdctl's default endpoint <c>127.0.0.1:2379</c>.
/// </remarks>
public sealed record ConnectionInputs
{
    /// <summary>kubeadm's etcd static pod manifest.</summary>
    public const string DefaultManifestPath = "/etc/kubernetes/manifests/etcd.yaml";

    /// <summary><c>--endpoints</c>, split on commas; empty when not given.</summary>
    public IReadOnlyList<string> Endpoints { get; init; } = [];

    /// <summary><c>--cacert</c>: the CA bundle that signed the server certificate.</summary>
    public string? CaCert { get; init; }

    /// <summary><c>--cert</c>: client certificate (PEM).</summary>
    public string? Cert { get; init; }

    /// <summary><c>--key</c>: client private key (PEM, PKCS#1 or PKCS#8).</summary>
    public string? Key { get; init; }

    /// <summary><c>--dial-timeout</c>; etcdctl's default is 2s.</summary>
    public TimeSpan? DialTimeout { get; init; }

    /// <summary><c>--command-timeout</c>; etcdctl's default is 5s. For a snapshot stream it bounds a stall, not the whole stream.</summary>
    public TimeSpan? CommandTimeout { get; init; }

    /// <summary><c>--manifest</c>: an etcd static pod manifest to discover endpoint and certificates from.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>Where the node's filesystem root is (hostPath volumes resolve under it); "/" on a real node.</summary>
    public string HostRoot { get; init; } = "/";

    /// <summary>The process environment to read <c>ETCDCTL_*</c> from; null means the real one.</summary>
    public IReadOnlyDictionary<string, string?>? Environment { get; init; }
}
