namespace EtcdSnap.Formats.Membership;

/// <summary>
/// The flags that define the new cluster of a restore, with etcdctl/etcdutl's defaults
/// (etcd <c>etcdctl/ctlv3/command/snapshot_command.go</c>, <c>etcdutl/etcdutl/snapshot_command.go</c>).
/// </summary>
public sealed record BootstrapOptions
{
    /// <summary>etcd's default member name.</summary>
    public const string DefaultName = "default";

    /// <summary>etcd's default peer URL.</summary>
    public const string DefaultPeerUrl = "http://localhost:2380";

    /// <summary>etcd's default cluster token.</summary>
    public const string DefaultToken = "etcd-cluster";

    /// <summary><c>--name</c>: this member's name; must appear in <see cref="InitialCluster"/>.</summary>
    public string Name { get; init; } = DefaultName;

    /// <summary><c>--initial-advertise-peer-urls</c>: comma-separated; must equal this member's URLs in <see cref="InitialCluster"/>.</summary>
    public string InitialAdvertisePeerUrls { get; init; } = DefaultPeerUrl;

    /// <summary>
    /// <c>--initial-cluster</c>: <c>name=url,...</c>. The default is <c>default=http://localhost:2380</c> whatever
    /// <see cref="Name"/> is, as in etcdctl (whose flag default is computed from the default name).
    /// </summary>
    public string InitialCluster { get; init; } = $"{DefaultName}={DefaultPeerUrl}";

    /// <summary><c>--initial-cluster-token</c>: mixed into every member ID.</summary>
    public string InitialClusterToken { get; init; } = DefaultToken;

    /// <summary>The etcd version the result is for (3.4 is stricter about unix URLs).</summary>
    public EtcdTarget Target { get; init; } = EtcdTarget.V35;
}
