using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>One key alive in a snapshot, taken apart in Kubernetes terms, with its etcd facts.</summary>
public sealed record SnapshotObject
{
    /// <summary>Where the key points: resource, namespace and name for API objects; the class of other keys.</summary>
    public required RegistryKey Location { get; init; }

    /// <summary>TypeMeta apiVersion from the value; null when the value is encrypted or not an object.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>TypeMeta kind from the value or, for encrypted values, from the resource table; null when unknown.</summary>
    public string? Kind { get; init; }

    /// <summary>How the value is stored.</summary>
    public required StoredValueEncoding Encoding { get; init; }

    /// <summary>For encrypted values: provider, format version and key (or KMS plugin) name.</summary>
    public StoredValueFormat? Encryption { get; init; }

    /// <summary>Value length in bytes.</summary>
    public long Size { get; init; }

    /// <summary>Main revision at which the key was (re)created.</summary>
    public long CreateRevision { get; init; }

    /// <summary>Main revision of its last change; kube-apiserver's resourceVersion.</summary>
    public long ModRevision { get; init; }

    /// <summary>etcd's version counter of the key (1 on creation, +1 per write).</summary>
    public long Version { get; init; }

    /// <summary>Lease id, 0 for none (Kubernetes attaches events to leases).</summary>
    public long Lease { get; init; }

    /// <summary>Why the value's type could not be read although its first bytes promise an object; else null.</summary>
    public string? Problem { get; init; }

    /// <summary>The etcd key.</summary>
    public string Key => Location.Key;

    /// <summary>True for a Secret whose value is readable without the cluster's encryption keys.</summary>
    public bool IsUnencryptedSecret => Location is { Kind: RegistryKeyKind.ApiObject, Resource: "secrets", Group: "" }
        && Encoding != StoredValueEncoding.Encrypted;

    /// <summary>True for a Secret encrypted at rest.</summary>
    public bool IsEncryptedSecret => Location is { Kind: RegistryKeyKind.ApiObject, Resource: "secrets", Group: "" }
        && Encoding == StoredValueEncoding.Encrypted;
}
