namespace EtcdSnap.Core.Inspection;

/// <summary>Which objects to list or compare.</summary>
/// <param name="Namespace">Only objects in this namespace (cluster-scoped ones are left out); null for all.</param>
/// <param name="Resource">Only this resource, in any form kubectl accepts (<c>deploy</c>, <c>deployments.apps</c>); null for all.</param>
public sealed record ObjectFilter(string? Namespace = null, string? Resource = null)
{
    /// <summary>No filter: every object.</summary>
    public static ObjectFilter All { get; } = new();

    /// <summary>True when neither a namespace nor a resource was given.</summary>
    public bool IsEmpty => Namespace is null && Resource is null;
}
