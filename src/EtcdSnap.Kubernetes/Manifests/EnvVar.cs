namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>One entry of a container's <c>env</c>.</summary>
/// <param name="Name">Variable name.</param>
/// <param name="Value">The literal <c>value</c>; null when the variable comes from <c>valueFrom</c>.</param>
public sealed record EnvVar(string Name, string? Value);
