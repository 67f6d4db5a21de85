using System.Globalization;

namespace EtcdSnap.Core.Inspection;

/// <summary>
/// The names of the top-level fields after <c>metadata</c> (field 1) of the object messages kube-apiserver stores, so
/// <c>get</c> can say "spec: protobuf field 2, … not decoded" instead of a bare number.
/// </summary>
/// <remarks>
/// Field numbers and JSON names from kubernetes/api <c>*/*/generated.proto</c> @ 10b39a39 (2026-07-24): every message
/// with <c>ObjectMeta metadata = 1</c> that is stored in etcd, for every version that declares it. Fields are numbered
/// 2, 3, … in every such message, so a list of names in order is the whole table. Only the exact apiVersion/kind pairs
/// below are named; any other object's fields are shown by number.
/// </remarks>
internal static class TopLevelFieldNames
{
    private static readonly Dictionary<string, string[]> s_byApiVersionKind = Build(
    [
        E("", "ConfigMap", "v1", "data binaryData immutable"),
        E("", "Endpoints", "v1", "subsets"),
        E("", "Event", "v1",
            "involvedObject reason message source firstTimestamp lastTimestamp count type eventTime series action related " +
            "reportingComponent reportingInstance"),
        E("", "LimitRange", "v1", "spec"),
        E("", "Namespace", "v1", "spec status"),
        E("", "Node", "v1", "spec status"),
        E("", "PersistentVolume", "v1", "spec status"),
        E("", "PersistentVolumeClaim", "v1", "spec status"),
        E("", "Pod", "v1", "spec status"),
        E("", "PodTemplate", "v1", "template"),
        E("", "RangeAllocation", "v1", "range data"),
        E("", "ReplicationController", "v1", "spec status"),
        E("", "ResourceQuota", "v1", "spec status"),
        E("", "Secret", "v1", "data type stringData immutable"),
        E("", "Service", "v1", "spec status"),
        E("", "ServiceAccount", "v1", "secrets imagePullSecrets automountServiceAccountToken"),
        E("admissionregistration.k8s.io", "MutatingAdmissionPolicy", "v1 v1alpha1 v1beta1", "spec"),
        E("admissionregistration.k8s.io", "MutatingAdmissionPolicyBinding", "v1 v1alpha1 v1beta1", "spec"),
        E("admissionregistration.k8s.io", "MutatingWebhookConfiguration", "v1 v1beta1", "webhooks"),
        E("admissionregistration.k8s.io", "ValidatingAdmissionPolicy", "v1 v1alpha1 v1beta1", "spec status"),
        E("admissionregistration.k8s.io", "ValidatingAdmissionPolicyBinding", "v1 v1alpha1 v1beta1", "spec"),
        E("admissionregistration.k8s.io", "ValidatingWebhookConfiguration", "v1 v1beta1", "webhooks"),
        E("apps", "ControllerRevision", "v1 v1beta1 v1beta2", "data revision"),
        E("apps", "DaemonSet", "v1 v1beta2", "spec status"),
        E("apps", "Deployment", "v1 v1beta1 v1beta2", "spec status"),
        E("apps", "ReplicaSet", "v1 v1beta2", "spec status"),
        E("apps", "StatefulSet", "v1 v1beta1 v1beta2", "spec status"),
        E("autoscaling", "HorizontalPodAutoscaler", "v1 v2", "spec status"),
        E("batch", "CronJob", "v1 v1beta1", "spec status"),
        E("batch", "Job", "v1", "spec status"),
        E("certificates.k8s.io", "CertificateSigningRequest", "v1 v1beta1", "spec status"),
        E("certificates.k8s.io", "ClusterTrustBundle", "v1 v1alpha1 v1beta1", "spec"),
        E("coordination.k8s.io", "Lease", "v1 v1beta1", "spec"),
        E("coordination.k8s.io", "LeaseCandidate", "v1alpha2 v1beta1", "spec"),
        E("discovery.k8s.io", "EndpointSlice", "v1 v1beta1", "endpoints ports addressType"),
        E("events.k8s.io", "Event", "v1 v1beta1",
            "eventTime series reportingController reportingInstance action reason regarding related note type deprecatedSource " +
            "deprecatedFirstTimestamp deprecatedLastTimestamp deprecatedCount"),
        E("extensions", "DaemonSet", "v1beta1", "spec status"),
        E("extensions", "Deployment", "v1beta1", "spec status"),
        E("extensions", "Ingress", "v1beta1", "spec status"),
        E("extensions", "NetworkPolicy", "v1beta1", "spec"),
        E("extensions", "ReplicaSet", "v1beta1", "spec status"),
        E("flowcontrol.apiserver.k8s.io", "FlowSchema", "v1 v1beta1 v1beta2 v1beta3", "spec status"),
        E("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration", "v1 v1beta1 v1beta2 v1beta3", "spec status"),
        E("internal.apiserver.k8s.io", "StorageVersion", "v1alpha1", "spec status"),
        E("networking.k8s.io", "IPAddress", "v1 v1beta1", "spec"),
        E("networking.k8s.io", "Ingress", "v1 v1beta1", "spec status"),
        E("networking.k8s.io", "IngressClass", "v1 v1beta1", "spec"),
        E("networking.k8s.io", "NetworkPolicy", "v1", "spec"),
        E("networking.k8s.io", "ServiceCIDR", "v1 v1beta1", "spec status"),
        E("node.k8s.io", "RuntimeClass", "v1 v1beta1", "handler overhead scheduling"),
        E("node.k8s.io", "RuntimeClass", "v1alpha1", "spec"),
        E("policy", "PodDisruptionBudget", "v1 v1beta1", "spec status"),
        E("rbac.authorization.k8s.io", "ClusterRole", "v1 v1alpha1 v1beta1", "rules aggregationRule"),
        E("rbac.authorization.k8s.io", "ClusterRoleBinding", "v1 v1alpha1 v1beta1", "subjects roleRef"),
        E("rbac.authorization.k8s.io", "Role", "v1 v1alpha1 v1beta1", "rules"),
        E("rbac.authorization.k8s.io", "RoleBinding", "v1 v1alpha1 v1beta1", "subjects roleRef"),
        E("resource.k8s.io", "DeviceClass", "v1 v1beta1 v1beta2", "spec"),
        E("resource.k8s.io", "DeviceTaintRule", "v1 v1alpha3 v1beta2", "spec status"),
        E("resource.k8s.io", "ResourceClaim", "v1 v1beta1 v1beta2", "spec status"),
        E("resource.k8s.io", "ResourceClaimTemplate", "v1 v1beta1 v1beta2", "spec"),
        E("resource.k8s.io", "ResourceSlice", "v1 v1beta1 v1beta2", "spec"),
        E("scheduling.k8s.io", "CompositePodGroup", "v1alpha3", "spec status"),
        E("scheduling.k8s.io", "PodGroup", "v1alpha3 v1beta1", "spec status"),
        E("scheduling.k8s.io", "PriorityClass", "v1 v1beta1", "value globalDefault description preemptionPolicy"),
        E("scheduling.k8s.io", "Workload", "v1alpha3 v1beta1", "spec"),
        E("storage.k8s.io", "CSIDriver", "v1 v1beta1", "spec"),
        E("storage.k8s.io", "CSINode", "v1 v1beta1", "spec status"),
        E("storage.k8s.io", "CSIStorageCapacity", "v1 v1alpha1 v1beta1", "nodeTopology storageClassName capacity maximumVolumeSize"),
        E("storage.k8s.io", "StorageClass", "v1 v1beta1",
            "provisioner parameters reclaimPolicy mountOptions allowVolumeExpansion volumeBindingMode allowedTopologies"),
        E("storage.k8s.io", "VolumeAttachment", "v1 v1alpha1 v1beta1", "spec status"),
        E("storage.k8s.io", "VolumeAttributesClass", "v1 v1alpha1 v1beta1", "driverName parameters"),
        E("storagemigration.k8s.io", "StorageVersionMigration", "v1 v1beta1", "spec status"),
    ]);

    /// <summary>The JSON name of field <paramref name="number"/> of <paramref name="apiVersion"/>/<paramref name="kind"/>, or null.</summary>
    public static string? Find(string? apiVersion, string? kind, int number)
    {
        if (apiVersion is null || kind is null || number < 2
            || !s_byApiVersionKind.TryGetValue(apiVersion + " " + kind, out var names) || number - 2 >= names.Length)
        {
            return null;
        }

        return names[number - 2];
    }

    /// <summary>A name for a field whose name is not known: <c>(field 7)</c>.</summary>
    public static string Unnamed(int number) => string.Create(CultureInfo.InvariantCulture, $"(field {number})");

    private static Dictionary<string, string[]> Build(Entry[] entries)
    {
        var table = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var e in entries)
        {
            foreach (var version in e.Versions.Split(' '))
            {
                var apiVersion = e.Group.Length == 0 ? version : $"{e.Group}/{version}";
                table.Add(apiVersion + " " + e.Kind, e.Fields.Split(' '));
            }
        }

        return table;
    }

    private static Entry E(string group, string kind, string versions, string fields) => new(group, kind, versions, fields);

    private sealed record Entry(string Group, string Kind, string Versions, string Fields);
}
