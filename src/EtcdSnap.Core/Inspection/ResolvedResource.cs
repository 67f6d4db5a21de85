using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>A resource as the user named it, matched to where its objects are stored.</summary>
/// <param name="Resource">The plural resource (<c>deployments</c>).</param>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="StoragePrefix">The key segment(s) after the etcd prefix (<c>deployments</c>, <c>services/specs</c>,
/// <c>example.com/widgets</c>).</param>
/// <param name="Kind">The kind when known (<c>Deployment</c>).</param>
/// <param name="Scope">Namespaced, cluster-scoped, or unknown (a resource only guessed from the name).</param>
public sealed record ResolvedResource(string Resource, string Group, string StoragePrefix, string? Kind, ResourceScope Scope)
{
    /// <summary><c>resource.group</c> as kubectl prints it (<c>deployments.apps</c>, <c>pods</c>).</summary>
    public string QualifiedName => Group.Length == 0 ? Resource : $"{Resource}.{Group}";

    /// <inheritdoc/>
    public override string ToString() => QualifiedName;
}
