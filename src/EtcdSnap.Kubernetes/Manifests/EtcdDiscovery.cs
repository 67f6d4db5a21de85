using System.Text.Json;

namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>
/// What an etcd static pod manifest says about how to reach and restore its member. Plain data: every path is both the
/// node path and where this process finds it; nothing here depends on the etcd client.
/// </summary>
public sealed record EtcdDiscovery
{
    /// <summary>The manifest that was read.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>The container that runs etcd.</summary>
    public required string ContainerName { get; init; }

    /// <summary>Its image (e.g. <c>registry.k8s.io/etcd:3.5.7-0</c>), if set.</summary>
    public string? Image { get; init; }

    /// <summary>The member name (<c>--name</c>, etcd's default <c>default</c>).</summary>
    public required string MemberName { get; init; }

    /// <summary>The client URL to dial from the node, with its scheme (e.g. <c>https://127.0.0.1:2379</c>).</summary>
    public required string ClientEndpoint { get; init; }

    /// <summary>Which setting the endpoint came from.</summary>
    public required string ClientEndpointSource { get; init; }

    /// <summary>The CA that signs etcd's serving certificate (<c>--trusted-ca-file</c>), if set.</summary>
    public HostFile? TrustedCa { get; init; }

    /// <summary>The client certificate to present: kubeadm's healthcheck client when it exists beside the CA, else
    /// <c>--cert-file</c>.</summary>
    public HostFile? ClientCert { get; init; }

    /// <summary>The key of <see cref="ClientCert"/>.</summary>
    public HostFile? ClientKey { get; init; }

    /// <summary><c>--initial-cluster</c>, if set.</summary>
    public string? InitialCluster { get; init; }

    /// <summary><c>--initial-advertise-peer-urls</c>, if set.</summary>
    public string? InitialAdvertisePeerUrls { get; init; }

    /// <summary><c>--initial-cluster-token</c>, or etcd's default <c>etcd-cluster</c>.</summary>
    public required string InitialClusterToken { get; init; }

    /// <summary><c>--initial-cluster-state</c>, or etcd's default <c>new</c>.</summary>
    public required string InitialClusterState { get; init; }

    /// <summary><c>--data-dir</c>, resolved to the node.</summary>
    public required MountedPath DataDir { get; init; }

    /// <summary><c>--wal-dir</c>, resolved to the node, when set.</summary>
    public MountedPath? WalDir { get; init; }

    /// <summary><c>--client-cert-auth</c>.</summary>
    public bool ClientCertAuth { get; init; }

    /// <summary><c>--peer-client-cert-auth</c>.</summary>
    public bool PeerClientCertAuth { get; init; }

    /// <summary>Things that are legal but will probably surprise an operator (one line each).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Writes this discovery as a JSON object (camelCase names, nulls written), without reflection.</summary>
    public void WriteJson(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("manifestPath", ManifestPath);
        writer.WriteString("containerName", ContainerName);
        writer.WriteString("image", Image);
        writer.WriteString("memberName", MemberName);
        writer.WriteString("clientEndpoint", ClientEndpoint);
        writer.WriteString("clientEndpointSource", ClientEndpointSource);
        WriteFile(writer, "trustedCa", TrustedCa);
        WriteFile(writer, "clientCert", ClientCert);
        WriteFile(writer, "clientKey", ClientKey);
        writer.WriteString("initialCluster", InitialCluster);
        writer.WriteString("initialAdvertisePeerUrls", InitialAdvertisePeerUrls);
        writer.WriteString("initialClusterToken", InitialClusterToken);
        writer.WriteString("initialClusterState", InitialClusterState);
        WriteMounted(writer, "dataDir", DataDir);
        WriteMounted(writer, "walDir", WalDir);
        writer.WriteBoolean("clientCertAuth", ClientCertAuth);
        writer.WriteBoolean("peerClientCertAuth", PeerClientCertAuth);
        writer.WriteStartArray("warnings");
        foreach (var w in Warnings)
        {
            writer.WriteStringValue(w);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteFile(Utf8JsonWriter writer, string name, HostFile? file)
    {
        if (file is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("hostPath", file.HostPath);
        writer.WriteString("localPath", file.LocalPath);
        writer.WriteString("containerPath", file.ContainerPath);
        writer.WriteString("source", file.Source);
        writer.WriteEndObject();
    }

    private static void WriteMounted(Utf8JsonWriter writer, string name, MountedPath? path)
    {
        if (path is null)
        {
            writer.WriteNull(name);
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("containerPath", path.ContainerPath);
        writer.WriteString("hostPath", path.HostPath);
        writer.WriteString("localPath", path.LocalPath);
        writer.WriteString("volume", path.VolumeName);
        writer.WriteString("mountPath", path.MountPath);
        writer.WriteString("subPath", path.SubPath);
        writer.WriteString("pathInVolume", path.PathInVolume);
        writer.WriteEndObject();
    }
}
