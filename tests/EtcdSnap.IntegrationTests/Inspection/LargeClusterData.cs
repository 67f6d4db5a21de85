using System.Globalization;
using EtcdSnap.Kubernetes.Objects;
using EtcdSnap.Kubernetes.Objects.Samples;
using static EtcdSnap.Kubernetes.Objects.Samples.SampleBuilder;

namespace EtcdSnap.IntegrationTests.Inspection;

/// <summary>
/// A bigger cluster for the end-to-end inspection test: the demo cluster plus 8 namespaces with 50 pods, a config map,
/// two custom resources (JSON, with their CRD), three encrypted Secrets (aescbc, aesgcm, kms v2) and one plain Secret
/// each. Every written value and its metadata is kept, so what <c>get</c> decodes can be compared with what was written.
/// </summary>
internal sealed class LargeClusterData
{
    public const int Namespaces = 8;
    public const int PodsPerNamespace = 50;
    private readonly SampleBuilder _b = new(SampleCluster.CreatedAt.AddDays(1));
    private int _generation;

    public LargeClusterData()
    {
        foreach (var e in SampleCluster.Create())
        {
            Written[e.Key] = e.Value;
        }

        Written["/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com"] = KubernetesObjectEncoder.Json(
            "apiextensions.k8s.io/v1", "CustomResourceDefinition", _b.Meta("CustomResourceDefinition", "", "widgets.example.com", 0), w =>
            {
                w.WriteStartObject("spec");
                w.WriteString("group", "example.com");
                w.WriteStartObject("names");
                w.WriteString("plural", "widgets");
                w.WriteString("singular", "widget");
                w.WriteString("kind", "Widget");
                w.WriteStartArray("shortNames");
                w.WriteStringValue("wdg");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteString("scope", "Namespaced");
                w.WriteEndObject();
            });
        for (var n = 0; n < Namespaces; n++)
        {
            var ns = Namespace(n);
            Protobuf($"/registry/namespaces/{ns}", "v1", "Namespace", _b.Meta("Namespace", "", ns, n), ObjectBodies.Namespace());
            for (var p = 0; p < PodsPerNamespace; p++)
            {
                Pod(ns, p, "Running");
            }

            Protobuf($"/registry/configmaps/{ns}/settings", "v1", "ConfigMap", _b.Meta("ConfigMap", ns, "settings", 5),
                ObjectBodies.ConfigMap(Labels("team", ns)));
            Widget(ns, "alpha", 1);
            Widget(ns, "beta", 2);
            Written[$"/registry/secrets/{ns}/db"] = InspectionDataSet.Encrypted("aescbc", "key1", n * 10 + 1);
            Written[$"/registry/secrets/{ns}/api"] = InspectionDataSet.Encrypted("aesgcm", "key2", n * 10 + 2);
            Written[$"/registry/secrets/{ns}/vault"] = InspectionDataSet.Encrypted("kms", "vault", n * 10 + 3, "v2");
            Protobuf($"/registry/secrets/{ns}/plain", "v1", "Secret", _b.Meta("Secret", ns, "plain", 6),
                ObjectBodies.Secret(new Dictionary<string, byte[]> { ["token"] = "abc"u8.ToArray() }, "Opaque"));
        }
    }

    /// <summary>Every key written so far with its latest value (deletes remove it).</summary>
    public Dictionary<string, byte[]> Written { get; } = new(StringComparer.Ordinal);

    /// <summary>The metadata written for protobuf and JSON objects, by key.</summary>
    public Dictionary<string, ObjectMeta> Metadata { get; } = new(StringComparer.Ordinal);

    public static string Namespace(int n) => "team-" + n.ToString("D2", CultureInfo.InvariantCulture);

    public static string PodKey(int n, int p) => $"/registry/pods/{Namespace(n)}/web-{p:D3}";

    /// <summary>Writes (or rewrites, with a new generation and phase) pod <paramref name="p"/> of namespace <paramref name="ns"/>.</summary>
    public Step Pod(string ns, int p, string phase)
    {
        var name = $"web-{p:D3}";
        var meta = _b.Meta("Pod", ns, name, 10 + p, Labels("app", "web", "phase", phase),
            [_b.Owner("apps/v1", "ReplicaSet", ns, "web-5f7d")], generation: ++_generation) with
        { GenerateName = "web-" };
        return Protobuf($"/registry/pods/{ns}/{name}", "v1", "Pod", meta,
            ObjectBodies.Pod("node-1", [new ContainerSpec("web", "nginx:1.25", 80)], phase, "10.0.0.1", "10.244.9.9"));
    }

    /// <summary>Writes widget <paramref name="name"/> (JSON) with a new uid: a different object under the same key.</summary>
    public Step Widget(string ns, string name, int size, string? uid = null)
    {
        var meta = _b.Meta("Widget", ns, name, 20, Labels("size", size.ToString(CultureInfo.InvariantCulture)), generation: 1);
        meta = uid is null ? meta : meta with { Uid = uid };
        var key = $"/registry/example.com/widgets/{ns}/{name}";
        Metadata[key] = meta;
        Written[key] = KubernetesObjectEncoder.Json("example.com/v1", "Widget", meta, w =>
        {
            w.WriteStartObject("spec");
            w.WriteNumber("size", size);
            w.WriteEndObject();
        });
        return new Step(key, Written[key], Expect.Changed);
    }

    public Step Delete(string key)
    {
        Written.Remove(key);
        Metadata.Remove(key);
        return new Step(key, null, Expect.Removed);
    }

    private Step Protobuf(string key, string apiVersion, string kind, ObjectMeta meta, byte[] body)
    {
        Metadata[key] = meta;
        Written[key] = KubernetesObjectEncoder.Protobuf(apiVersion, kind, meta, body);
        return new Step(key, Written[key], Expect.Changed);
    }
}
