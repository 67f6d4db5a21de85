using System.Text;
using EtcdSnap.Core.Connection;

namespace EtcdSnap.Core.Node;

/// <summary>
/// A kubeadm control-plane node's files under a root folder, for demos and tests: the etcd static pod manifest
/// (<c>/etc/kubernetes/manifests/etcd.yaml</c>, mutual TLS on loopback ports), placeholder manifests of the other
/// control-plane pods, the etcd PKI and an empty <c>/var/lib/etcd</c>. With
/// <see cref="KubeadmNodeOptions.SeparateHostPaths"/> the PKI and data live on host paths that differ from the
/// container paths, so only code that resolves paths through the pod's volumes finds them.
/// </summary>
public sealed class KubeadmNodeTree
{
    /// <summary>kubeadm's manifests folder, as a node path.</summary>
    public const string ManifestsNodePath = "/etc/kubernetes/manifests";

    private static readonly UnixFileMode s_privateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private KubeadmNodeTree(string root, KubeadmNodeOptions options, EtcdPodSettings settings, KubeadmPki pki)
    {
        Root = root;
        NodeName = options.NodeName;
        ClientUrl = $"https://127.0.0.1:{settings.ClientPort}";
        PeerUrl = $"https://127.0.0.1:{settings.PeerPort}";
        MetricsUrl = $"http://127.0.0.1:{settings.MetricsPort}";
        PkiHostPath = settings.PkiHostPath;
        DataHostPath = settings.DataHostPath;
        Pki = pki;
    }

    /// <summary>The folder that plays the node's <c>/</c> (pass it as <c>--host-root</c>).</summary>
    public string Root { get; }

    /// <summary>etcd's <c>--name</c>.</summary>
    public string NodeName { get; }

    /// <summary>etcd's client URL (<c>https://127.0.0.1:PORT</c>).</summary>
    public string ClientUrl { get; }

    /// <summary>etcd's peer URL.</summary>
    public string PeerUrl { get; }

    /// <summary>etcd's metrics and health URL (plain HTTP, as kubeadm configures it).</summary>
    public string MetricsUrl { get; }

    /// <summary>The node path of the PKI volume (<c>/etc/kubernetes/pki/etcd</c> or <c>/srv/kubernetes/pki/etcd</c>).</summary>
    public string PkiHostPath { get; }

    /// <summary>The node path of the data volume (<c>/var/lib/etcd</c> or <c>/data/etcd</c>).</summary>
    public string DataHostPath { get; }

    /// <summary>The etcd PKI, at its place under <see cref="Root"/>.</summary>
    public KubeadmPki Pki { get; }

    /// <summary>The manifests folder under <see cref="Root"/>.</summary>
    public string ManifestsDirectory => Local(ManifestsNodePath);

    /// <summary>The etcd manifest under <see cref="Root"/>.</summary>
    public string EtcdManifest => Path.Combine(ManifestsDirectory, "etcd.yaml");

    /// <summary>The data volume's folder under <see cref="Root"/>.</summary>
    public string DataDirectory => Local(DataHostPath);

    /// <summary>Where this process finds the node path <paramref name="nodePath"/>.</summary>
    public string Local(string nodePath) => HostPaths.Under(Root, nodePath);

    /// <summary>Builds the tree. Ports that are not given are picked free on 127.0.0.1.</summary>
    /// <exception cref="OperationRefusedException">The root exists and is not empty.</exception>
    public static KubeadmNodeTree Create(KubeadmNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var root = Path.GetFullPath(options.Root);
        if (Directory.Exists(root) && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new OperationRefusedException($"node tree: \"{root}\" is not empty")
            {
                Hint = "give an empty or missing folder; a node tree is never built over existing files",
            };
        }

        var settings = new EtcdPodSettings(
            options.NodeName,
            options.ClientPort ?? LoopbackPorts.Next(),
            options.PeerPort ?? LoopbackPorts.Next(),
            options.MetricsPort ?? LoopbackPorts.Next(),
            options.SeparateHostPaths ? "/srv/kubernetes/pki/etcd" : KubeadmManifests.PkiContainerPath,
            options.SeparateHostPaths ? "/data/etcd" : KubeadmManifests.DataContainerPath,
            options.EtcdImage,
            options.ExtraEtcdFlags);

        CreateDirectory(root);
        var pki = CreatePki(root, settings.PkiHostPath, options);
        var tree = new KubeadmNodeTree(root, options, settings, pki);
        CreateDirectory(tree.DataDirectory);
        CreateDirectory(tree.ManifestsDirectory);
        foreach (var component in KubeadmManifests.ControlPlaneComponents)
        {
            WriteManifest(Path.Combine(tree.ManifestsDirectory, component + ".yaml"), KubeadmManifests.ControlPlane(component, settings));
        }

        // etcd last: a kubelet already watching the folder then starts it with every file in place.
        WriteManifest(tree.EtcdManifest, KubeadmManifests.Etcd(settings));
        return tree;
    }

    private static KubeadmPki CreatePki(string root, string pkiHostPath, KubeadmNodeOptions options)
    {
        var directory = HostPaths.Under(root, pkiHostPath);
        if (options.CopyPkiFrom is not { } source)
        {
            return KubeadmPki.Create(directory, new KubeadmPkiOptions { NodeName = options.NodeName, IssueApiServerEtcdClient = true });
        }

        var from = KubeadmPki.Open(source);
        CreateDirectory(directory);
        var to = KubeadmPki.Open(directory, mustExist: false);
        foreach (var (a, b) in new[]
        {
            (from.CaCert, to.CaCert), (from.CaKey, to.CaKey), (from.ServerCert, to.ServerCert), (from.ServerKey, to.ServerKey),
            (from.PeerCert, to.PeerCert), (from.PeerKey, to.PeerKey), (from.HealthcheckClientCert, to.HealthcheckClientCert),
            (from.HealthcheckClientKey, to.HealthcheckClientKey), (from.ApiServerEtcdClientCert, to.ApiServerEtcdClientCert),
            (from.ApiServerEtcdClientKey, to.ApiServerEtcdClientKey),
        })
        {
            if (File.Exists(a))
            {
                File.Copy(a, b, overwrite: false);
            }
        }

        return to;
    }

    private static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, s_privateDirectory);
        }
    }

    // Written beside and renamed in, so that a kubelet watching the folder never reads half a manifest. The temporary
    // name starts with a dot: the kubelet ignores such files (pkg/kubelet/config/file.go).
    private static void WriteManifest(string path, string text)
    {
        var part = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + ".part");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using (var stream = new FileStream(part, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }

            File.Move(part, path, overwrite: false);
        }
        finally
        {
            File.Delete(part);
        }
    }
}
