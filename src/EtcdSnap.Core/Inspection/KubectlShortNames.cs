namespace EtcdSnap.Core.Inspection;

/// <summary>
/// The short names the API server advertises for built-in resources (what <c>kubectl get po</c> expands), keyed by
/// the resource's storage prefix in <c>BuiltInResource.All</c>.
/// </summary>
/// <remarks>
/// From kubernetes/kubernetes <c>api/discovery/api__v1.json</c> and <c>api/discovery/aggregated_v2.json</c> (discovery
/// documents generated from the API server, read at commits 4d817e79 and 0209a4cb): the <c>shortNames</c> of every
/// resource. <c>psp</c> is from releases that still served PodSecurityPolicy (removed in 1.25).
/// </remarks>
internal static class KubectlShortNames
{
    private static readonly Dictionary<string, string[]> s_byStoragePrefix = new(StringComparer.Ordinal)
    {
        ["configmaps"] = ["cm"],
        ["services/endpoints"] = ["ep"],
        ["events"] = ["ev"],
        ["limitranges"] = ["limits"],
        ["namespaces"] = ["ns"],
        ["minions"] = ["no"],
        ["persistentvolumeclaims"] = ["pvc"],
        ["persistentvolumes"] = ["pv"],
        ["pods"] = ["po"],
        ["controllers"] = ["rc"],
        ["resourcequotas"] = ["quota"],
        ["serviceaccounts"] = ["sa"],
        ["services/specs"] = ["svc"],
        ["daemonsets"] = ["ds"],
        ["deployments"] = ["deploy"],
        ["replicasets"] = ["rs"],
        ["statefulsets"] = ["sts"],
        ["horizontalpodautoscalers"] = ["hpa"],
        ["cronjobs"] = ["cj"],
        ["certificatesigningrequests"] = ["csr"],
        ["ingress"] = ["ing"],
        ["networkpolicies"] = ["netpol"],
        ["ipaddresses"] = ["ip"],
        ["poddisruptionbudgets"] = ["pdb"],
        ["podsecuritypolicy"] = ["psp"],
        ["storageclasses"] = ["sc"],
        ["volumeattributesclasses"] = ["vac"],
        ["apiextensions.k8s.io/customresourcedefinitions"] = ["crd", "crds"],
        ["priorityclasses"] = ["pc"],
    };

    /// <summary>The short names of the built-in resource stored under <paramref name="storagePrefix"/>.</summary>
    public static IReadOnlyList<string> For(string storagePrefix) => s_byStoragePrefix.GetValueOrDefault(storagePrefix) ?? [];
}
