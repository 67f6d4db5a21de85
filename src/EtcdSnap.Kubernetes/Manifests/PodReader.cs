namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>Typed access to the pod fields EtcdSnap reads, with one-line messages that name the field and line.</summary>
internal sealed class PodReader(string path)
{
    private static readonly string[] s_volumeSourceSkip = ["name"];

    public string? OptionalString(SourceNode map, string key, string? field = null)
    {
        var node = map.Get(key);
        if (node is null || node.IsNull)
        {
            return null;
        }

        return node.Kind == SourceNodeKind.Scalar
            ? node.Value
            : throw Bad(node, field ?? key, "a string");
    }

    public SourceNode? OptionalMapping(SourceNode map, string key, string? field = null)
    {
        var node = map.Get(key);
        if (node is null || node.IsNull)
        {
            return null;
        }

        return node.Kind == SourceNodeKind.Mapping ? node : throw Bad(node, field ?? key, "a mapping");
    }

    public IEnumerable<SourceNode> Items(SourceNode map, string key, string field)
    {
        var node = map.Get(key);
        if (node is null || node.IsNull)
        {
            return [];
        }

        if (node.Kind != SourceNodeKind.Sequence)
        {
            throw Bad(node, field, "a sequence");
        }

        for (var i = 0; i < node.Items.Count; i++)
        {
            if (node.Items[i].Kind != SourceNodeKind.Mapping)
            {
                throw Bad(node.Items[i], $"{field}[{i}]", "a mapping");
            }
        }

        return node.Items;
    }

    public List<string> Strings(SourceNode map, string key, string field)
    {
        var node = map.Get(key);
        if (node is null || node.IsNull)
        {
            return [];
        }

        if (node.Kind != SourceNodeKind.Sequence)
        {
            throw Bad(node, field, "a sequence of strings");
        }

        var list = new List<string>(node.Items.Count);
        for (var i = 0; i < node.Items.Count; i++)
        {
            var item = node.Items[i];
            list.Add(item.Kind == SourceNodeKind.Scalar ? item.Value : throw Bad(item, $"{field}[{i}]", "a string"));
        }

        return list;
    }

    public Dictionary<string, string> StringMap(SourceNode map, string key, string field)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var node = OptionalMapping(map, key, field);
        foreach (var pair in node?.Pairs ?? [])
        {
            result[pair.Key.Value] = pair.Value.Kind == SourceNodeKind.Scalar
                ? pair.Value.Value
                : throw Bad(pair.Value, $"{field}[{pair.Key.Value}]", "a string");
        }

        return result;
    }

    public PodContainer Container(SourceNode node, bool isInit)
    {
        var name = OptionalString(node, "name") ?? "";
        var field = $"container \"{name}\"";
        var mounts = Items(node, "volumeMounts", $"{field} volumeMounts").Select(m => new VolumeMount(
            Required(m, "name", $"{field} volumeMounts[].name"),
            Required(m, "mountPath", $"{field} volumeMounts[].mountPath"),
            OptionalString(m, "subPath"),
            Bool(m, "readOnly"),
            OptionalString(m, "subPathExpr"))).ToList();
        var env = Items(node, "env", $"{field} env").Select(e => new EnvVar(
            Required(e, "name", $"{field} env[].name"),
            e.Get("valueFrom") is { IsNull: false } ? null : OptionalString(e, "value") ?? "")).ToList();
        return new PodContainer(name, OptionalString(node, "image"), Strings(node, "command", $"{field} command"),
            Strings(node, "args", $"{field} args"), OptionalString(node, "workingDir"), mounts, env, isInit);
    }

    public PodVolume Volume(SourceNode node)
    {
        var name = Required(node, "name", "spec.volumes[].name");
        var sourcePair = node.Pairs.FirstOrDefault(p => !s_volumeSourceSkip.Contains(p.Key.Value, StringComparer.Ordinal));
        if (sourcePair.Key is null)
        {
            return new PodVolume(name, "(none)", null, null) { Node = node };
        }

        var source = sourcePair.Key.Value;
        if (!string.Equals(source, "hostPath", StringComparison.Ordinal))
        {
            return new PodVolume(name, source, null, null) { Node = node };
        }

        var hostPath = sourcePair.Value.Kind == SourceNodeKind.Mapping
            ? sourcePair.Value
            : throw Bad(sourcePair.Value, $"volume \"{name}\" hostPath", "a mapping");
        var pathNode = hostPath.Get("path");
        if (pathNode is null || pathNode.IsNull || pathNode.Kind != SourceNodeKind.Scalar)
        {
            throw new ManifestException(path, $"volume \"{name}\" has no hostPath.path ({hostPath.Where})");
        }

        return new PodVolume(name, source, pathNode.Value, OptionalString(hostPath, "type"))
        {
            HostPathNode = pathNode,
            Node = node,
        };
    }

    private string Required(SourceNode map, string key, string field) =>
        OptionalString(map, key, field) ?? throw new ManifestException(path, $"{field} is missing ({map.Where})");

    private static bool Bool(SourceNode map, string key)
    {
        var node = map.Get(key);
        return node is { Kind: SourceNodeKind.Scalar } && node.Value is "true" or "True" or "TRUE";
    }

    private ManifestException Bad(SourceNode node, string field, string want) =>
        new(path, $"{field} must be {want}, found {node.Describe()} ({node.Where})");
}
