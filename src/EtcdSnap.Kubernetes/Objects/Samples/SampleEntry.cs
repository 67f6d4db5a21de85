namespace EtcdSnap.Kubernetes.Objects.Samples;

/// <summary>One etcd key and value of the sample data set.</summary>
/// <param name="Key">The etcd key (UTF-8).</param>
/// <param name="Value">The value bytes, as kube-apiserver would store them.</param>
public sealed record SampleEntry(string Key, byte[] Value);
