using EtcdSnap.Core.Connection;
using EtcdSnap.Kubernetes;
using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Core.Node;

/// <summary>
/// How the local kubelet runs the etcd container of a static pod on the host: etcd's program and arguments from the
/// manifest with every container path rewritten to where the pod's hostPath volumes put it, and the hostPath folders
/// the kubelet would create (<c>type: DirectoryOrCreate</c>).
/// </summary>
/// <param name="FileName">The etcd binary.</param>
/// <param name="Arguments">etcd's arguments, container paths replaced by host paths under the root.</param>
/// <param name="Environment">The container's literal environment variables, paths rewritten the same way.</param>
/// <param name="CreateDirectories">hostPath folders to create before starting (absent <c>DirectoryOrCreate</c> volumes).</param>
internal sealed record ContainerLaunch(
    string FileName,
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> CreateDirectories)
{
    /// <summary>Plans the launch of <paramref name="manifest"/>'s etcd container.</summary>
    /// <exception cref="ManifestException">A container path is on no hostPath volume, or a <c>type: Directory</c>
    /// volume is missing (the kubelet would fail the mount).</exception>
    public static ContainerLaunch Plan(EtcdPodManifest manifest, string root, string etcdBinary)
    {
        var container = manifest.Container;
        var all = container.Command.Concat(container.Args).ToList();
        // With no command the image entrypoint (etcd) runs with args; EtcdPodManifest accepted the pod, so the
        // first word is etcd whenever it is not a flag.
        var arguments = all.Count > 0 && !all[0].StartsWith('-') ? all.Skip(1).ToList() : all;
        var rewritten = new List<string>(arguments.Count);
        string? pendingFlag = null;
        foreach (var argument in arguments)
        {
            rewritten.Add(Rewrite(manifest, root, argument, pendingFlag));
            pendingFlag = argument.StartsWith('-') && !argument.Contains('=', StringComparison.Ordinal) ? argument : null;
        }

        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.Env.Where(e => e.Value is not null))
        {
            environment[variable.Name] = variable.Value!.StartsWith('/')
                ? manifest.Resolve(variable.Value!, "env " + variable.Name, root).LocalPath
                : variable.Value!;
        }

        return new ContainerLaunch(etcdBinary, rewritten, environment, VolumesToCreate(manifest, root));
    }

    private static string Rewrite(EtcdPodManifest manifest, string root, string argument, string? pendingFlag)
    {
        if (argument.StartsWith('-'))
        {
            var eq = argument.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && eq + 1 < argument.Length && argument[eq + 1] == '/')
            {
                var flag = argument[..eq];
                return flag + "=" + manifest.Resolve(argument[(eq + 1)..], flag, root).LocalPath;
            }

            return argument;
        }

        return argument.StartsWith('/')
            ? manifest.Resolve(argument, pendingFlag ?? "argument", root).LocalPath
            : argument;
    }

    private static List<string> VolumesToCreate(EtcdPodManifest manifest, string root)
    {
        var create = new List<string>();
        var mounted = manifest.Container.VolumeMounts.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var volume in manifest.Pod.Volumes.Where(v => v.IsHostPath && mounted.Contains(v.Name)))
        {
            var local = Path.GetFullPath(HostPaths.Under(root, volume.HostPath!));
            if (Directory.Exists(local) || File.Exists(local))
            {
                continue;
            }

            switch (volume.HostPathType)
            {
                case "DirectoryOrCreate":
                    create.Add(local);
                    break;
                case "Directory" or "File" or "Socket" or "CharDevice" or "BlockDevice":
                    throw new ManifestException(manifest.Path,
                        $"hostPath {volume.HostPath} of volume \"{volume.Name}\" does not exist (type {volume.HostPathType}); "
                        + "the kubelet cannot mount it");
                default:
                    break; // No type: the kubelet mounts whatever is there; etcd creates its data dir itself.
            }
        }

        return create;
    }
}
