namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>One flag occurrence on etcd's command line, or a value taken from an <c>ETCD_*</c> environment variable.</summary>
/// <param name="Name">Flag name without dashes (<c>data-dir</c>).</param>
/// <param name="Value">The value; <c>"true"</c> for a boolean flag given without one.</param>
/// <param name="Source">How it was written: <c>--data-dir=/x</c>, <c>--data-dir /x</c> or <c>env ETCD_DATA_DIR</c>.</param>
public sealed record EtcdFlag(string Name, string Value, string Source);
