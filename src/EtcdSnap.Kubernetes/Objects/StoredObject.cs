using System.Text.Json;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>What EtcdSnap can tell about one etcd value written by kube-apiserver, without decrypting anything.</summary>
public sealed record StoredObject
{
    /// <summary>The detected encoding (and encryption provider).</summary>
    public required StoredValueFormat Format { get; init; }

    /// <summary>TypeMeta apiVersion (protobuf envelope or JSON); null when not an object or encrypted.</summary>
    public string? ApiVersion { get; init; }

    /// <summary>TypeMeta kind; null when not an object or encrypted.</summary>
    public string? Kind { get; init; }

    /// <summary>The decoded metadata; null when absent, encrypted or not an object.</summary>
    public ObjectMeta? Metadata { get; init; }

    /// <summary>Top-level protobuf fields other than metadata (spec = 2, status = 3, data = 2, …), undecoded.</summary>
    public IReadOnlyList<UndecodedField> UndecodedFields { get; init; } = [];

    /// <summary>For JSON values, the whole object for display.</summary>
    public JsonElement? Json { get; init; }

    /// <summary>For <see cref="StoredValueEncoding.Other"/> values that are printable UTF-8 (e.g.
    /// <c>compact_rev_key</c>), the text; else null.</summary>
    public string? Text { get; init; }

    /// <summary>The value's size in bytes.</summary>
    public long Size { get; init; }
}
