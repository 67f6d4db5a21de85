using System.Globalization;
using System.Text;

namespace EtcdSnap.Core.Node;

/// <summary>
/// Static pod manifests laid out as kubeadm writes them (<c>kubeadm init phase etcd local</c> and
/// <c>phase control-plane</c>, Kubernetes 1.28): keys sorted, flags sorted, <c>creationTimestamp: null</c>,
/// <c>status: {}</c>. The etcd pod is complete; the other control-plane pods are placeholders that only the local
/// kubelet's nominal runner reads.
/// </summary>
internal static class KubeadmManifests
{
    /// <summary>Container path of the etcd PKI (kubeadm's certificatesDir + <c>/etcd</c>).</summary>
    public const string PkiContainerPath = "/etc/kubernetes/pki/etcd";

    /// <summary>Container path of etcd's data (kubeadm's <c>etcd.local.dataDir</c> default).</summary>
    public const string DataContainerPath = "/var/lib/etcd";

    /// <summary>The control-plane components besides etcd, in the order kubeadm creates them.</summary>
    public static readonly string[] ControlPlaneComponents = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"];

    /// <summary>The etcd pod.</summary>
    public static string Etcd(EtcdPodSettings s)
    {
        var client = $"https://127.0.0.1:{s.ClientPort}";
        var peer = $"https://127.0.0.1:{s.PeerPort}";
        string[] flags =
        [
            $"--advertise-client-urls={client}",
            $"--cert-file={PkiContainerPath}/server.crt",
            "--client-cert-auth=true",
            $"--data-dir={DataContainerPath}",
            "--experimental-initial-corrupt-check=true",
            "--experimental-watch-progress-notify-interval=5s",
            $"--initial-advertise-peer-urls={peer}",
            $"--initial-cluster={s.NodeName}={peer}",
            $"--key-file={PkiContainerPath}/server.key",
            $"--listen-client-urls={client}",
            $"--listen-metrics-urls=http://127.0.0.1:{s.MetricsPort}",
            $"--listen-peer-urls={peer}",
            $"--name={s.NodeName}",
            $"--peer-cert-file={PkiContainerPath}/peer.crt",
            "--peer-client-cert-auth=true",
            $"--peer-key-file={PkiContainerPath}/peer.key",
            $"--peer-trusted-ca-file={PkiContainerPath}/ca.crt",
            "--snapshot-count=10000",
            $"--trusted-ca-file={PkiContainerPath}/ca.crt",
        ];
        var y = new StringBuilder();
        y.Append("apiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n");
        y.Append("    kubeadm.kubernetes.io/etcd.advertise-client-urls: ").Append(client).Append('\n');
        y.Append("  creationTimestamp: null\n  labels:\n    component: etcd\n    tier: control-plane\n");
        y.Append("  name: etcd\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n    - etcd\n");
        foreach (var flag in flags.Concat(s.ExtraFlags))
        {
            y.Append("    - ").Append(flag).Append('\n');
        }

        y.Append("    image: ").Append(s.Image).Append('\n');
        y.Append("    imagePullPolicy: IfNotPresent\n");
        AppendProbe(y, "livenessProbe", 8, "/health?exclude=NOSPACE&serializable=true", s.MetricsPort);
        y.Append("    name: etcd\n    resources:\n      requests:\n        cpu: 100m\n        memory: 100Mi\n");
        AppendProbe(y, "startupProbe", 24, "/health?serializable=false", s.MetricsPort);
        y.Append("    volumeMounts:\n");
        y.Append("    - mountPath: ").Append(DataContainerPath).Append("\n      name: etcd-data\n");
        y.Append("    - mountPath: ").Append(PkiContainerPath).Append("\n      name: etcd-certs\n");
        y.Append("  hostNetwork: true\n  priority: 2000001000\n  priorityClassName: system-node-critical\n");
        y.Append("  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n  volumes:\n");
        y.Append("  - hostPath:\n      path: ").Append(s.PkiHostPath).Append("\n      type: DirectoryOrCreate\n    name: etcd-certs\n");
        y.Append("  - hostPath:\n      path: ").Append(s.DataHostPath).Append("\n      type: DirectoryOrCreate\n    name: etcd-data\n");
        y.Append("status: {}\n");
        return y.ToString();
    }

    /// <summary>A control-plane pod other than etcd: the real pod's shape with its etcd flags; the local kubelet never
    /// runs its command.</summary>
    public static string ControlPlane(string component, EtcdPodSettings s)
    {
        var y = new StringBuilder();
        y.Append("apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n  labels:\n");
        y.Append("    component: ").Append(component).Append("\n    tier: control-plane\n");
        y.Append("  name: ").Append(component).Append("\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n");
        y.Append("    - ").Append(component).Append('\n');
        if (component == "kube-apiserver")
        {
            var pki = UnixParent(PkiContainerPath);
            y.Append("    - --etcd-cafile=").Append(PkiContainerPath).Append("/ca.crt\n");
            y.Append("    - --etcd-certfile=").Append(pki).Append("/apiserver-etcd-client.crt\n");
            y.Append("    - --etcd-keyfile=").Append(pki).Append("/apiserver-etcd-client.key\n");
            y.Append("    - --etcd-servers=https://127.0.0.1:").Append(s.ClientPort.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        y.Append("    image: registry.k8s.io/").Append(component).Append(":v1.28.2\n");
        y.Append("    name: ").Append(component).Append('\n');
        y.Append("    resources:\n      requests:\n        cpu: 250m\n");
        y.Append("  hostNetwork: true\n  priorityClassName: system-node-critical\nstatus: {}\n");
        return y.ToString();
    }

    private static void AppendProbe(StringBuilder y, string name, int failureThreshold, string path, int port)
    {
        y.Append("    ").Append(name).Append(":\n");
        y.Append("      failureThreshold: ").Append(failureThreshold.ToString(CultureInfo.InvariantCulture)).Append('\n');
        y.Append("      httpGet:\n        host: 127.0.0.1\n        path: ").Append(path).Append('\n');
        y.Append("        port: ").Append(port.ToString(CultureInfo.InvariantCulture)).Append("\n        scheme: HTTP\n");
        y.Append("      initialDelaySeconds: 10\n      periodSeconds: 10\n      timeoutSeconds: 15\n");
    }

    private static string UnixParent(string path) => path[..path.LastIndexOf('/')];
}

/// <summary>The values that differ between generated etcd pods.</summary>
internal sealed record EtcdPodSettings(
    string NodeName,
    int ClientPort,
    int PeerPort,
    int MetricsPort,
    string PkiHostPath,
    string DataHostPath,
    string Image,
    IReadOnlyList<string> ExtraFlags);
