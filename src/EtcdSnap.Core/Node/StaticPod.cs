using System.Text;
using EtcdSnap.Kubernetes;
using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Core.Node;

/// <summary>One manifest file as the local kubelet runs it.</summary>
internal sealed class StaticPod
{
    private StaticPod(string file, string hash, string podName, string ns)
    {
        File = file;
        Hash = hash;
        PodName = podName;
        Namespace = ns;
    }

    /// <summary>The manifest's file name.</summary>
    public string File { get; }

    /// <summary>SHA-256 of the manifest's bytes: a different hash is a different pod.</summary>
    public string Hash { get; }

    /// <summary>The mirror pod's name: <c>metadata.name</c> + "-" + node name.</summary>
    public string PodName { get; }

    /// <summary><c>metadata.namespace</c> (static pods default to <c>default</c>).</summary>
    public string Namespace { get; }

    /// <summary>The etcd pod, when this manifest runs etcd; null for a nominal pod.</summary>
    public EtcdPodManifest? Etcd { get; private init; }

    /// <summary>Why the pod cannot run, if it cannot.</summary>
    public string? Error { get; set; }

    /// <summary>The running container, if any.</summary>
    public ContainerProcess? Process { get; set; }

    /// <summary>How many times the container was restarted after exiting.</summary>
    public int Restarts { get; set; }

    /// <summary>The current restart back-off.</summary>
    public TimeSpan Backoff { get; set; }

    /// <summary>When an exited container is started again.</summary>
    public DateTimeOffset? NextStart { get; set; }

    /// <summary>Reads a manifest; problems end up in <see cref="Error"/>, never thrown.</summary>
    public static StaticPod Parse(string file, byte[] bytes, string hash, string nodeName, string path)
    {
        var fallbackName = Path.GetFileNameWithoutExtension(file) + "-" + nodeName;
        StaticPodManifest manifest;
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            manifest = StaticPodManifest.Parse(text, path);
        }
        catch (Exception e) when (e is ManifestException or DecoderFallbackException)
        {
            return new StaticPod(file, hash, fallbackName, "kube-system") { Error = e.Message };
        }

        var podName = (manifest.Name ?? Path.GetFileNameWithoutExtension(file)) + "-" + nodeName;
        var ns = manifest.Namespace ?? "default";
        try
        {
            return new StaticPod(file, hash, podName, ns) { Etcd = EtcdPodManifest.From(manifest) };
        }
        catch (ManifestException e)
        {
            return LooksLikeEtcd(manifest)
                ? new StaticPod(file, hash, podName, ns) { Error = e.Message }
                : new StaticPod(file, hash, podName, ns);
        }
    }

    // A pod that meant to run etcd but whose flags etcd would reject must fail, not pass as a nominal pod.
    private static bool LooksLikeEtcd(StaticPodManifest manifest) => manifest.Containers.Any(c =>
        c.Command.Concat(c.Args).Take(1).Any(a => Path.GetFileName(a) == "etcd")
        || (c.Image?.Split('@')[0].Split('/')[^1].Split(':')[0] == "etcd"));
}
