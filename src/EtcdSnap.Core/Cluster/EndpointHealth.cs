namespace EtcdSnap.Core.Cluster;

/// <summary>One endpoint's health as <c>etcdctl endpoint health</c> judges it: a linearizable read answered.</summary>
/// <param name="Endpoint">The endpoint asked.</param>
/// <param name="Healthy">True when the read succeeded (a permission error also proves a working quorum).</param>
/// <param name="TookSeconds">How long the check took.</param>
/// <param name="Error">Why it is unhealthy.</param>
public sealed record EndpointHealth(string Endpoint, bool Healthy, double TookSeconds, string? Error);
