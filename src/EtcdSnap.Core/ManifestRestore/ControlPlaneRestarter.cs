namespace EtcdSnap.Core.ManifestRestore;

/// <summary>
/// Restarts the static control-plane pods the way the Kubernetes docs suggest after an etcd restore: their manifests are
/// moved out of the manifests folder (the kubelet stops the pods), kept aside for a pause, and moved back (the kubelet
/// starts them again, and they reconnect to the restored etcd with empty caches).
/// </summary>
internal static class ControlPlaneRestarter
{
    /// <summary>kubeadm's control-plane manifests besides etcd.</summary>
    public static readonly string[] Components = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"];

    /// <summary>Moves the manifests out, waits <paramref name="pause"/>, moves them back; returns the components
    /// restarted. The manifests are moved back even when cancelled.</summary>
    public static async Task<IReadOnlyList<string>> RestartAsync(string etcdManifestPath, TimeSpan pause, DateTimeOffset now,
        IProgress<PhaseLine>? progress, CancellationToken cancellationToken)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(etcdManifestPath))!;
        var present = Components
            .Select(c => (Component: c, Path: Path.Combine(folder, c + ".yaml")))
            .Where(c => File.Exists(c.Path))
            .ToList();
        foreach (var missing in Components.Except(present.Select(p => p.Component)))
        {
            progress?.Report(new PhaseLine("restore/control-plane", $"no {missing}.yaml in {folder}; nothing to restart for it"));
        }

        if (present.Count == 0)
        {
            return [];
        }

        var aside = ManifestFiles.SiblingFolder(etcdManifestPath, ManifestFiles.ControlPlanePrefix, now);
        ManifestFiles.CreateFolder(aside);
        var moved = new List<(string Component, string Path)>();
        try
        {
            foreach (var (component, path) in present)
            {
                ManifestFiles.Move(path, Path.Combine(aside, Path.GetFileName(path)));
                moved.Add((component, path));
            }

            progress?.Report(new PhaseLine("restore/control-plane",
                $"moved {string.Join(", ", moved.Select(m => m.Component + ".yaml"))} to \"{aside}\"; the kubelet stops them; "
                + $"moving them back in {pause.TotalSeconds:0.#}s"));
            await Task.Delay(pause, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var (_, path) in moved)
            {
                ManifestFiles.Move(Path.Combine(aside, Path.GetFileName(path)), path);
            }

            if (!Directory.EnumerateFileSystemEntries(aside).Any())
            {
                Directory.Delete(aside);
            }
        }

        progress?.Report(new PhaseLine("restore/control-plane",
            $"moved {string.Join(", ", moved.Select(m => m.Component + ".yaml"))} back into \"{folder}\"; the kubelet starts them again"));
        return moved.Select(m => m.Component).ToList();
    }
}
