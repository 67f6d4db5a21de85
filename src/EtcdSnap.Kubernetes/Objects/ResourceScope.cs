namespace EtcdSnap.Kubernetes.Objects;

/// <summary>Whether objects of a resource live in a namespace.</summary>
public enum ResourceScope
{
    /// <summary>Not applicable or not known.</summary>
    Unknown,

    /// <summary>Keys are <c>&lt;prefix&gt;/&lt;namespace&gt;/&lt;name&gt;</c>.</summary>
    Namespaced,

    /// <summary>Keys are <c>&lt;prefix&gt;/&lt;name&gt;</c>.</summary>
    Cluster,
}
