using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Kubernetes.Tests.Objects;

public sealed class RegistryKeyParserTests
{
    private const ResourceScope N = ResourceScope.Namespaced;
    private const ResourceScope C = ResourceScope.Cluster;

    public static TheoryData<string, string, string, string?, string, ResourceScope, string?> Objects => new()
    {
        // key, resource, group, namespace, name, scope, kind
        { "/registry/pods/default/web-0", "pods", "", "default", "web-0", N, "Pod" },
        { "/registry/services/specs/default/kubernetes", "services", "", "default", "kubernetes", N, "Service" },
        { "/registry/services/endpoints/default/kubernetes", "endpoints", "", "default", "kubernetes", N, "Endpoints" },
        { "/registry/minions/controlplane", "nodes", "", null, "controlplane", C, "Node" },
        { "/registry/controllers/default/rc1", "replicationcontrollers", "", "default", "rc1", N, "ReplicationController" },
        { "/registry/ingress/default/site", "ingresses", "networking.k8s.io", "default", "site", N, "Ingress" },
        { "/registry/podsecuritypolicy/restricted", "podsecuritypolicies", "policy", null, "restricted", C, "PodSecurityPolicy" },
        { "/registry/namespaces/kube-system", "namespaces", "", null, "kube-system", C, "Namespace" },
        { "/registry/persistentvolumes/pv-1", "persistentvolumes", "", null, "pv-1", C, "PersistentVolume" },
        { "/registry/clusterroles/cluster-admin", "clusterroles", "rbac.authorization.k8s.io", null, "cluster-admin", C, "ClusterRole" },
        { "/registry/clusterrolebindings/kubeadm:get-nodes", "clusterrolebindings", "rbac.authorization.k8s.io", null, "kubeadm:get-nodes", C,
            "ClusterRoleBinding" },
        { "/registry/storageclasses/standard", "storageclasses", "storage.k8s.io", null, "standard", C, "StorageClass" },
        { "/registry/priorityclasses/system-node-critical", "priorityclasses", "scheduling.k8s.io", null, "system-node-critical", C,
            "PriorityClass" },
        { "/registry/deployments/default/blue", "deployments", "apps", "default", "blue", N, "Deployment" },
        { "/registry/replicasets/default/blue-6b478c8dbf", "replicasets", "apps", "default", "blue-6b478c8dbf", N, "ReplicaSet" },
        { "/registry/events/default/blue.17b0c", "events", "", "default", "blue.17b0c", N, "Event" },
        { "/registry/leases/kube-node-lease/controlplane", "leases", "coordination.k8s.io", "kube-node-lease", "controlplane", N, "Lease" },
        { "/registry/apiextensions.k8s.io/customresourcedefinitions/backups.demo.etcdsnap.io", "customresourcedefinitions",
            "apiextensions.k8s.io", null, "backups.demo.etcdsnap.io", C, "CustomResourceDefinition" },
        { "/registry/apiregistration.k8s.io/apiservices/v1.apps", "apiservices", "apiregistration.k8s.io", null, "v1.apps", C, "APIService" },
    };

    [Theory]
    [MemberData(nameof(Objects))]
    public void Parse_BuiltInObjectKey_FromTable(string key, string resource, string group, string? ns, string name, ResourceScope scope,
        string? kind)
    {
        var k = RegistryKeyParser.Parse(key);

        Assert.Equal(RegistryKeyKind.ApiObject, k.Kind);
        Assert.Equal((resource, group, ns, name, scope, kind), (k.Resource, k.Group, k.Namespace, k.Name, k.Scope, k.ObjectKind));
        Assert.False(k.ScopeIsGuess);
    }

    [Theory]
    [InlineData("/registry/demo.etcdsnap.io/backups/default/nightly", "demo.etcdsnap.io", "backups", "default", "nightly", N)]
    [InlineData("/registry/cert-manager.io/clusterissuers/letsencrypt", "cert-manager.io", "clusterissuers", null, "letsencrypt", C)]
    [InlineData("/registry/gateway.networking.k8s.io/gateways/infra/gw", "gateway.networking.k8s.io", "gateways", "infra", "gw", N)]
    [InlineData("/registry/somethingnew/ns1/x", null, "somethingnew", "ns1", "x", N)]
    [InlineData("/registry/somethingnew/x", null, "somethingnew", null, "x", C)]
    public void Parse_UnknownResource_ScopeGuessedFromSegments(string key, string? group, string resource, string? ns, string name,
        ResourceScope scope)
    {
        var k = RegistryKeyParser.Parse(key);

        Assert.Equal(RegistryKeyKind.ApiObject, k.Kind);
        Assert.Equal((group, resource, ns, name, scope), (k.Group, k.Resource, k.Namespace, k.Name, k.Scope));
        Assert.True(k.ScopeIsGuess);
        Assert.Null(k.ObjectKind);
        Assert.Contains("guessed", k.Note, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compact_rev_key", "compact_rev_key")]
    [InlineData("/registry/masterleases/192.12.77.3", "192.12.77.3")]
    [InlineData("/registry/ranges/serviceips", "serviceips")]
    [InlineData("/registry/ranges/servicenodeports", "servicenodeports")]
    public void Parse_InternalKey_Recognised(string key, string name)
    {
        var k = RegistryKeyParser.Parse(key);

        Assert.Equal(RegistryKeyKind.Internal, k.Kind);
        Assert.Equal(name, k.Name);
        Assert.NotNull(k.Note);
        Assert.Null(k.Resource);
    }

    [Theory]
    [InlineData("/registry/pods/default", "pods keys are /pods/<namespace>/<name>")]
    [InlineData("/registry/namespaces/a/b", "namespaces keys are /namespaces/<name>")]
    [InlineData("/registry/pods//x", "empty path segment")]
    [InlineData("/registry/somethingnew", "unknown resource \"somethingnew\" with 0 segments after it")]
    [InlineData("/registry/a/b/c/d", "unknown resource \"a\" with 3 segments after it")]
    public void Parse_MalformedKey_SaysWhy(string key, string note)
    {
        var k = RegistryKeyParser.Parse(key);

        Assert.Equal(RegistryKeyKind.Malformed, k.Kind);
        Assert.Equal(note, k.Note);
    }

    [Theory]
    [InlineData("/other/pods/default/x")]
    [InlineData("/registryx/pods/default/x")]
    [InlineData("foo")]
    [InlineData("")]
    public void Parse_OutsidePrefix_Foreign(string key)
    {
        Assert.Equal(RegistryKeyKind.Foreign, RegistryKeyParser.Parse(key).Kind);
    }

    [Fact]
    public void Parse_CustomEtcdPrefix_Honoured()
    {
        var k = RegistryKeyParser.Parse("/k8s/prod/pods/default/web", "/k8s/prod/");

        Assert.Equal(("pods", "default", "web"), (k.Resource, k.Namespace, k.Name));
        Assert.Equal(RegistryKeyKind.Foreign, RegistryKeyParser.Parse("/registry/pods/default/web", "/k8s/prod").Kind);
    }

    [Fact]
    public void QualifiedResource_KubectlStyle()
    {
        Assert.Equal("deployments.apps", RegistryKeyParser.Parse("/registry/deployments/default/blue").QualifiedResource);
        Assert.Equal("pods", RegistryKeyParser.Parse("/registry/pods/default/x").QualifiedResource);
    }

    [Fact]
    public void BuiltInTable_PrefixesAreUniqueAndKindsSet()
    {
        Assert.Equal(BuiltInResource.All.Count, BuiltInResource.All.Select(r => r.StoragePrefix).Distinct(StringComparer.Ordinal).Count());
        Assert.All(BuiltInResource.All, r => Assert.NotEqual(ResourceScope.Unknown, r.Scope));
    }
}
