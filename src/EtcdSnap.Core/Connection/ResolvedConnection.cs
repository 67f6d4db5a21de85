using EtcdSnap.Etcd;
using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Core.Connection;

/// <summary>How etcd will be reached, and where each setting came from.</summary>
/// <param name="Options">The settings handed to the etcd client.</param>
/// <param name="Discovery">What the static pod manifest said, when one was read.</param>
/// <param name="EndpointSource">Where the endpoints came from: a flag, an environment variable, a manifest or the default.</param>
public sealed record ResolvedConnection(EtcdConnectionOptions Options, EtcdDiscovery? Discovery, string EndpointSource);
