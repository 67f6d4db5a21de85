namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>Builds an <see cref="EtcdDiscovery"/> from an <see cref="EtcdPodManifest"/>.</summary>
internal static class EtcdDiscoverer
{
    // kubeadm writes these beside the etcd CA for its liveness probe client (cmd/kubeadm/app/constants/constants.go:
    // EtcdHealthcheckClientCertName / EtcdHealthcheckClientKeyName).
    private const string HealthcheckCert = "healthcheck-client.crt";
    private const string HealthcheckKey = "healthcheck-client.key";

    public static EtcdDiscovery Discover(EtcdPodManifest manifest, string hostRoot)
    {
        var flags = manifest.Flags;
        var warnings = new List<string>();
        var name = flags.Get("name") ?? "default";
        var dataDirFlag = flags.Find("data-dir") ?? throw new ManifestException(manifest.Path,
            $"etcd has no --data-dir, so it keeps its data in \"{name}.etcd\" relative to its working directory inside "
            + "the image; set an absolute --data-dir on a hostPath volume");
        var dataDir = manifest.Resolve(dataDirFlag.Value, FlagName(dataDirFlag), hostRoot);
        var walDirFlag = flags.Find("wal-dir");
        var walDir = string.IsNullOrEmpty(walDirFlag?.Value) ? null : manifest.Resolve(walDirFlag.Value, FlagName(walDirFlag), hostRoot);

        var (endpoint, endpointSource) = ClientEndpointSelector.Select(flags);
        var ca = File(manifest, hostRoot, "trusted-ca-file");
        var (cert, key) = ClientCertificate(manifest, hostRoot, ca);
        if (endpoint.StartsWith("https:", StringComparison.Ordinal) && ca is null)
        {
            warnings.Add("the client endpoint uses https but etcd has no --trusted-ca-file; pass the CA explicitly");
        }

        if (!manifest.Pod.HostNetwork && IsLoopback(endpoint))
        {
            warnings.Add("the pod does not set hostNetwork: true, so 127.0.0.1 on the node does not reach this etcd");
        }

        if (flags.Positional.Count > 0)
        {
            warnings.Add($"etcd would refuse to start: unexpected argument \"{flags.Positional[0]}\" after its flags");
        }

        return new EtcdDiscovery
        {
            ManifestPath = manifest.Path,
            ContainerName = manifest.Container.Name,
            Image = manifest.Container.Image,
            MemberName = name,
            ClientEndpoint = endpoint,
            ClientEndpointSource = endpointSource,
            TrustedCa = ca,
            ClientCert = cert,
            ClientKey = key,
            InitialCluster = flags.Get("initial-cluster"),
            InitialAdvertisePeerUrls = flags.Get("initial-advertise-peer-urls"),
            InitialClusterToken = flags.Get("initial-cluster-token") ?? "etcd-cluster",
            InitialClusterState = flags.Get("initial-cluster-state") ?? "new",
            DataDir = dataDir,
            WalDir = walDir,
            ClientCertAuth = flags.GetBool("client-cert-auth", false, manifest.Path),
            PeerClientCertAuth = flags.GetBool("peer-client-cert-auth", false, manifest.Path),
            Warnings = warnings,
        };
    }

    /// <summary>kubeadm's healthcheck client pair when both files exist beside the CA on the node, else
    /// <c>--cert-file</c>/<c>--key-file</c> (etcd's server certificate, which kubeadm issues for client auth too).</summary>
    private static (HostFile? Cert, HostFile? Key) ClientCertificate(EtcdPodManifest manifest, string hostRoot, HostFile? ca)
    {
        if (ca is not null)
        {
            var cert = Beside(ca, HealthcheckCert, hostRoot);
            var key = Beside(ca, HealthcheckKey, hostRoot);
            if (System.IO.File.Exists(cert.LocalPath) && System.IO.File.Exists(key.LocalPath))
            {
                return (cert, key);
            }
        }

        return (File(manifest, hostRoot, "cert-file"), File(manifest, hostRoot, "key-file"));
    }

    private static HostFile Beside(HostFile ca, string fileName, string hostRoot)
    {
        var hostPath = UnixPath.Join(UnixPath.Directory(ca.HostPath), fileName);
        return new HostFile(hostPath, UnixPath.UnderRoot(hostRoot, hostPath),
            UnixPath.Join(UnixPath.Directory(ca.ContainerPath), fileName), $"{fileName} beside --trusted-ca-file");
    }

    private static HostFile? File(EtcdPodManifest manifest, string hostRoot, string flagName)
    {
        var flag = manifest.Flags.Find(flagName);
        if (string.IsNullOrEmpty(flag?.Value))
        {
            return null;
        }

        var resolved = manifest.Resolve(flag.Value, FlagName(flag), hostRoot);
        return new HostFile(resolved.HostPath, resolved.LocalPath, resolved.ContainerPath, FlagName(flag));
    }

    private static string FlagName(EtcdFlag flag) =>
        flag.Source.StartsWith("env ", StringComparison.Ordinal) ? flag.Source : "--" + flag.Name;

    private static bool IsLoopback(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
