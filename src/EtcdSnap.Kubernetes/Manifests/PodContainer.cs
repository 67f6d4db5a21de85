namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>A container of a static pod, as far as EtcdSnap needs it.</summary>
/// <param name="Name">Container name.</param>
/// <param name="Image">Image reference, if set.</param>
/// <param name="Command">The <c>command</c> list (replaces the image entrypoint).</param>
/// <param name="Args">The <c>args</c> list (appended to the command, or to the image entrypoint when command is empty).</param>
/// <param name="WorkingDir">The <c>workingDir</c>, if set.</param>
/// <param name="VolumeMounts">The <c>volumeMounts</c>, in file order.</param>
/// <param name="Env">The <c>env</c> entries, in file order.</param>
/// <param name="IsInitContainer">True for an entry of <c>initContainers</c>.</param>
public sealed record PodContainer(
    string Name,
    string? Image,
    IReadOnlyList<string> Command,
    IReadOnlyList<string> Args,
    string? WorkingDir,
    IReadOnlyList<VolumeMount> VolumeMounts,
    IReadOnlyList<EnvVar> Env,
    bool IsInitContainer);
