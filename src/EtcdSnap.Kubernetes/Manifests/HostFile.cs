namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>A file on the node that EtcdSnap uses to talk to etcd (a CA, client certificate or key).</summary>
/// <param name="HostPath">The path on the node.</param>
/// <param name="LocalPath">Where this process finds it (below the host root when one is set).</param>
/// <param name="ContainerPath">The path etcd sees inside its container.</param>
/// <param name="Source">Where the path came from: a flag (<c>--trusted-ca-file</c>) or a kubeadm convention.</param>
public sealed record HostFile(string HostPath, string LocalPath, string ContainerPath, string Source);
