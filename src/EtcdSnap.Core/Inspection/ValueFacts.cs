using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>What one look at a value's first bytes (and, for objects, its type header) tells; no value bytes kept.</summary>
/// <param name="Encoding">How kube-apiserver wrote it.</param>
/// <param name="ApiVersion">TypeMeta apiVersion (protobuf envelope or top-level JSON field); null when unknown.</param>
/// <param name="Kind">TypeMeta kind; null when unknown.</param>
/// <param name="Encryption">For encrypted values, the provider, format version and key name from the prefix.</param>
/// <param name="Problem">Why the type could not be read (the value is not what its first bytes promise); else null.</param>
internal readonly record struct ValueFacts(StoredValueEncoding Encoding, string? ApiVersion, string? Kind,
    StoredValueFormat? Encryption, string? Problem);
