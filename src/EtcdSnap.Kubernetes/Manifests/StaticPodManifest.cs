using System.Text;

namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>
/// A static pod manifest (<c>/etc/kubernetes/manifests/*.yaml</c>) read into the few parts EtcdSnap uses:
/// containers, their mounts and environment, the pod's volumes and annotations. The source text and node positions are
/// kept so that <see cref="EtcdManifestEditor"/> can edit it surgically.
/// </summary>
public sealed class StaticPodManifest
{
    private StaticPodManifest(string path, string text, SourceNode root)
    {
        Path = path;
        Text = text;
        Root = root;
    }

    /// <summary>The file the manifest came from (used in messages only).</summary>
    public string Path { get; }

    /// <summary>The manifest text exactly as read (a leading byte order mark, if any, is kept).</summary>
    public string Text { get; }

    /// <summary><c>metadata.name</c>, if set.</summary>
    public string? Name { get; private set; }

    /// <summary><c>metadata.namespace</c>, if set.</summary>
    public string? Namespace { get; private set; }

    /// <summary><c>metadata.annotations</c> (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Annotations { get; private set; } = new Dictionary<string, string>();

    /// <summary><c>spec.initContainers</c> followed by <c>spec.containers</c>, in file order.</summary>
    public IReadOnlyList<PodContainer> Containers { get; private set; } = [];

    /// <summary><c>spec.hostNetwork</c>: whether the pod shares the node's network namespace (kubeadm's etcd does).</summary>
    public bool HostNetwork { get; private set; }

    /// <summary><c>spec.volumes</c>, in file order.</summary>
    public IReadOnlyList<PodVolume> Volumes { get; private set; } = [];

    internal SourceNode Root { get; }

    /// <summary>Reads a manifest file as UTF-8, keeping a byte order mark so that an edit can write it back unchanged.</summary>
    /// <exception cref="ManifestException">The file is missing, unreadable or not UTF-8.</exception>
    public static string ReadText(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ManifestException(path, "not found", e)
            {
                Hint = "kubeadm keeps it at /etc/kubernetes/manifests/etcd.yaml; pass --manifest with its path",
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException(path, $"cannot be read: {e.Message}", e);
        }

        try
        {
            // No BOM stripping: a U+FEFF stays in the string so the text round-trips byte for byte.
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ManifestException(path, $"is not UTF-8 text (bad byte at offset {e.Index})", e);
        }
    }

    /// <summary>Reads and parses a manifest file.</summary>
    /// <exception cref="ManifestException">The file is missing or unreadable, is not valid YAML, or is not a v1 Pod.</exception>
    public static StaticPodManifest Load(string path) => Parse(ReadText(path), path);

    /// <summary>Parses manifest text; <paramref name="path"/> names it in messages.</summary>
    /// <exception cref="ManifestException">The text is not valid YAML or not a v1 Pod.</exception>
    public static StaticPodManifest Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        var root = SourceYamlReader.Parse(text, path);
        var manifest = new StaticPodManifest(path, text, root);
        manifest.Read();
        return manifest;
    }

    /// <summary>The volume called <paramref name="name"/>, or null.</summary>
    public PodVolume? FindVolume(string name) =>
        Volumes.FirstOrDefault(v => string.Equals(v.Name, name, StringComparison.Ordinal));

    private void Read()
    {
        var r = new PodReader(Path);
        if (Root.Kind != SourceNodeKind.Mapping)
        {
            throw new ManifestException(Path, $"not a Kubernetes object: the document is {Root.Describe()}");
        }

        var kind = r.OptionalString(Root, "kind");
        var apiVersion = r.OptionalString(Root, "apiVersion");
        if (kind is null)
        {
            throw new ManifestException(Path, "not an etcd static pod: no kind");
        }

        if (!string.Equals(kind, "Pod", StringComparison.Ordinal))
        {
            throw new ManifestException(Path, $"not an etcd static pod: kind {kind}");
        }

        if (!string.Equals(apiVersion, "v1", StringComparison.Ordinal))
        {
            throw new ManifestException(Path, $"not an etcd static pod: apiVersion {apiVersion ?? "(none)"}, want v1");
        }

        if (r.OptionalMapping(Root, "metadata") is { } metadata)
        {
            Name = r.OptionalString(metadata, "name");
            Namespace = r.OptionalString(metadata, "namespace");
            Annotations = r.StringMap(metadata, "annotations", "metadata.annotations");
        }

        var spec = r.OptionalMapping(Root, "spec") ?? throw new ManifestException(Path, "not an etcd static pod: no spec");
        HostNetwork = r.OptionalString(spec, "hostNetwork", "spec.hostNetwork") is "true" or "True" or "TRUE";
        var containers = new List<PodContainer>();
        containers.AddRange(r.Items(spec, "initContainers", "spec.initContainers").Select(c => r.Container(c, isInit: true)));
        containers.AddRange(r.Items(spec, "containers", "spec.containers").Select(c => r.Container(c, isInit: false)));
        Containers = containers;
        Volumes = r.Items(spec, "volumes", "spec.volumes").Select(r.Volume).ToList();
        CheckUniqueNames();
    }

    private void CheckUniqueNames()
    {
        // The API server rejects these pods; we refuse them because every later decision keys on the name.
        if (Volumes.GroupBy(v => v.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } dupVolume)
        {
            throw new ManifestException(Path, $"volume \"{dupVolume.Key}\" is defined more than once in spec.volumes");
        }

        foreach (var c in Containers)
        {
            if (c.VolumeMounts.GroupBy(m => UnixPath.Clean(m.MountPath), StringComparer.Ordinal)
                .FirstOrDefault(g => g.Count() > 1) is { } dupMount)
            {
                throw new ManifestException(Path, $"container \"{c.Name}\" mounts two volumes at {dupMount.Key}");
            }
        }
    }
}
