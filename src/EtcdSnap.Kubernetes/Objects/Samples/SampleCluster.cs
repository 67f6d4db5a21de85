using System.Text;
using EtcdSnap.Formats.Protobuf;
using static EtcdSnap.Kubernetes.Objects.Samples.SampleBuilder;

namespace EtcdSnap.Kubernetes.Objects.Samples;

/// <summary>
/// A small kubeadm cluster's etcd keyspace matching the story EtcdSnap was created from: deployments <c>blue</c> (3
/// replicas) and <c>red</c> (2) with their replica sets and pods, NodePort services <c>blue-service</c> (80:30082) and
/// <c>red-service</c> (80:30080), service <c>kubernetes</c>, endpoints, a few kube-system objects, a CRD with one
/// custom resource (JSON), one Secret encrypted at rest (aescbc, random bytes) and <c>compact_rev_key</c>.
/// </summary>
/// <remarks>Deterministic: uids, timestamps and the ciphertext bytes are the same on every call.</remarks>
public static class SampleCluster
{
    /// <summary>When the sample cluster was created (the story's date).</summary>
    public static readonly DateTimeOffset CreatedAt = new(2024, 2, 5, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The key of the Secret stored in <c>k8s:enc:aescbc:v1:key1:</c> form.</summary>
    public const string EncryptedSecretKey = "/registry/secrets/default/blue-db-credentials";

    private const string Node = "controlplane";
    private const string NodeIp = "192.12.77.3";

    /// <summary>The keys and values to load into a throwaway etcd, in creation order.</summary>
    public static IReadOnlyList<SampleEntry> Create()
    {
        var b = new SampleBuilder(CreatedAt);
        AddClusterObjects(b);
        AddKubeSystem(b);
        AddApp(b, "blue", "6b478c8dbf", ["2pxxs", "bjqwm", "wcqww"], "10.98.76.47", 30082, 3, 10);
        AddApp(b, "red", "6684f7669d", ["7cqct", "cvmg4"], "10.97.154.230", 30080, 3, 20);
        AddCustomResources(b);
        AddEncryptedSecret(b);
        b.Raw(RegistryKeyParser.CompactRevisionKey, "1"u8.ToArray());
        return b.Entries;
    }

    private static void AddClusterObjects(SampleBuilder b)
    {
        foreach (var ns in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            b.Protobuf($"/registry/namespaces/{ns}", "v1", "Namespace",
                b.Meta("Namespace", "", ns, 0, Labels("kubernetes.io/metadata.name", ns)), ObjectBodies.Namespace());
        }

        b.Protobuf($"/registry/minions/{Node}", "v1", "Node", b.Meta("Node", "", Node, 0,
            Labels("kubernetes.io/hostname", Node, "kubernetes.io/os", "linux", "node-role.kubernetes.io/control-plane", "")), []);
        b.Protobuf($"/registry/leases/kube-node-lease/{Node}", "coordination.k8s.io/v1", "Lease",
            b.Meta("Lease", "kube-node-lease", Node, 0, owners: [new("v1", "Node", Node, b.Uid("Node", "", Node))]), []);
        b.Protobuf("/registry/priorityclasses/system-node-critical", "scheduling.k8s.io/v1", "PriorityClass",
            b.Meta("PriorityClass", "", "system-node-critical", 0), new ProtoWriter().WriteInt64(2, 2_000_001_000).ToArray());
        b.Protobuf("/registry/clusterroles/cluster-admin", "rbac.authorization.k8s.io/v1", "ClusterRole",
            b.Meta("ClusterRole", "", "cluster-admin", 0, Labels("kubernetes.io/bootstrapping", "rbac-defaults")), []);
        b.Protobuf("/registry/ranges/serviceips", "v1", "RangeAllocation", new ObjectMeta { CreationTimestamp = CreatedAt },
            ObjectBodies.RangeAllocation("10.96.0.0/12", [0x01, 0x04]));
        b.Protobuf("/registry/ranges/servicenodeports", "v1", "RangeAllocation", new ObjectMeta { CreationTimestamp = CreatedAt },
            ObjectBodies.RangeAllocation("30000-32767", [0x00, 0x10]));

        b.Protobuf("/registry/services/specs/default/kubernetes", "v1", "Service",
            b.Meta("Service", "default", "kubernetes", 0, Labels("component", "apiserver", "provider", "kubernetes")),
            ObjectBodies.Service("ClusterIP", "10.96.0.1", null, [new("https", "TCP", 443, 6443)]));
        b.Protobuf("/registry/services/endpoints/default/kubernetes", "v1", "Endpoints",
            b.Meta("Endpoints", "default", "kubernetes", 0, Labels("endpointslice.kubernetes.io/skip-mirror", "true")),
            ObjectBodies.Endpoints([new(NodeIp, null, null, null, null)], [("https", 6443, "TCP")]));
        b.Protobuf("/registry/serviceaccounts/default/default", "v1", "ServiceAccount", b.Meta("ServiceAccount", "default", "default", 0), []);
        b.Protobuf("/registry/configmaps/default/kube-root-ca.crt", "v1", "ConfigMap",
            b.Meta("ConfigMap", "default", "kube-root-ca.crt", 0, annotations: Labels("kubernetes.io/description", "Contains a CA bundle")),
            ObjectBodies.ConfigMap(Labels("ca.crt", "-----BEGIN CERTIFICATE-----\n(sample)\n-----END CERTIFICATE-----\n")));
    }

    private static void AddKubeSystem(SampleBuilder b)
    {
        const string ns = "kube-system";
        var dns = Labels("k8s-app", "kube-dns");
        ContainerSpec[] coredns = [new("coredns", "registry.k8s.io/coredns/coredns:v1.10.1", 53, "UDP")];
        b.Protobuf("/registry/deployments/kube-system/coredns", "apps/v1", "Deployment",
            b.Meta("Deployment", ns, "coredns", 1, dns, generation: 1), ObjectBodies.Deployment(2, dns, dns, coredns, 1, 2));
        AddReplicaSetAndPods(b, ns, "coredns", "5d78c9869d", ["6b6zd", "8szh6"], dns, coredns, 1, 1);
        b.Protobuf("/registry/services/specs/kube-system/kube-dns", "v1", "Service", b.Meta("Service", ns, "kube-dns", 1, dns),
            ObjectBodies.Service("ClusterIP", "10.96.0.10", dns,
                [new("dns", "UDP", 53, 53), new("dns-tcp", "TCP", 53, 53), new("metrics", "TCP", 9153, 9153)]));

        var proxy = Labels("k8s-app", "kube-proxy");
        ContainerSpec[] proxyContainers = [new("kube-proxy", "registry.k8s.io/kube-proxy:v1.27.1")];
        b.Protobuf("/registry/daemonsets/kube-system/kube-proxy", "apps/v1", "DaemonSet",
            b.Meta("DaemonSet", ns, "kube-proxy", 1, proxy, generation: 1), ObjectBodies.DaemonSet(proxy, proxyContainers));
        b.Protobuf("/registry/pods/kube-system/kube-proxy-crxgd", "v1", "Pod",
            b.Meta("Pod", ns, "kube-proxy-crxgd", 1, proxy, [b.Owner("apps/v1", "DaemonSet", ns, "kube-proxy")]),
            ObjectBodies.Pod(Node, proxyContainers, "Running", NodeIp, NodeIp));

        b.Protobuf("/registry/configmaps/kube-system/coredns", "v1", "ConfigMap", b.Meta("ConfigMap", ns, "coredns", 1),
            ObjectBodies.ConfigMap(Labels("Corefile", ".:53 {\n    errors\n    kubernetes cluster.local in-addr.arpa ip6.arpa\n    forward . /etc/resolv.conf\n    cache 30\n}\n")));
        b.Protobuf("/registry/configmaps/kube-system/kube-proxy", "v1", "ConfigMap", b.Meta("ConfigMap", ns, "kube-proxy", 1, proxy),
            ObjectBodies.ConfigMap(Labels("config.conf", "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: iptables\n")));
        foreach (var sa in new[] { "coredns", "kube-proxy" })
        {
            b.Protobuf($"/registry/serviceaccounts/kube-system/{sa}", "v1", "ServiceAccount", b.Meta("ServiceAccount", ns, sa, 1), []);
        }

        b.Protobuf("/registry/secrets/kube-system/bootstrap-token-abcdef", "v1", "Secret",
            b.Meta("Secret", ns, "bootstrap-token-abcdef", 1),
            ObjectBodies.Secret(new Dictionary<string, byte[]>
            {
                ["token-id"] = "abcdef"u8.ToArray(),
                ["token-secret"] = "0123456789abcdef"u8.ToArray(),
                ["usage-bootstrap-authentication"] = "true"u8.ToArray(),
            }, "bootstrap.kubernetes.io/token"));
    }

    private static void AddApp(SampleBuilder b, string app, string hash, string[] podSuffixes, string clusterIp, int nodePort,
        int minute, int podIpBase)
    {
        const string ns = "default";
        var selector = Labels("app", app);
        ContainerSpec[] nginx = [new("nginx", "nginx:1.25", 80)];
        b.Protobuf($"/registry/deployments/default/{app}", "apps/v1", "Deployment",
            b.Meta("Deployment", ns, app, minute, selector, generation: 1, annotations: Labels("deployment.kubernetes.io/revision", "1")),
            ObjectBodies.Deployment(podSuffixes.Length, selector, selector, nginx, 1, podSuffixes.Length));
        var pods = AddReplicaSetAndPods(b, ns, app, hash, podSuffixes, selector, nginx, minute, podIpBase);
        b.Protobuf($"/registry/services/specs/default/{app}-service", "v1", "Service", b.Meta("Service", ns, app + "-service", minute),
            ObjectBodies.Service("NodePort", clusterIp, selector, [new(null, "TCP", 80, 80, nodePort)]));
        b.Protobuf($"/registry/services/endpoints/default/{app}-service", "v1", "Endpoints",
            b.Meta("Endpoints", ns, app + "-service", minute),
            ObjectBodies.Endpoints(pods.Select(p => new EndpointTarget(p.Ip, Node, ns, p.Name, b.Uid("Pod", ns, p.Name))).ToList(),
                [(null, 80, "TCP")]));
    }

    private static List<(string Name, string Ip)> AddReplicaSetAndPods(SampleBuilder b, string ns, string deployment, string hash,
        string[] podSuffixes, Dictionary<string, string> selector, ContainerSpec[] containers, int minute, int podIpBase)
    {
        var rsName = $"{deployment}-{hash}";
        var podLabels = new Dictionary<string, string>(selector, StringComparer.Ordinal) { ["pod-template-hash"] = hash };
        b.Protobuf($"/registry/replicasets/{ns}/{rsName}", "apps/v1", "ReplicaSet",
            b.Meta("ReplicaSet", ns, rsName, minute, podLabels, [b.Owner("apps/v1", "Deployment", ns, deployment)], generation: 1,
                annotations: Labels("deployment.kubernetes.io/desired-replicas", podSuffixes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ObjectBodies.ReplicaSet(podSuffixes.Length, podLabels, podLabels, containers, 1, podSuffixes.Length));
        var pods = new List<(string, string)>();
        for (var i = 0; i < podSuffixes.Length; i++)
        {
            var name = $"{rsName}-{podSuffixes[i]}";
            var ip = $"10.244.0.{podIpBase + i}";
            b.Protobuf($"/registry/pods/{ns}/{name}", "v1", "Pod",
                b.Meta("Pod", ns, name, minute, podLabels, [b.Owner("apps/v1", "ReplicaSet", ns, rsName)]) with { GenerateName = rsName + "-" },
                ObjectBodies.Pod(Node, containers, "Running", NodeIp, ip));
            pods.Add((name, ip));
        }

        return pods;
    }

    private static void AddCustomResources(SampleBuilder b)
    {
        const string crd = "backups.demo.etcdsnap.io";
        b.Raw($"/registry/apiextensions.k8s.io/customresourcedefinitions/{crd}", KubernetesObjectEncoder.Json(
            "apiextensions.k8s.io/v1", "CustomResourceDefinition", b.Meta("CustomResourceDefinition", "", crd, 2, generation: 1), w =>
            {
                w.WriteStartObject("spec");
                w.WriteString("group", "demo.etcdsnap.io");
                w.WriteStartObject("names");
                w.WriteString("kind", "Backup");
                w.WriteString("plural", "backups");
                w.WriteString("singular", "backup");
                w.WriteEndObject();
                w.WriteString("scope", "Namespaced");
                w.WriteStartArray("versions");
                w.WriteStartObject();
                w.WriteString("name", "v1");
                w.WriteStartObject("schema");
                w.WriteStartObject("openAPIV3Schema");
                w.WriteString("type", "object");
                w.WriteBoolean("x-kubernetes-preserve-unknown-fields", true);
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteBoolean("served", true);
                w.WriteBoolean("storage", true);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }));
        b.Raw("/registry/demo.etcdsnap.io/backups/default/nightly", KubernetesObjectEncoder.Json(
            "demo.etcdsnap.io/v1", "Backup", b.Meta("Backup", "default", "nightly", 5, Labels("app", "blue"), generation: 1), w =>
            {
                w.WriteStartObject("spec");
                w.WriteNumber("retain", 7);
                w.WriteString("schedule", "0 3 * * *");
                w.WriteEndObject();
            }));
    }

    private static void AddEncryptedSecret(SampleBuilder b)
    {
        // aescbc layout: 16-byte IV + AES-CBC ciphertext in 16-byte blocks. The bytes are seeded pseudo-random: they
        // only have to look like ciphertext, and stay the same between runs.
        var payload = new byte[16 + 48];
        new Random(20240205).NextBytes(payload);
        b.Raw(EncryptedSecretKey, [.. Encoding.ASCII.GetBytes("k8s:enc:aescbc:v1:key1:"), .. payload]);
    }
}
