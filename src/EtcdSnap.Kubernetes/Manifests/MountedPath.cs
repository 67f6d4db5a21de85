namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>A container path resolved, as the kubelet does, to the node directory or file behind it.</summary>
/// <param name="ContainerPath">The path as etcd sees it inside the container (cleaned).</param>
/// <param name="VolumeName">The pod volume that holds it.</param>
/// <param name="MountPath">The volumeMount's <c>mountPath</c> it was matched under (the longest matching one).</param>
/// <param name="SubPath">The volumeMount's <c>subPath</c>, if any.</param>
/// <param name="PathInVolume">The path relative to the volume's root (<c>subPath</c> plus what follows the mount
/// path); empty when it is the volume root itself.</param>
/// <param name="HostPath">The path on the node: <c>hostPath.path</c> joined with <paramref name="PathInVolume"/>.</param>
/// <param name="LocalPath">Where this process finds <paramref name="HostPath"/>: the same path, or below the host root
/// when the node's filesystem is mounted elsewhere (tests, a rescue system).</param>
public sealed record MountedPath(
    string ContainerPath,
    string VolumeName,
    string MountPath,
    string? SubPath,
    string PathInVolume,
    string HostPath,
    string LocalPath);
