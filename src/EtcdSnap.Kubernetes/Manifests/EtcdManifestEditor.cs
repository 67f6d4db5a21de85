using System.Globalization;

namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>
/// Points a kubeadm etcd static pod at a restored data directory the way an operator should: by changing
/// <c>hostPath.path</c> of the volume that holds <c>--data-dir</c> (and of the <c>--wal-dir</c> volume), never the
/// container paths, and recording the snapshot in one annotation. The edit is surgical: every character outside the
/// changed values stays as it was (comments, key order, quoting, indentation, line endings).
/// </summary>
/// <remarks>Pure text to text; writing the file (atomically, with a backup) is the caller's job.</remarks>
public static class EtcdManifestEditor
{
    /// <summary>The annotation that names the snapshot a data dir was restored from.</summary>
    public const string RestoredFromAnnotation = "etcdsnap.io/restored-from";

    // Flags whose files would silently move with the data volume if they shared it.
    private static readonly string[] s_fileFlags =
        ["trusted-ca-file", "cert-file", "key-file", "peer-trusted-ca-file", "peer-cert-file", "peer-key-file"];

    /// <summary>The annotation value for a snapshot: <c>&lt;file&gt; sha256:&lt;hex&gt;</c>.</summary>
    public static string RestoredFromValue(string snapshotFile, ReadOnlySpan<byte> sha256) =>
        $"{snapshotFile} sha256:{Convert.ToHexStringLower(sha256)}";

    /// <summary>Edits <paramref name="text"/> so that etcd's data dir (and WAL dir) resolve to the requested node
    /// directories, and sets <see cref="RestoredFromAnnotation"/>.</summary>
    /// <param name="text">The manifest text, as read by <see cref="StaticPodManifest.ReadText"/>.</param>
    /// <param name="path">The manifest path, for messages and the diff header.</param>
    /// <param name="request">Where the data (and WAL) now live on the node.</param>
    /// <exception cref="ManifestException">Not an etcd static pod, the data dir is not on a hostPath volume, the volume
    /// is shared or ambiguous, or the requested directories do not fit the mounts.</exception>
    public static ManifestEdit SwitchDataDir(string text, string path, DataDirSwitch request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var manifest = EtcdPodManifest.Parse(text, path);
        var edits = new List<TextEdit>();
        var changes = new List<ManifestChange>();

        var dataFlag = manifest.Flags.Find("data-dir") ?? throw new ManifestException(path,
            "etcd has no --data-dir (it would use a directory inside the image); nothing to switch");
        var data = manifest.Resolve(dataFlag.Value, "--data-dir");
        var walFlag = manifest.Flags.Find("wal-dir");
        var wal = string.IsNullOrEmpty(walFlag?.Value) ? null : manifest.Resolve(walFlag.Value, "--wal-dir");
        CheckNoSharedFiles(manifest, [data.VolumeName, .. wal is null ? Array.Empty<string>() : [wal.VolumeName]]);

        var newDataDir = CheckTarget(path, request.NewDataDir, "new data dir");
        var newWalDir = request.NewWalDir is null ? null : CheckTarget(path, request.NewWalDir, "new WAL dir");
        var dataVolume = SwitchVolume(manifest, data, newDataDir, "--data-dir", edits, changes);
        var expectedWal = PlanWal(manifest, data, dataVolume, newDataDir, wal, newWalDir, edits, changes);

        var (annotation, oldValue) = AnnotationEdit.Plan(manifest.Pod, RestoredFromAnnotation, request.RestoredFrom);
        edits.Add(annotation);
        changes.Add(new ManifestChange($"metadata.annotations[{RestoredFromAnnotation}]", oldValue, request.RestoredFrom));

        var newText = TextEdit.Apply(text, edits);
        VerifyResult(newText, path, newDataDir, expectedWal, request.RestoredFrom);
        return new ManifestEdit(path, text, newText, changes);
    }

    /// <summary>Plans the WAL side; returns where --wal-dir will resolve on the node afterwards (null without one).</summary>
    private static string? PlanWal(EtcdPodManifest manifest, MountedPath data, string dataVolumeNewPath, string newDataDir,
        MountedPath? wal, string? newWalDir, List<TextEdit> edits, List<ManifestChange> changes)
    {
        var path = manifest.Path;
        if (wal is null)
        {
            if (newWalDir is not null)
            {
                throw new ManifestException(path, "etcd has no --wal-dir (its WAL is inside the data dir); do not pass a new WAL dir");
            }

            return null;
        }

        if (string.Equals(wal.VolumeName, data.VolumeName, StringComparison.Ordinal))
        {
            var moved = UnixPath.Join(dataVolumeNewPath, wal.PathInVolume);
            if (newWalDir is not null && !string.Equals(newWalDir, moved, StringComparison.Ordinal))
            {
                throw new ManifestException(path,
                    $"--wal-dir {wal.ContainerPath} is on volume \"{wal.VolumeName}\" with --data-dir, so it moves to {moved} "
                    + $"with the data dir {newDataDir}, not to {newWalDir}");
            }

            return moved;
        }

        if (newWalDir is null)
        {
            throw new ManifestException(path,
                $"--wal-dir {wal.ContainerPath} is on its own volume \"{wal.VolumeName}\" ({wal.HostPath}); a restored data "
                + "dir needs its restored WAL dir too: pass the new WAL dir")
            {
                Hint = "restore with a separate WAL directory and pass it as the new WAL dir",
            };
        }

        SwitchVolume(manifest, wal, newWalDir, "--wal-dir", edits, changes);
        return newWalDir;
    }

    /// <summary>Plans the hostPath edit that makes <paramref name="current"/> resolve to <paramref name="target"/>;
    /// returns the volume's new hostPath.</summary>
    private static string SwitchVolume(EtcdPodManifest manifest, MountedPath current, string target, string what,
        List<TextEdit> edits, List<ManifestChange> changes)
    {
        var path = manifest.Path;
        var volume = manifest.Pod.FindVolume(current.VolumeName)!;
        var node = volume.HostPathNode!;
        var newHostPath = VolumePathFor(path, current, target, what);
        if (node.Anchor is not null || node.Start < volume.Node!.Start)
        {
            throw new ManifestException(path,
                $"hostPath.path of volume \"{volume.Name}\" is a YAML anchor or alias ({node.Where}); edit it by hand");
        }

        CheckNoOverlap(manifest, volume);
        edits.Add(YamlScalarText.ReplaceEdit(manifest.Pod.Text, node, newHostPath));
        changes.Add(new ManifestChange($"spec.volumes[{volume.Name}].hostPath.path", volume.HostPath, newHostPath));
        return newHostPath;
    }

    /// <summary>The volume hostPath under which <paramref name="current"/>'s place in the volume is
    /// <paramref name="target"/>.</summary>
    private static string VolumePathFor(string path, MountedPath current, string target, string what)
    {
        if (current.PathInVolume.Length == 0)
        {
            return target;
        }

        var suffix = "/" + current.PathInVolume;
        if (!target.EndsWith(suffix, StringComparison.Ordinal) || target.Length == suffix.Length)
        {
            throw new ManifestException(path,
                $"{what} {current.ContainerPath} is \"{current.PathInVolume}\" inside volume \"{current.VolumeName}\", and only "
                + $"the volume's hostPath can change; the new directory must end in {suffix} (for example "
                + $"{current.HostPath[..^suffix.Length]}-restored{suffix}), not {target}");
        }

        return target[..^suffix.Length];
    }

    private static void CheckNoOverlap(EtcdPodManifest manifest, PodVolume volume)
    {
        var mine = UnixPath.Clean(volume.HostPath!);
        foreach (var other in manifest.Pod.Volumes.Where(v => v.IsHostPath && !ReferenceEquals(v, volume)))
        {
            var theirs = UnixPath.Clean(other.HostPath!);
            if (UnixPath.IsWithin(theirs, mine) || UnixPath.IsWithin(mine, theirs))
            {
                throw new ManifestException(manifest.Path,
                    $"volumes \"{volume.Name}\" ({mine}) and \"{other.Name}\" ({theirs}) overlap on the node; switching one "
                    + "would leave the other on the old data; refusing an ambiguous edit");
            }
        }
    }

    private static void CheckNoSharedFiles(EtcdPodManifest manifest, string[] movingVolumes)
    {
        foreach (var flag in s_fileFlags)
        {
            var value = manifest.Flags.Get(flag);
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var file = manifest.Resolve(value, "--" + flag);
            if (movingVolumes.Contains(file.VolumeName, StringComparer.Ordinal))
            {
                throw new ManifestException(manifest.Path,
                    $"--{flag} {file.ContainerPath} is on volume \"{file.VolumeName}\" too; switching that volume would move "
                    + "etcd's certificates as well; refusing");
            }
        }
    }

    private static string CheckTarget(string path, string target, string what)
    {
        if (!UnixPath.IsAbsolute(target))
        {
            throw new ManifestException(path, $"the {what} \"{target}\" must be an absolute path on the node");
        }

        var clean = UnixPath.Clean(target);
        return clean == "/" ? throw new ManifestException(path, $"the {what} cannot be /") : clean;
    }

    /// <summary>Re-reads the edited text: it must still be an etcd pod whose dirs resolve where asked and that carries
    /// the annotation. A failure here is a bug in the editor, never the user's.</summary>
    private static void VerifyResult(string newText, string path, string expectedData, string? expectedWal, string restoredFrom)
    {
        var reread = EtcdPodManifest.Parse(newText, path);
        var data = reread.Resolve(reread.Flags.Get("data-dir")!, "--data-dir").HostPath;
        var walValue = reread.Flags.Get("wal-dir");
        var wal = string.IsNullOrEmpty(walValue) ? null : reread.Resolve(walValue, "--wal-dir").HostPath;
        reread.Pod.Annotations.TryGetValue(RestoredFromAnnotation, out var annotation);
        if (!string.Equals(data, expectedData, StringComparison.Ordinal) || !string.Equals(wal, expectedWal, StringComparison.Ordinal)
            || !string.Equals(annotation, restoredFrom, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(string.Format(CultureInfo.InvariantCulture,
                "manifest edit self-check failed for {0}: data dir {1} (want {2}), WAL dir {3} (want {4}), annotation {5}",
                path, data, expectedData, wal ?? "none", expectedWal ?? "none", annotation ?? "missing"));
        }
    }
}
