namespace EtcdSnap.Kubernetes.Objects;

/// <summary>How kube-apiserver wrote a value into etcd, judged from its first bytes.</summary>
public enum StoredValueEncoding
{
    /// <summary>Zero-length value.</summary>
    Empty,

    /// <summary><c>k8s\0</c> + runtime.Unknown: the default storage media type.</summary>
    Protobuf,

    /// <summary>A JSON object: custom resources, CRDs, APIServices, or <c>--storage-media-type=application/json</c>.</summary>
    Json,

    /// <summary><c>k8s:enc:…</c>: encrypted at rest; never decrypted by EtcdSnap.</summary>
    Encrypted,

    /// <summary>Anything else: YAML storage (rare) or non-object data such as <c>compact_rev_key</c>.</summary>
    Other,
}
