namespace EtcdSnap.Kubernetes.Objects;

/// <summary>One entry of <c>metadata.ownerReferences</c> (meta/v1 OwnerReference).</summary>
/// <param name="ApiVersion">The owner's API version (<c>apps/v1</c>).</param>
/// <param name="Kind">The owner's kind (<c>ReplicaSet</c>).</param>
/// <param name="Name">The owner's name.</param>
/// <param name="Uid">The owner's uid.</param>
/// <param name="Controller">True when the owner is the managing controller; null when unset.</param>
/// <param name="BlockOwnerDeletion">Foreground deletion waits for this object; null when unset.</param>
public sealed record OwnerReference(string ApiVersion, string Kind, string Name, string Uid, bool? Controller = null,
    bool? BlockOwnerDeletion = null);
