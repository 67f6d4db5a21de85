namespace EtcdSnap.Core.Inspection;

/// <summary>One object, named as for <c>kubectl get RESOURCE [-n NAMESPACE] NAME</c>.</summary>
/// <param name="Resource">The resource in any form kubectl accepts (<c>deploy</c>, <c>deployments.apps</c>, <c>widgets.example.com</c>).</param>
/// <param name="Name">The object name.</param>
/// <param name="Namespace">The namespace; null means <c>default</c> for namespaced resources (ignored for cluster-scoped ones).</param>
public sealed record ObjectQuery(string Resource, string Name, string? Namespace = null)
{
    /// <summary>The namespace kubectl assumes when none is given.</summary>
    public const string DefaultNamespace = "default";
}
