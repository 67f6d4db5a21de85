namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>One value an edit changes.</summary>
/// <param name="Field">Where, in kubectl-like notation (<c>spec.volumes[etcd-data].hostPath.path</c>).</param>
/// <param name="OldValue">The value before, or null when the field is added.</param>
/// <param name="NewValue">The value after.</param>
public sealed record ManifestChange(string Field, string? OldValue, string NewValue)
{
    /// <summary>"field: old -> new" (or "(none)" for an added field).</summary>
    public override string ToString() => $"{Field}: {OldValue ?? "(none)"} -> {NewValue}";
}
