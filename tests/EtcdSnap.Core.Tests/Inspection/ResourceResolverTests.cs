using EtcdSnap.Core.Inspection;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Tests.Inspection;

public sealed class ResourceResolverTests
{
    private static readonly CustomResourceNames s_widgets =
        new("example.com", "widgets", "widget", "Widget", ["wd", "wdg"], ResourceScope.Namespaced);

    private static readonly CustomResourceNames s_gadgets =
        new("example.com", "gadgets", "gadget", "Gadget", ["wdg"], ResourceScope.Cluster);

    private static ResourceResolver Resolver(params CustomResourceNames[] crds) =>
        new(crds, [RegistryKeyParser.Parse("/registry/podgroups/default/g1")]);

    // The words kubectl accepts for built-in resources, and where their objects are stored.
    [Theory]
    [InlineData("deployments", "deployments.apps", "deployments")]
    [InlineData("deployment", "deployments.apps", "deployments")]
    [InlineData("deploy", "deployments.apps", "deployments")]
    [InlineData("Deployment", "deployments.apps", "deployments")]
    [InlineData("DEPLOY", "deployments.apps", "deployments")]
    [InlineData("deployments.apps", "deployments.apps", "deployments")]
    [InlineData("deploy.apps", "deployments.apps", "deployments")]
    [InlineData("deployments.v1.apps", "deployments.apps", "deployments")]
    [InlineData("svc", "services", "services/specs")]
    [InlineData("service", "services", "services/specs")]
    [InlineData("ep", "endpoints", "services/endpoints")]
    [InlineData("cm", "configmaps", "configmaps")]
    [InlineData("po", "pods", "pods")]
    [InlineData("pod", "pods", "pods")]
    [InlineData("ns", "namespaces", "namespaces")]
    [InlineData("no", "nodes", "minions")]
    [InlineData("nodes", "nodes", "minions")]
    [InlineData("rc", "replicationcontrollers", "controllers")]
    [InlineData("ev", "events", "events")]
    [InlineData("sa", "serviceaccounts", "serviceaccounts")]
    [InlineData("secret", "secrets", "secrets")]
    [InlineData("pvc", "persistentvolumeclaims", "persistentvolumeclaims")]
    [InlineData("pv", "persistentvolumes", "persistentvolumes")]
    [InlineData("limits", "limitranges", "limitranges")]
    [InlineData("quota", "resourcequotas", "resourcequotas")]
    [InlineData("rs", "replicasets.apps", "replicasets")]
    [InlineData("ds", "daemonsets.apps", "daemonsets")]
    [InlineData("sts", "statefulsets.apps", "statefulsets")]
    [InlineData("cj", "cronjobs.batch", "cronjobs")]
    [InlineData("job", "jobs.batch", "jobs")]
    [InlineData("hpa", "horizontalpodautoscalers.autoscaling", "horizontalpodautoscalers")]
    [InlineData("pdb", "poddisruptionbudgets.policy", "poddisruptionbudgets")]
    [InlineData("netpol", "networkpolicies.networking.k8s.io", "networkpolicies")]
    [InlineData("ing", "ingresses.networking.k8s.io", "ingress")]
    [InlineData("ingress", "ingresses.networking.k8s.io", "ingress")]
    [InlineData("sc", "storageclasses.storage.k8s.io", "storageclasses")]
    [InlineData("pc", "priorityclasses.scheduling.k8s.io", "priorityclasses")]
    [InlineData("csr", "certificatesigningrequests.certificates.k8s.io", "certificatesigningrequests")]
    [InlineData("lease", "leases.coordination.k8s.io", "leases")]
    [InlineData("crd", "customresourcedefinitions.apiextensions.k8s.io", "apiextensions.k8s.io/customresourcedefinitions")]
    [InlineData("crds", "customresourcedefinitions.apiextensions.k8s.io", "apiextensions.k8s.io/customresourcedefinitions")]
    [InlineData("apiservice", "apiservices.apiregistration.k8s.io", "apiregistration.k8s.io/apiservices")]
    [InlineData("clusterrolebinding", "clusterrolebindings.rbac.authorization.k8s.io", "clusterrolebindings")]
    public void Resolve_KubectlForms_FindTheBuiltInResource(string typed, string qualified, string storagePrefix)
    {
        var r = Resolver().Resolve(typed);

        Assert.Equal((qualified, storagePrefix), (r.QualifiedName, r.StoragePrefix));
    }

    // Custom resources: by the names their CRD (stored in the snapshot) gives them.
    [Theory]
    [InlineData("widgets")]
    [InlineData("widget")]
    [InlineData("Widget")]
    [InlineData("wd")]
    [InlineData("widgets.example.com")]
    [InlineData("widgets.v1alpha1.example.com")]
    [InlineData("wd.example.com")]
    public void Resolve_CustomResourceNames_UseTheCrd(string typed)
    {
        var r = Resolver(s_widgets).Resolve(typed);

        Assert.Equal(("widgets.example.com", "example.com/widgets", ResourceScope.Namespaced), (r.QualifiedName, r.StoragePrefix, r.Scope));
    }

    [Fact]
    public void Resolve_GroupQualifiedWithoutCrd_AssumesACustomResourcePlural()
    {
        var r = Resolver().Resolve("backups.velero.io");

        Assert.Equal(("backups", "velero.io", "velero.io/backups", ResourceScope.Unknown), (r.Resource, r.Group, r.StoragePrefix, r.Scope));
    }

    [Fact]
    public void Resolve_ResourceOnlySeenInKeys_IsFound()
    {
        var r = Resolver().Resolve("podgroups");

        Assert.Equal(("podgroups", ResourceScope.Unknown), (r.StoragePrefix, r.Scope));
    }

    [Fact]
    public void Resolve_ShortNameOfTwoCrds_IsAmbiguousAndNamesBoth()
    {
        var e = Assert.Throws<UnknownResourceException>(() => Resolver(s_widgets, s_gadgets).Resolve("wdg"));

        Assert.Equal("resource \"wdg\" is ambiguous: gadgets.example.com, widgets.example.com", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Resolve_BuiltInWins_OverACrdShortName()
    {
        var clash = new CustomResourceNames("example.com", "pollers", "poller", "Poller", ["po"], ResourceScope.Namespaced);

        Assert.Equal("pods", Resolver(clash).Resolve("po").QualifiedName);
        Assert.Equal("pollers.example.com", Resolver(clash).Resolve("po.example.com").QualifiedName);
    }

    [Theory]
    [InlineData("frobnicators")]
    [InlineData("deployments.frob")]
    public void Resolve_Unknown_Throws(string typed)
    {
        var e = Assert.Throws<UnknownResourceException>(() => Resolver().Resolve(typed));

        Assert.Contains($"\"{typed}\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(".apps")]
    [InlineData("pods.")]
    public void Resolve_Malformed_Throws(string typed) =>
        Assert.Throws<UnknownResourceException>(() => Resolver().Resolve(typed));
}
