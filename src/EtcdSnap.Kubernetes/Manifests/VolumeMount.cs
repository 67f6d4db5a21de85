namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>One entry of a container's <c>volumeMounts</c>.</summary>
/// <param name="Name">The pod volume it mounts.</param>
/// <param name="MountPath">Where the volume appears inside the container (a container path).</param>
/// <param name="SubPath">The sub-directory of the volume that is mounted instead of its root, if set.</param>
/// <param name="ReadOnly">The <c>readOnly</c> flag.</param>
/// <param name="SubPathExpr">The <c>subPathExpr</c> (expanded from the container's environment by the kubelet), if set.</param>
public sealed record VolumeMount(string Name, string MountPath, string? SubPath, bool ReadOnly, string? SubPathExpr);
