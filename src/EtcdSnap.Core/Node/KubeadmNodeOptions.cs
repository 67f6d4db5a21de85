namespace EtcdSnap.Core.Node;

/// <summary>What <see cref="KubeadmNodeTree.Create"/> builds.</summary>
public sealed record KubeadmNodeOptions
{
    /// <summary>The folder that plays the node's <c>/</c>; created when missing, and must be empty.</summary>
    public required string Root { get; init; }

    /// <summary>The node name: etcd's <c>--name</c> and the pod name suffix (<c>etcd-controlplane</c>).</summary>
    public string NodeName { get; init; } = "controlplane";

    /// <summary>etcd's client port on 127.0.0.1; a free one when null.</summary>
    public int? ClientPort { get; init; }

    /// <summary>etcd's peer port on 127.0.0.1; a free one when null.</summary>
    public int? PeerPort { get; init; }

    /// <summary>etcd's metrics and health port (kubeadm's <c>--listen-metrics-urls</c>, where its probes go); a free
    /// one when null.</summary>
    public int? MetricsPort { get; init; }

    /// <summary>
    /// Put the PKI and the data on host paths that differ from the container paths, as some distributions do:
    /// <c>/srv/kubernetes/pki/etcd</c> mounted at <c>/etc/kubernetes/pki/etcd</c>, <c>/data/etcd</c> mounted at
    /// <c>/var/lib/etcd</c>. Anything that reads the flags without the volumes then looks in the wrong place.
    /// </summary>
    public bool SeparateHostPaths { get; init; }

    /// <summary>The image named in the manifest. The local kubelet runs the etcd binary on PATH whatever it says.</summary>
    public string EtcdImage { get; init; } = "registry.k8s.io/etcd:3.5.10-0";

    /// <summary>Copy the PKI from this folder (one written by <see cref="KubeadmPki.Create"/>, with the
    /// <c>apiserver-etcd-client</c> pair in its parent) instead of generating one: RSA keys take seconds to make, and
    /// tests build many trees. The certificates must be valid for this tree's node name.</summary>
    public string? CopyPkiFrom { get; init; }

    /// <summary>Flags appended to etcd's command after kubeadm's (e.g. shorter election timeouts in tests).</summary>
    public IReadOnlyList<string> ExtraEtcdFlags { get; init; } = [];
}
