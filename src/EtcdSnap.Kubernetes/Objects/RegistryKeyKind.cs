namespace EtcdSnap.Kubernetes.Objects;

/// <summary>What an etcd key in a Kubernetes cluster is.</summary>
public enum RegistryKeyKind
{
    /// <summary>An API object: <c>/registry/[&lt;group&gt;/]&lt;resource&gt;/[&lt;namespace&gt;/]&lt;name&gt;</c>.</summary>
    ApiObject,

    /// <summary>A key kube-apiserver keeps for itself (compactor revision, IP/port allocators, master leases).</summary>
    Internal,

    /// <summary>Not under the etcd prefix: written by something other than kube-apiserver.</summary>
    Foreign,

    /// <summary>Under the prefix but not in a shape kube-apiserver writes.</summary>
    Malformed,
}
