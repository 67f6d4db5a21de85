namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>
/// A kubeadm-style etcd static pod (<c>/etc/kubernetes/manifests/etcd.yaml</c>): the v1 Pod, the container that runs
/// etcd and etcd's effective flags. Paths in flags are container paths; <see cref="Resolve"/> and
/// <see cref="Discover"/> turn them into node paths through the pod's mounts.
/// </summary>
public sealed class EtcdPodManifest
{
    private static readonly string[] s_shells = ["sh", "bash", "ash", "dash", "busybox"];

    private EtcdPodManifest(StaticPodManifest pod, PodContainer container, EtcdFlags flags)
    {
        Pod = pod;
        Container = container;
        Flags = flags;
    }

    /// <summary>The whole pod.</summary>
    public StaticPodManifest Pod { get; }

    /// <summary>The container that runs etcd.</summary>
    public PodContainer Container { get; }

    /// <summary>etcd's flags from that container's command, args and environment.</summary>
    public EtcdFlags Flags { get; }

    /// <summary>The manifest file.</summary>
    public string Path => Pod.Path;

    /// <summary>Reads and checks a manifest file.</summary>
    /// <exception cref="ManifestException">Missing, not YAML, not a v1 Pod, or no container runs etcd.</exception>
    public static EtcdPodManifest Load(string path) => From(StaticPodManifest.Load(path));

    /// <summary>Parses and checks manifest text; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="ManifestException">Not YAML, not a v1 Pod, or no container runs etcd.</exception>
    public static EtcdPodManifest Parse(string text, string path) => From(StaticPodManifest.Parse(text, path));

    /// <summary>Finds the etcd container of a parsed pod.</summary>
    /// <exception cref="ManifestException">No container, or more than one, runs etcd; or etcd's flags are invalid.</exception>
    public static EtcdPodManifest From(StaticPodManifest pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var candidates = new List<(PodContainer Container, List<string> Arguments)>();
        foreach (var c in pod.Containers.Where(c => !c.IsInitContainer))
        {
            if (EtcdArguments(c) is { } arguments)
            {
                candidates.Add((c, arguments));
            }
        }

        if (candidates.Count == 0)
        {
            var shell = pod.Containers.FirstOrDefault(RunsEtcdThroughShell);
            throw new ManifestException(pod.Path, shell is null
                ? "no container runs etcd"
                : $"container \"{shell.Name}\" starts etcd through a shell script; EtcdSnap reads etcd's flags only from "
                  + "command and args lists");
        }

        if (candidates.Count > 1)
        {
            throw new ManifestException(pod.Path,
                $"containers \"{candidates[0].Container.Name}\" and \"{candidates[1].Container.Name}\" both run etcd");
        }

        var (container, args) = candidates[0];
        var flags = EtcdFlags.Parse(args, container.Env, pod.Path);
        if (flags.Find("config-file") is { } configFile)
        {
            // etcd ignores every other flag and ETCD_* variable when --config-file is set (etcdmain/config.go).
            throw new ManifestException(pod.Path,
                $"etcd reads its settings from {configFile.Source} and ignores its other flags; EtcdSnap cannot read "
                + "that file's settings from the manifest");
        }

        return new EtcdPodManifest(pod, container, flags);
    }

    /// <summary>Resolves a container path of the etcd container to the node path behind it.</summary>
    /// <param name="containerPath">An absolute path inside the etcd container.</param>
    /// <param name="what">What the path is, for messages (e.g. <c>--data-dir</c>).</param>
    /// <param name="hostRoot">Where the node's root filesystem is mounted (<c>/</c> on the node itself).</param>
    /// <exception cref="ManifestException">Relative, not under a mount, mount without volume, or not a hostPath.</exception>
    public MountedPath Resolve(string containerPath, string what, string hostRoot = "/") =>
        new ContainerPathResolver(Pod, Container, hostRoot).Resolve(containerPath, what);

    /// <summary>Reads endpoint, certificates, member settings and data/WAL directories from the manifest.</summary>
    /// <param name="hostRoot">Where the node's root filesystem is mounted (<c>/</c> on the node itself); used to look
    /// for kubeadm's healthcheck client certificate and reported as each path's <see cref="MountedPath.LocalPath"/>.</param>
    /// <exception cref="ManifestException">A path etcd uses cannot be resolved to a hostPath volume.</exception>
    public EtcdDiscovery Discover(string hostRoot = "/") => EtcdDiscoverer.Discover(this, hostRoot);

    /// <summary>The arguments after the etcd program, or null when <paramref name="c"/> does not run etcd.</summary>
    private static List<string>? EtcdArguments(PodContainer c)
    {
        // The kubelet runs command + args; with no command, the image entrypoint runs with args.
        if (c.Command.Count > 0)
        {
            return IsEtcd(c.Command[0]) ? [.. c.Command.Skip(1), .. c.Args] : null;
        }

        if (c.Args.Count > 0 && IsEtcd(c.Args[0]))
        {
            return [.. c.Args.Skip(1)];
        }

        // An etcd image whose entrypoint is etcd, given only flags.
        var repository = c.Image?.Split('@')[0];
        var lastSegment = repository is null ? null : UnixPath.BaseName(repository).Split(':')[0];
        return lastSegment == "etcd" && c.Args.Count > 0 && c.Args.All(a => a.StartsWith('-')) ? [.. c.Args] : null;
    }

    private static bool IsEtcd(string program) => UnixPath.BaseName(program) == "etcd";

    private static bool RunsEtcdThroughShell(PodContainer c)
    {
        var all = c.Command.Concat(c.Args).ToList();
        return all.Count >= 2 && s_shells.Contains(UnixPath.BaseName(all[0]), StringComparer.Ordinal)
            && all.Skip(1).Any(a => a.Contains("etcd", StringComparison.Ordinal));
    }
}
