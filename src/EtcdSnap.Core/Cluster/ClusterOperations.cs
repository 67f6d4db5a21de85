using System.Diagnostics;
using EtcdSnap.Core.Connection;
using EtcdSnap.Etcd;

namespace EtcdSnap.Core.Cluster;

/// <summary>The operator's live checks around a backup or restore: endpoint status and health, members, keys.</summary>
public static class ClusterOperations
{
    /// <summary>Asks every endpoint for its status at once; an endpoint that does not answer is reported, not thrown.</summary>
    public static async Task<IReadOnlyList<EndpointStatusResult>> EndpointStatusAsync(ConnectionInputs inputs,
        CancellationToken cancellationToken = default)
    {
        using var factory = EtcdClientFactory.Create(ConnectionResolver.Resolve(inputs).Options);
        return await Task.WhenAll(factory.Endpoints.Select(async endpoint =>
        {
            using var client = factory.CreateMemberClient(endpoint);
            try
            {
                return new EndpointStatusResult(endpoint, await client.StatusAsync(cancellationToken), null);
            }
            catch (Exception e) when (e is EtcdUnavailableException or EtcdRequestException)
            {
                return new EndpointStatusResult(endpoint, null, e);
            }
        }));
    }

    /// <summary>Checks every endpoint with a linearizable read of the key "health", as etcdctl does.</summary>
    public static async Task<IReadOnlyList<EndpointHealth>> EndpointHealthAsync(ConnectionInputs inputs,
        CancellationToken cancellationToken = default)
    {
        using var factory = EtcdClientFactory.Create(ConnectionResolver.Resolve(inputs).Options);
        return await Task.WhenAll(factory.Endpoints.Select(async endpoint =>
        {
            using var client = factory.CreateMemberClient(endpoint);
            var clock = Stopwatch.StartNew();
            try
            {
                await client.RangeAsync("health", cancellationToken: cancellationToken);
                return new EndpointHealth(endpoint.Text, true, clock.Elapsed.TotalSeconds, null);
            }
            catch (EtcdRequestException e) when (e.Message.Contains("permission denied", StringComparison.Ordinal))
            {
                // etcdctl counts "permission denied" as healthy: the request reached a member with a quorum.
                return new EndpointHealth(endpoint.Text, true, clock.Elapsed.TotalSeconds, null);
            }
            catch (Exception e) when (e is EtcdUnavailableException or EtcdRequestException)
            {
                return new EndpointHealth(endpoint.Text, false, clock.Elapsed.TotalSeconds, e.Message);
            }
        }));
    }

    /// <summary>Lists the cluster's members through the first endpoint that answers.</summary>
    public static Task<EtcdMemberList> MemberListAsync(ConnectionInputs inputs, CancellationToken cancellationToken = default) =>
        WithFirstAsync(inputs, (c, ct) => c.MemberListAsync(ct), cancellationToken);

    /// <summary>Reads a key or a prefix.</summary>
    public static Task<EtcdRangeResult> GetAsync(ConnectionInputs inputs, string key, EtcdRangeOptions options,
        CancellationToken cancellationToken = default) =>
        WithFirstAsync(inputs, (c, ct) => c.RangeAsync(key, options, ct), cancellationToken);

    /// <summary>Writes a key; returns the new revision.</summary>
    public static Task<long> PutAsync(ConnectionInputs inputs, string key, ReadOnlyMemory<byte> value, long leaseId = 0,
        CancellationToken cancellationToken = default) =>
        WithFirstAsync(inputs, (c, ct) => c.PutAsync(key, value, leaseId, ct), cancellationToken);

    /// <summary>Deletes a key or a prefix; returns how many keys went.</summary>
    public static Task<long> DeleteAsync(ConnectionInputs inputs, string key, bool prefix, CancellationToken cancellationToken = default) =>
        WithFirstAsync(inputs, (c, ct) => c.DeleteAsync(key, prefix, ct), cancellationToken);

    /// <summary>The status of the first endpoint that answers (for <c>version</c>).</summary>
    public static Task<EtcdMemberStatus> StatusAsync(ConnectionInputs inputs, CancellationToken cancellationToken = default) =>
        WithFirstAsync(inputs, (c, ct) => c.StatusAsync(ct), cancellationToken);

    // Like etcdctl's balancer: try the endpoints in order and use the first that is reachable.
    private static async Task<T> WithFirstAsync<T>(ConnectionInputs inputs, Func<EtcdMemberClient, CancellationToken, Task<T>> call,
        CancellationToken cancellationToken)
    {
        using var factory = EtcdClientFactory.Create(ConnectionResolver.Resolve(inputs).Options);
        EtcdUnavailableException? last = null;
        foreach (var endpoint in factory.Endpoints)
        {
            using var client = factory.CreateMemberClient(endpoint);
            try
            {
                return await call(client, cancellationToken);
            }
            catch (EtcdUnavailableException e) when (factory.Endpoints.Count > 1)
            {
                last = e;
            }
        }

        throw last!;
    }
}
