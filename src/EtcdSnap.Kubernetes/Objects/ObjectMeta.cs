namespace EtcdSnap.Kubernetes.Objects;

/// <summary>The standard metadata of a Kubernetes object (meta/v1 ObjectMeta), as far as EtcdSnap decodes it.</summary>
/// <remarks>Used both as decoder output and as encoder input. Fields the decoder does not interpret (managedFields,
/// unknown numbers) are listed in <see cref="Undecoded"/>, never guessed.</remarks>
public sealed record ObjectMeta
{
    /// <summary><c>metadata.name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary><c>metadata.generateName</c>.</summary>
    public string GenerateName { get; init; } = "";

    /// <summary><c>metadata.namespace</c> (empty for cluster-scoped objects).</summary>
    public string Namespace { get; init; } = "";

    /// <summary><c>metadata.selfLink</c> (deprecated; empty in current clusters).</summary>
    public string SelfLink { get; init; } = "";

    /// <summary><c>metadata.uid</c>.</summary>
    public string Uid { get; init; } = "";

    /// <summary><c>metadata.resourceVersion</c>; empty in etcd, where the revision is the version.</summary>
    public string ResourceVersion { get; init; } = "";

    /// <summary><c>metadata.generation</c>.</summary>
    public long Generation { get; init; }

    /// <summary><c>metadata.creationTimestamp</c> (second precision), null when unset.</summary>
    public DateTimeOffset? CreationTimestamp { get; init; }

    /// <summary><c>metadata.deletionTimestamp</c>: set while the object waits for finalizers.</summary>
    public DateTimeOffset? DeletionTimestamp { get; init; }

    /// <summary><c>metadata.deletionGracePeriodSeconds</c>.</summary>
    public long? DeletionGracePeriodSeconds { get; init; }

    /// <summary><c>metadata.labels</c>.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary><c>metadata.annotations</c>.</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; init; } = new Dictionary<string, string>();

    /// <summary><c>metadata.ownerReferences</c>.</summary>
    public IReadOnlyList<OwnerReference> OwnerReferences { get; init; } = [];

    /// <summary><c>metadata.finalizers</c>.</summary>
    public IReadOnlyList<string> Finalizers { get; init; } = [];

    /// <summary>Metadata fields present but not decoded (e.g. managedFields = 17).</summary>
    public IReadOnlyList<UndecodedField> Undecoded { get; init; } = [];

    /// <summary>The owner marked <c>controller: true</c>, if any.</summary>
    public OwnerReference? ControllerOwner => OwnerReferences.FirstOrDefault(o => o.Controller == true);
}
