using EtcdSnap.Etcd;
using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Core.Connection;

/// <summary>Turns flags, <c>ETCDCTL_*</c> variables and the kubeadm manifest into etcd client settings.</summary>
public static class ConnectionResolver
{
    /// <summary>Resolves <paramref name="inputs"/> with the precedence documented on <see cref="ConnectionInputs"/>.</summary>
    /// <exception cref="EtcdConfigurationException">An environment variable is malformed.</exception>
    /// <exception cref="Kubernetes.ManifestException">An explicitly given manifest cannot be read or is not etcd's.</exception>
    public static ResolvedConnection Resolve(ConnectionInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        Func<string, string?> getVariable = inputs.Environment is { } env
            ? name => env.TryGetValue(name, out var v) ? v : null
            : Environment.GetEnvironmentVariable;

        var fromFlags = new EtcdConnectionOptions
        {
            Endpoints = inputs.Endpoints.Count > 0 ? inputs.Endpoints : null,
            CaCertPath = inputs.CaCert,
            ClientCertPath = inputs.Cert,
            ClientKeyPath = inputs.Key,
            DialTimeout = inputs.DialTimeout,
            CommandTimeout = inputs.CommandTimeout,
        };
        var options = fromFlags.WithEnvironmentDefaults(getVariable);
        var source = fromFlags.Endpoints is not null ? "--endpoints"
            : options.Endpoints is not null ? "ETCDCTL_ENDPOINTS"
            : null;

        var manifestPath = inputs.ManifestPath;
        if (manifestPath is null && options.Endpoints is null)
        {
            var defaultPath = HostPaths.Under(inputs.HostRoot, ConnectionInputs.DefaultManifestPath);
            manifestPath = File.Exists(defaultPath) ? defaultPath : null;
        }

        EtcdDiscovery? discovery = null;
        if (manifestPath is not null)
        {
            discovery = EtcdPodManifest.Load(manifestPath).Discover(inputs.HostRoot);
            options = options with
            {
                Endpoints = options.Endpoints ?? [discovery.ClientEndpoint],
                CaCertPath = options.CaCertPath ?? discovery.TrustedCa?.LocalPath,
                ClientCertPath = options.ClientCertPath ?? discovery.ClientCert?.LocalPath,
                ClientKeyPath = options.ClientKeyPath ?? discovery.ClientKey?.LocalPath,
            };
            source ??= $"manifest {manifestPath} ({discovery.ClientEndpointSource})";
        }

        return new ResolvedConnection(options, discovery, source ?? $"default {EtcdConnectionOptions.DefaultEndpoint}");
    }
}
