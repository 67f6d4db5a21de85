using YamlDotNet.Core;

namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>
/// Plans the one text edit that sets <c>metadata.annotations[key]</c>: replace the value when the key exists, else add
/// one line to the annotations (block) or one entry (flow), creating <c>annotations</c> as the first key of
/// <c>metadata</c> when absent, as kubeadm orders it. Indentation and line breaks follow the file.
/// </summary>
internal static class AnnotationEdit
{
    public static (TextEdit Edit, string? OldValue) Plan(StaticPodManifest pod, string key, string value)
    {
        var text = pod.Text;
        var nl = SourceLines.NewLine(text);
        var metadataKey = pod.Root.GetKey("metadata");
        var metadata = pod.Root.Get("metadata");
        if (metadataKey is null || metadata is null || metadata.Kind != SourceNodeKind.Mapping || metadata.Pairs.Count == 0)
        {
            throw new ManifestException(pod.Path, "has no metadata mapping to hold the annotation");
        }

        var step = metadata.IsFlow ? 2 : Math.Max(1, metadata.Pairs[0].Key.Column - metadataKey.Column);
        var annotationsKey = metadata.GetKey("annotations");
        var annotations = metadata.Get("annotations");
        if (annotationsKey is null || annotations is null)
        {
            return (AddAnnotationsKey(text, nl, metadata, step, key, value), null);
        }

        if (annotations.Kind == SourceNodeKind.Mapping)
        {
            if (annotations.Get(key) is { } existing)
            {
                return (Replace(pod, existing, value), existing.Value);
            }

            return (annotations.IsFlow
                ? InsertIntoFlow(annotations, Entry(key, value, inFlow: true))
                : InsertAfterLastPair(text, nl, annotations, new string(' ', annotations.Pairs[0].Key.Column - 1) + Entry(key, value, false)), null);
        }

        if (annotations.IsNull)
        {
            if (annotations.End > annotations.Start)
            {
                // "annotations: null" or "~": replace the null with a one-entry flow mapping.
                return (new TextEdit(annotations.Start, annotations.End, "{" + Entry(key, value, inFlow: true) + "}"), null);
            }

            var childIndent = new string(' ', annotationsKey.Column - 1 + step);
            var at = SourceLines.LineEnd(text, annotationsKey.Start);
            return (new TextEdit(at, at, nl + childIndent + Entry(key, value, false)), null);
        }

        throw new ManifestException(pod.Path, $"metadata.annotations must be a mapping, found {annotations.Describe()} ({annotations.Where})");
    }

    private static TextEdit AddAnnotationsKey(string text, string nl, SourceNode metadata, int step, string key, string value)
    {
        if (metadata.IsFlow)
        {
            return InsertIntoFlow(metadata, "annotations: {" + Entry(key, value, inFlow: true) + "}");
        }

        var first = metadata.Pairs[0].Key;
        var indent = new string(' ', first.Column - 1);
        var block = indent + "annotations:" + nl + indent + new string(' ', step) + Entry(key, value, false);
        if (SourceLines.OnlyIndentBefore(text, first.Start))
        {
            var at = SourceLines.LineStart(text, first.Start);
            return new TextEdit(at, at, block + nl);
        }

        return InsertAfterLastPair(text, nl, metadata, block);
    }

    private static TextEdit InsertAfterLastPair(string text, string nl, SourceNode map, string line)
    {
        var at = SourceLines.NextLineStart(text, map.Pairs[^1].Value.End);
        return at < 0
            ? new TextEdit(text.Length, text.Length, nl + line)
            : new TextEdit(at, at, line + nl);
    }

    private static TextEdit InsertIntoFlow(SourceNode map, string entry)
    {
        var at = map.FlowCloseIndex;
        return new TextEdit(at, at, map.Pairs.Count == 0 ? entry : ", " + entry);
    }

    private static TextEdit Replace(StaticPodManifest pod, SourceNode existing, string value)
    {
        if (existing.Kind != SourceNodeKind.Scalar || existing.Anchor is not null)
        {
            throw new ManifestException(pod.Path,
                $"metadata.annotations value at {existing.Where} is {existing.Describe()}{(existing.Anchor is null ? "" : " with an anchor")}; "
                + "EtcdSnap only replaces a plain or quoted string");
        }

        return YamlScalarText.ReplaceEdit(pod.Text, existing, value);
    }

    private static string Entry(string key, string value, bool inFlow) =>
        YamlScalarText.Format(key, ScalarStyle.Plain, inFlow) + ": " + YamlScalarText.Format(value, ScalarStyle.Plain, inFlow);
}
