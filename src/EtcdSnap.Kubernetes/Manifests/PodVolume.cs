namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>One entry of a pod's <c>spec.volumes</c>.</summary>
/// <param name="Name">The volume name that volumeMounts refer to.</param>
/// <param name="Source">The volume source key (<c>hostPath</c>, <c>emptyDir</c>, <c>configMap</c>, …), or
/// <c>"(none)"</c> when the entry has no source.</param>
/// <param name="HostPath">For a hostPath volume, <c>hostPath.path</c> as written (a path on the node).</param>
/// <param name="HostPathType">For a hostPath volume, <c>hostPath.type</c> (e.g. <c>DirectoryOrCreate</c>), if set.</param>
public sealed record PodVolume(string Name, string Source, string? HostPath, string? HostPathType)
{
    /// <summary>True for a <c>hostPath</c> volume.</summary>
    public bool IsHostPath => HostPath is not null;

    /// <summary>The scalar node of <c>hostPath.path</c>, for surgical edits.</summary>
    internal SourceNode? HostPathNode { get; init; }

    /// <summary>The volume's mapping node.</summary>
    internal SourceNode? Node { get; init; }
}
