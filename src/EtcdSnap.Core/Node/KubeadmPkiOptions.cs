using System.Net;

namespace EtcdSnap.Core.Node;

/// <summary>Names in a <see cref="KubeadmPki"/>: kubeadm's by default.</summary>
public sealed record KubeadmPkiOptions
{
    /// <summary>kubeadm's common name for the etcd healthcheck client (constants.EtcdHealthcheckClientCertCommonName).</summary>
    public const string HealthcheckClientCommonName = "kube-etcd-healthcheck-client";

    /// <summary>kubeadm's common name for the API server's etcd client (constants.APIServerEtcdClientCertCommonName).</summary>
    public const string ApiServerEtcdClientCommonName = "kube-apiserver-etcd-client";

    /// <summary>The node name: kubeadm uses it as the common name of the server and peer certificates and as a DNS
    /// name in their SANs.</summary>
    public string NodeName { get; init; } = "controlplane";

    /// <summary>The CA's common name (kubeadm: <c>etcd-ca</c>).</summary>
    public string CaCommonName { get; init; } = "etcd-ca";

    /// <summary>The server certificate's common name; <see cref="NodeName"/> when null.</summary>
    public string? ServerName { get; init; }

    /// <summary>The peer certificate's common name; <see cref="NodeName"/> when null.</summary>
    public string? PeerName { get; init; }

    /// <summary>Also issue kubeadm's <c>apiserver-etcd-client</c> pair into the PKI folder's parent.</summary>
    public bool IssueApiServerEtcdClient { get; init; }

    internal string ServerCommonName => ServerName ?? NodeName;

    internal string PeerCommonName => PeerName ?? NodeName;

    /// <summary>SANs of every leaf: the node name and localhost, 127.0.0.1 and ::1 (kubeadm adds the node's
    /// advertise address too; every address here is loopback).</summary>
    internal (IReadOnlyList<string> Dns, IReadOnlyList<IPAddress> Ips) LeafNames() =>
        (NodeName == "localhost" ? ["localhost"] : [NodeName, "localhost"], [IPAddress.Loopback, IPAddress.IPv6Loopback]);
}
