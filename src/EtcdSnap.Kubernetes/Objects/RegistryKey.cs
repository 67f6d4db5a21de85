namespace EtcdSnap.Kubernetes.Objects;

/// <summary>An etcd key as kube-apiserver uses it, taken apart.</summary>
public sealed record RegistryKey
{
    /// <summary>The key as given.</summary>
    public required string Key { get; init; }

    /// <summary>What the key is.</summary>
    public required RegistryKeyKind Kind { get; init; }

    /// <summary>The plural resource (<c>pods</c>, <c>services</c>, <c>backups</c>); null for non-objects.</summary>
    public string? Resource { get; init; }

    /// <summary>The API group (empty for core; null when not known, e.g. an unknown resource without a group in the
    /// key).</summary>
    public string? Group { get; init; }

    /// <summary>The key segment(s) after the etcd prefix that name the resource (<c>services/specs</c>).</summary>
    public string? StoragePrefix { get; init; }

    /// <summary>The namespace, or null for cluster-scoped objects.</summary>
    public string? Namespace { get; init; }

    /// <summary>The object name (for internal keys, the last segment or the key).</summary>
    public string? Name { get; init; }

    /// <summary>Namespaced or cluster-scoped.</summary>
    public ResourceScope Scope { get; init; }

    /// <summary>True when <see cref="Scope"/> was inferred from the number of key segments because the resource is
    /// not in the built-in table (custom resources, resources newer than the table).</summary>
    public bool ScopeIsGuess { get; init; }

    /// <summary>The object kind when the table knows it (<c>Pod</c>); the value's TypeMeta is authoritative.</summary>
    public string? ObjectKind { get; init; }

    /// <summary>For internal, foreign and malformed keys, what it is or what is wrong.</summary>
    public string? Note { get; init; }

    /// <summary><c>resource.group</c> as kubectl prints it (<c>deployments.apps</c>, <c>pods</c>).</summary>
    public string? QualifiedResource => Resource is null ? null
        : string.IsNullOrEmpty(Group) ? Resource : $"{Resource}.{Group}";
}
