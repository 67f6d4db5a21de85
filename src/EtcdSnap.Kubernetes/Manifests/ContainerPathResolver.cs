namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>
/// Maps a path inside a container to the node path behind it, the way the kubelet lays out mounts: the volumeMount with
/// the longest <c>mountPath</c> that is a whole-segment prefix of the path wins, its <c>subPath</c> is applied, and the
/// named pod volume must be a <c>hostPath</c> volume (kubelet <c>pkg/kubelet/kubelet_pods.go</c>, <c>makeMounts</c>).
/// </summary>
internal sealed class ContainerPathResolver(StaticPodManifest pod, PodContainer container, string hostRoot)
{
    /// <summary>Resolves <paramref name="containerPath"/>, which came from <paramref name="what"/> (a flag name, for
    /// messages).</summary>
    /// <exception cref="ManifestException">The path is relative, not under a mount, or not on a hostPath volume.</exception>
    public MountedPath Resolve(string containerPath, string what)
    {
        if (!UnixPath.IsAbsolute(containerPath))
        {
            throw Fail($"{what} \"{containerPath}\" is relative to etcd's working directory inside the image; "
                + "EtcdSnap needs an absolute path to find it on the node");
        }

        var path = UnixPath.Clean(containerPath);
        var mount = FindMount(path) ?? throw Fail(
            $"{what} {path} is not under any volumeMount of container \"{container.Name}\" (mounts: {ListMounts()}); "
            + "it lives in the container's writable layer, not on the node");
        var mountPath = UnixPath.Clean(mount.MountPath);
        var volume = VolumeFor(mount);
        if (mount.SubPathExpr is not null)
        {
            throw Fail($"{what} {path} is under mount {mountPath}, which uses subPathExpr \"{mount.SubPathExpr}\"; "
                + "EtcdSnap does not expand subPathExpr");
        }

        var subPath = CheckSubPath(mount);
        var below = UnixPath.Below(path, mountPath);
        var pathInVolume = subPath.Length == 0 ? below : UnixPath.Join(subPath, below);
        var hostPath = UnixPath.Join(UnixPath.Clean(volume.HostPath!), pathInVolume);
        return new MountedPath(path, volume.Name, mountPath, mount.SubPath, pathInVolume, hostPath,
            UnixPath.UnderRoot(hostRoot, hostPath));
    }

    /// <summary>The mount that <paramref name="containerPath"/> falls under, or null.</summary>
    public VolumeMount? FindMount(string containerPath)
    {
        VolumeMount? best = null;
        var bestLength = -1;
        foreach (var m in container.VolumeMounts)
        {
            var mountPath = UnixPath.Clean(m.MountPath);
            if (UnixPath.IsWithin(containerPath, mountPath) && mountPath.Length > bestLength)
            {
                best = m;
                bestLength = mountPath.Length;
            }
        }

        return best;
    }

    private PodVolume VolumeFor(VolumeMount mount)
    {
        var volume = pod.FindVolume(mount.Name) ?? throw Fail(
            $"volumeMount {UnixPath.Clean(mount.MountPath)} of container \"{container.Name}\" refers to volume "
            + $"\"{mount.Name}\", which spec.volumes does not define");
        if (!volume.IsHostPath)
        {
            var article = "aeiou".Contains(char.ToLowerInvariant(volume.Source[0]), StringComparison.Ordinal) ? "an" : "a";
            throw Fail($"volume \"{volume.Name}\" (mounted at {UnixPath.Clean(mount.MountPath)}) is {article} {volume.Source} "
                + "volume, not a hostPath; its contents do not survive on the node");
        }

        if (!UnixPath.IsAbsolute(volume.HostPath!))
        {
            throw Fail($"volume \"{volume.Name}\" has a relative hostPath.path \"{volume.HostPath}\"");
        }

        return volume;
    }

    private string CheckSubPath(VolumeMount mount)
    {
        if (string.IsNullOrEmpty(mount.SubPath))
        {
            return "";
        }

        var clean = UnixPath.Clean(mount.SubPath);
        if (UnixPath.IsAbsolute(mount.SubPath) || clean == ".." || clean.StartsWith("../", StringComparison.Ordinal))
        {
            // The API server rejects these (ValidateVolumeMounts: subPath must be relative and stay in the volume).
            throw Fail($"volumeMount {UnixPath.Clean(mount.MountPath)} has subPath \"{mount.SubPath}\", which leaves the volume");
        }

        return clean == "." ? "" : clean;
    }

    private string ListMounts() => container.VolumeMounts.Count == 0
        ? "none"
        : string.Join(", ", container.VolumeMounts.Select(m => UnixPath.Clean(m.MountPath)));

    private ManifestException Fail(string message) => new(pod.Path, message);
}
