using System.Text;
using EtcdSnap.Kubernetes.Objects;
using EtcdSnap.Kubernetes.Objects.Samples;
using static EtcdSnap.Kubernetes.Objects.Samples.SampleBuilder;

namespace EtcdSnap.IntegrationTests.Inspection;

/// <summary>What a step of the data set does to a key, and what <c>diff</c> must call it.</summary>
internal enum Expect
{
    Added,
    Removed,
    Changed,
    Recreated,
    Rewritten,

    /// <summary>A key that is not an API object: not in <c>diff</c> unless --all-keys.</summary>
    NotAnObject,
}

/// <summary>One write of the data set: a put (<see cref="Value"/> set) or a delete.</summary>
internal sealed record Step(string Key, byte[]? Value, Expect Expect);

/// <summary>
/// The demo data set the inspection fixtures and docs are made from: the seed story's cluster
/// (<see cref="SampleCluster.Create"/>) and a day of known changes on top of it; and a cluster whose apiserver used
/// <c>--etcd-prefix=/k8s</c> and encrypts every Secret. Deterministic: the same bytes and revisions every run.
/// </summary>
internal static class InspectionDataSet
{
    public const string CustomPrefix = "/k8s";

    public static IReadOnlyList<SampleEntry> Before() => SampleCluster.Create();

    /// <summary>The changes between <c>demo-before</c> and <c>demo-after</c>, in order, with what diff must report.</summary>
    public static IReadOnlyList<Step> Changes()
    {
        var b = new SampleBuilder(SampleCluster.CreatedAt);
        var before = Before().ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var red = Labels("app", "red");
        ContainerSpec[] nginx = [new("nginx", "nginx:1.25", 80)];
        var redPodLabels = new Dictionary<string, string>(red, StringComparer.Ordinal) { ["pod-template-hash"] = "6684f7669d" };
        var steps = new List<Step>
        {
            // Scale red from 2 to 3 replicas: the deployment changes, a third pod appears.
            Put(b, "/registry/deployments/default/red", "apps/v1", "Deployment", Expect.Changed,
                b.Meta("Deployment", "default", "red", 3, red, generation: 2, annotations: Labels("deployment.kubernetes.io/revision", "1")),
                ObjectBodies.Deployment(3, red, red, nginx, 2, 3)),
            Put(b, "/registry/pods/default/red-6684f7669d-x9k2p", "v1", "Pod", Expect.Added,
                b.Meta("Pod", "default", "red-6684f7669d-x9k2p", 600, redPodLabels,
                    [b.Owner("apps/v1", "ReplicaSet", "default", "red-6684f7669d")]) with { GenerateName = "red-6684f7669d-" },
                ObjectBodies.Pod("controlplane", nginx, "Running", "192.12.77.3", "10.244.0.22")),
            // A blue pod goes away.
            new("/registry/pods/default/blue-6b478c8dbf-wcqww", null, Expect.Removed),
            // CoreDNS gets a new Corefile.
            Put(b, "/registry/configmaps/kube-system/coredns", "v1", "ConfigMap", Expect.Changed, b.Meta("ConfigMap", "kube-system", "coredns", 1),
                ObjectBodies.ConfigMap(Labels("Corefile", ".:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n" +
                    "    forward . /etc/resolv.conf\n    cache 60\n}\n"))),
            // The custom resource keeps a fortnight now.
            new("/registry/demo.etcdsnap.io/backups/default/nightly", KubernetesObjectEncoder.Json("demo.etcdsnap.io/v1", "Backup",
                b.Meta("Backup", "default", "nightly", 5, Labels("app", "blue"), generation: 2), w =>
                {
                    w.WriteStartObject("spec");
                    w.WriteNumber("retain", 14);
                    w.WriteString("schedule", "0 3 * * *");
                    w.WriteEndObject();
                }), Expect.Changed),
            // A new namespace with a config map.
            Put(b, "/registry/namespaces/staging", "v1", "Namespace", Expect.Added,
                b.Meta("Namespace", "", "staging", 610, Labels("kubernetes.io/metadata.name", "staging")), ObjectBodies.Namespace()),
            Put(b, "/registry/configmaps/staging/app-config", "v1", "ConfigMap", Expect.Added, b.Meta("ConfigMap", "staging", "app-config", 611),
                ObjectBodies.ConfigMap(Labels("LOG_LEVEL", "debug"))),
            // red-service deleted and created again: a new uid, so new bytes and a new create revision.
            new("/registry/services/specs/default/red-service", null, Expect.Recreated),
            Put(b, "/registry/services/specs/default/red-service", "v1", "Service", Expect.Recreated,
                b.Meta("Service", "default", "red-service", 620) with { Uid = "0f6c2e2a-4d1b-4c57-9a43-6f1d2b3c4e5f" },
                ObjectBodies.Service("NodePort", "10.97.154.231", red, [new(null, "TCP", 80, 80, 30080)])),
            // The encrypted Secret is written again: a new IV, so new ciphertext.
            new(SampleCluster.EncryptedSecretKey, Encrypted("aescbc", "key1", 20240206), Expect.Changed),
            // The node object is written again with identical bytes.
            new("/registry/minions/controlplane", before["/registry/minions/controlplane"], Expect.Rewritten),
            // The apiserver's compactor bumps its key.
            new(RegistryKeyParser.CompactRevisionKey, "58"u8.ToArray(), Expect.NotAnObject),
        };
        return steps;
    }

    /// <summary>A cluster with <c>--etcd-prefix=/k8s</c> whose Secrets are all encrypted (three providers), and a
    /// key of another application next to it.</summary>
    public static IReadOnlyList<SampleEntry> EncryptedCustomPrefix()
    {
        var b = new SampleBuilder(SampleCluster.CreatedAt);
        foreach (var ns in new[] { "default", "kube-system" })
        {
            b.Protobuf($"{CustomPrefix}/namespaces/{ns}", "v1", "Namespace",
                b.Meta("Namespace", "", ns, 0, Labels("kubernetes.io/metadata.name", ns)), ObjectBodies.Namespace());
        }

        ContainerSpec[] app = [new("app", "registry.example/app:2.1", 8080)];
        foreach (var pod in new[] { "app-0", "app-1" })
        {
            b.Protobuf($"{CustomPrefix}/pods/default/{pod}", "v1", "Pod", b.Meta("Pod", "default", pod, 2, Labels("app", "app")),
                ObjectBodies.Pod("node-1", app, "Running", "10.0.0.5", "10.244.1." + pod[^1]));
        }

        b.Protobuf($"{CustomPrefix}/configmaps/default/settings", "v1", "ConfigMap", b.Meta("ConfigMap", "default", "settings", 3),
            ObjectBodies.ConfigMap(Labels("mode", "production")));
        b.Raw($"{CustomPrefix}/secrets/default/db-password", Encrypted("aescbc", "key1", 1));
        b.Raw($"{CustomPrefix}/secrets/default/api-token", Encrypted("aesgcm", "key2", 2));
        b.Raw($"{CustomPrefix}/secrets/kube-system/bootstrap-token-abcdef", Encrypted("kms", "vault-plugin", 3, "v2"));
        b.Raw("/other-app/config", "{\"feature\":true}\n"u8.ToArray());
        b.Raw(RegistryKeyParser.CompactRevisionKey, "1"u8.ToArray());
        return b.Entries;
    }

    /// <summary>A value in the encryption-at-rest form of <paramref name="provider"/> with seeded random bytes after the
    /// prefix (nothing here is ever decrypted; the bytes only have to stay the same between runs).</summary>
    public static byte[] Encrypted(string provider, string keyName, int seed, string version = "v1")
    {
        var payload = new byte[64];
        new Random(seed).NextBytes(payload);
        return [.. Encoding.ASCII.GetBytes($"k8s:enc:{provider}:{version}:{keyName}:"), .. payload];
    }

    private static Step Put(SampleBuilder b, string key, string apiVersion, string kind, Expect expect, ObjectMeta meta, byte[] body)
    {
        b.Protobuf(key, apiVersion, kind, meta, body);
        return new Step(key, b.Entries[^1].Value, expect);
    }
}
