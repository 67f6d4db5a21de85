namespace EtcdSnap.Core.Inspection;

/// <summary>The object asked for is not alive in the snapshot (kubectl's NotFound).</summary>
public sealed class ObjectNotFoundException : Exception
{
    /// <summary>Creates the exception; the message reads like kubectl's (<c>deployments.apps "blue" not found …</c>).</summary>
    public ObjectNotFoundException(ResolvedResource resource, string? objectNamespace, string name, string key, string snapshotPath,
        long revision)
        : base($"{resource.QualifiedName} \"{name}\" not found" +
            (objectNamespace is null ? "" : $" in namespace \"{objectNamespace}\"") + $" (key {key}, snapshot revision {revision})")
    {
        Resource = resource;
        Namespace = objectNamespace;
        Name = name;
        Key = key;
        SnapshotPath = snapshotPath;
    }

    /// <summary>The resource looked in.</summary>
    public ResolvedResource Resource { get; }

    /// <summary>The namespace looked in; null for a cluster-scoped resource.</summary>
    public string? Namespace { get; }

    /// <summary>The object name.</summary>
    public string Name { get; }

    /// <summary>The etcd key that was looked for.</summary>
    public string Key { get; }

    /// <summary>The snapshot file.</summary>
    public string SnapshotPath { get; }

    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
