using YamlDotNet.RepresentationModel;

namespace EtcdSnap.Kubernetes.Tests.Manifests;

/// <summary>
/// Flattens a YAML document with YamlDotNet's representation model (independent of the production SourceYamlReader)
/// into "path = scalar" pairs, so tests can state which values an edit changed and that nothing else did.
/// </summary>
internal static class YamlFlattener
{
    public static Dictionary<string, string> Flatten(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text.TrimStart('\uFEFF')));
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(stream.Documents[0].RootNode, "", result);
        return result;
    }

    /// <summary>Paths whose value differs, was added, or was removed.</summary>
    public static SortedSet<string> ChangedPaths(string before, string after)
    {
        var a = Flatten(before);
        var b = Flatten(after);
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                changed.Add(key);
            }
        }

        foreach (var key in b.Keys.Where(k => !a.ContainsKey(k)))
        {
            changed.Add(key);
        }

        return changed;
    }

    private static void Walk(YamlNode node, string path, Dictionary<string, string> result)
    {
        switch (node)
        {
            case YamlScalarNode s:
                result[path] = s.Value ?? "";
                break;
            case YamlMappingNode m when m.Children.Count == 0:
                result[path] = "{}";
                break;
            case YamlMappingNode m:
                foreach (var (k, v) in m.Children)
                {
                    Walk(v, path.Length == 0 ? ((YamlScalarNode)k).Value! : path + "." + ((YamlScalarNode)k).Value, result);
                }

                break;
            case YamlSequenceNode q when q.Children.Count == 0:
                result[path] = "[]";
                break;
            case YamlSequenceNode q:
                for (var i = 0; i < q.Children.Count; i++)
                {
                    Walk(q.Children[i], $"{path}[{i}]", result);
                }

                break;
        }
    }
}
