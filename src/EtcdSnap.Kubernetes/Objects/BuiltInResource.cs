namespace EtcdSnap.Kubernetes.Objects;

/// <summary>A Kubernetes resource compiled into kube-apiserver (or its aggregator and apiextensions servers), with the
/// key prefix it is stored under.</summary>
/// <param name="StoragePrefix">The key segment(s) after the etcd prefix (<c>pods</c>, <c>services/specs</c>).</param>
/// <param name="Resource">The plural resource name (<c>pods</c>, <c>services</c>).</param>
/// <param name="Group">The API group; empty for the core group.</param>
/// <param name="Kind">The object kind (<c>Pod</c>).</param>
/// <param name="Scope">Namespaced or cluster-scoped.</param>
public sealed record BuiltInResource(string StoragePrefix, string Resource, string Group, string Kind, ResourceScope Scope)
{
    private const ResourceScope N = ResourceScope.Namespaced;
    private const ResourceScope C = ResourceScope.Cluster;

    /// <summary>The table. Prefixes: the resource name without its group (apiserver
    /// <c>pkg/server/storage/storage_factory.go</c>, <c>ResourcePrefix</c>), except kube-apiserver's
    /// <c>SpecialDefaultResourcePrefixes</c> (<c>pkg/kubeapiserver/default_storage_factory_builder.go</c>: controllers,
    /// services/endpoints, minions, services/specs, ingress), the old <c>podsecuritypolicy</c>, and the group-qualified
    /// prefixes of the apiextensions and kube-aggregator servers. Cohabiting resources (deployments in apps and
    /// extensions, events in core and events.k8s.io, …) are stored once, under the plain name.</summary>
    public static IReadOnlyList<BuiltInResource> All { get; } =
    [
        new("pods", "pods", "", "Pod", N),
        new("services/specs", "services", "", "Service", N),
        new("services/endpoints", "endpoints", "", "Endpoints", N),
        new("configmaps", "configmaps", "", "ConfigMap", N),
        new("secrets", "secrets", "", "Secret", N),
        new("serviceaccounts", "serviceaccounts", "", "ServiceAccount", N),
        new("namespaces", "namespaces", "", "Namespace", C),
        new("minions", "nodes", "", "Node", C),
        new("persistentvolumes", "persistentvolumes", "", "PersistentVolume", C),
        new("persistentvolumeclaims", "persistentvolumeclaims", "", "PersistentVolumeClaim", N),
        new("events", "events", "", "Event", N),
        new("limitranges", "limitranges", "", "LimitRange", N),
        new("resourcequotas", "resourcequotas", "", "ResourceQuota", N),
        new("podtemplates", "podtemplates", "", "PodTemplate", N),
        new("controllers", "replicationcontrollers", "", "ReplicationController", N),
        new("deployments", "deployments", "apps", "Deployment", N),
        new("replicasets", "replicasets", "apps", "ReplicaSet", N),
        new("daemonsets", "daemonsets", "apps", "DaemonSet", N),
        new("statefulsets", "statefulsets", "apps", "StatefulSet", N),
        new("controllerrevisions", "controllerrevisions", "apps", "ControllerRevision", N),
        new("jobs", "jobs", "batch", "Job", N),
        new("cronjobs", "cronjobs", "batch", "CronJob", N),
        new("horizontalpodautoscalers", "horizontalpodautoscalers", "autoscaling", "HorizontalPodAutoscaler", N),
        new("poddisruptionbudgets", "poddisruptionbudgets", "policy", "PodDisruptionBudget", N),
        new("podsecuritypolicy", "podsecuritypolicies", "policy", "PodSecurityPolicy", C),
        new("networkpolicies", "networkpolicies", "networking.k8s.io", "NetworkPolicy", N),
        new("ingress", "ingresses", "networking.k8s.io", "Ingress", N),
        new("ingressclasses", "ingressclasses", "networking.k8s.io", "IngressClass", C),
        new("servicecidrs", "servicecidrs", "networking.k8s.io", "ServiceCIDR", C),
        new("ipaddresses", "ipaddresses", "networking.k8s.io", "IPAddress", C),
        new("endpointslices", "endpointslices", "discovery.k8s.io", "EndpointSlice", N),
        new("roles", "roles", "rbac.authorization.k8s.io", "Role", N),
        new("rolebindings", "rolebindings", "rbac.authorization.k8s.io", "RoleBinding", N),
        new("clusterroles", "clusterroles", "rbac.authorization.k8s.io", "ClusterRole", C),
        new("clusterrolebindings", "clusterrolebindings", "rbac.authorization.k8s.io", "ClusterRoleBinding", C),
        new("storageclasses", "storageclasses", "storage.k8s.io", "StorageClass", C),
        new("volumeattachments", "volumeattachments", "storage.k8s.io", "VolumeAttachment", C),
        new("csidrivers", "csidrivers", "storage.k8s.io", "CSIDriver", C),
        new("csinodes", "csinodes", "storage.k8s.io", "CSINode", C),
        new("csistoragecapacities", "csistoragecapacities", "storage.k8s.io", "CSIStorageCapacity", N),
        new("volumeattributesclasses", "volumeattributesclasses", "storage.k8s.io", "VolumeAttributesClass", C),
        new("priorityclasses", "priorityclasses", "scheduling.k8s.io", "PriorityClass", C),
        new("leases", "leases", "coordination.k8s.io", "Lease", N),
        new("certificatesigningrequests", "certificatesigningrequests", "certificates.k8s.io", "CertificateSigningRequest", C),
        new("clustertrustbundles", "clustertrustbundles", "certificates.k8s.io", "ClusterTrustBundle", C),
        new("runtimeclasses", "runtimeclasses", "node.k8s.io", "RuntimeClass", C),
        new("flowschemas", "flowschemas", "flowcontrol.apiserver.k8s.io", "FlowSchema", C),
        new("prioritylevelconfigurations", "prioritylevelconfigurations", "flowcontrol.apiserver.k8s.io",
            "PriorityLevelConfiguration", C),
        new("validatingwebhookconfigurations", "validatingwebhookconfigurations", "admissionregistration.k8s.io",
            "ValidatingWebhookConfiguration", C),
        new("mutatingwebhookconfigurations", "mutatingwebhookconfigurations", "admissionregistration.k8s.io",
            "MutatingWebhookConfiguration", C),
        new("validatingadmissionpolicies", "validatingadmissionpolicies", "admissionregistration.k8s.io",
            "ValidatingAdmissionPolicy", C),
        new("validatingadmissionpolicybindings", "validatingadmissionpolicybindings", "admissionregistration.k8s.io",
            "ValidatingAdmissionPolicyBinding", C),
        new("deviceclasses", "deviceclasses", "resource.k8s.io", "DeviceClass", C),
        new("resourceclaims", "resourceclaims", "resource.k8s.io", "ResourceClaim", N),
        new("resourceclaimtemplates", "resourceclaimtemplates", "resource.k8s.io", "ResourceClaimTemplate", N),
        new("resourceslices", "resourceslices", "resource.k8s.io", "ResourceSlice", C),
        new("apiextensions.k8s.io/customresourcedefinitions", "customresourcedefinitions", "apiextensions.k8s.io",
            "CustomResourceDefinition", C),
        new("apiregistration.k8s.io/apiservices", "apiservices", "apiregistration.k8s.io", "APIService", C),
    ];

    private static readonly Dictionary<string, BuiltInResource> s_byPrefix =
        All.ToDictionary(r => r.StoragePrefix, StringComparer.Ordinal);

    /// <summary>The entry stored under <paramref name="storagePrefix"/>, or null.</summary>
    public static BuiltInResource? FindByPrefix(string storagePrefix) => s_byPrefix.GetValueOrDefault(storagePrefix);
}
