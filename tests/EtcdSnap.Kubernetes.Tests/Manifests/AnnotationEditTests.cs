using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Kubernetes.Tests.Manifests;

/// <summary>Shapes of metadata/annotations the golden files do not cover, checked inline.</summary>
public sealed class AnnotationEditTests
{
    private const string Spec = """
        spec:
          containers:
          - command: [etcd, --data-dir=/var/lib/etcd]
            name: etcd
            volumeMounts: [{mountPath: /var/lib/etcd, name: data}]
          volumes: [{name: data, hostPath: {path: /var/lib/etcd}}]

        """;

    private static string Switch(string text) =>
        EtcdManifestEditor.SwitchDataDir(text, "etcd.yaml", new DataDirSwitch("/restored", "/s.db sha256:ab")).NewText;

    [Fact]
    public void Switch_FlowMetadataWithoutAnnotations_AddsFlowEntry()
    {
        var text = "apiVersion: v1\nkind: Pod\nmetadata: {name: etcd, namespace: kube-system}\n" + Spec;

        var result = Switch(text);

        Assert.StartsWith(
            "apiVersion: v1\nkind: Pod\nmetadata: {name: etcd, namespace: kube-system, annotations: {etcdsnap.io/restored-from: \"/s.db sha256:ab\"}}\n",
            result, StringComparison.Ordinal);
        Assert.Contains("hostPath: {path: /restored}", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_NullAnnotationsWord_ReplacedByFlowMapping()
    {
        var text = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: null\n  name: etcd\n" + Spec;

        var result = Switch(text);

        Assert.StartsWith("apiVersion: v1\nkind: Pod\nmetadata:\n  annotations: {etcdsnap.io/restored-from: \"/s.db sha256:ab\"}\n  name: etcd\n",
            result, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_OurAnnotationWithEmptyValue_ValueFilledIn()
    {
        var text = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    etcdsnap.io/restored-from:\n  name: etcd\n" + Spec;

        var result = Switch(text);

        Assert.StartsWith(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    etcdsnap.io/restored-from: \"/s.db sha256:ab\"\n  name: etcd\n",
            result, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_OurAnnotationAsBlockScalar_ReplacedKeepingNextLine()
    {
        var text = "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    etcdsnap.io/restored-from: |\n      old\n  name: etcd\n" + Spec;

        var result = Switch(text);

        Assert.StartsWith(
            "apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    etcdsnap.io/restored-from: \"/s.db sha256:ab\"\n  name: etcd\n",
            result, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_LastAnnotationOnLastLineWithoutNewline_AppendsLine()
    {
        var text = "apiVersion: v1\nkind: Pod\n" + Spec + "metadata:\n  name: etcd\n  annotations:\n    a: b";

        var result = Switch(text);

        Assert.EndsWith("metadata:\n  name: etcd\n  annotations:\n    a: b\n    etcdsnap.io/restored-from: \"/s.db sha256:ab\"", result,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_ByteOrderMark_KeptAndOffsetsRight()
    {
        var text = "\uFEFFapiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n" + Spec;

        var result = Switch(text);

        Assert.StartsWith("\uFEFFapiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    etcdsnap.io/restored-from:", result,
            StringComparison.Ordinal);
        Assert.Contains("hostPath: {path: /restored}}]", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_AnchoredHostPath_Refuses()
    {
        var text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: etcd\n" + Spec.Replace("{path: /var/lib/etcd}", "{path: &p /var/lib/etcd}",
            StringComparison.Ordinal);

        var e = Assert.Throws<ManifestException>(() => Switch(text));

        Assert.Contains("is a YAML anchor or alias", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Switch_MetadataMissing_Refuses()
    {
        var e = Assert.Throws<ManifestException>(() => Switch("apiVersion: v1\nkind: Pod\n" + Spec));

        Assert.Equal("manifest etcd.yaml: has no metadata mapping to hold the annotation", e.Message);
    }
}
