using System.Text;
using EtcdSnap.Etcd;
using Microsoft.Extensions.Logging;

namespace EtcdSnap.Core.Agent;

/// <summary>
/// Agents elect one leader through etcd's own election API (<c>v3electionpb</c>, as <c>etcdctl elect</c>): each
/// candidate grants a lease, keeps it alive, and campaigns under <see cref="Name"/>; etcd makes the candidate whose key
/// is oldest the leader. Leadership ends when the lease can no longer be renewed (the node or its etcd member died, or
/// the network cut it off), on resignation, or when the agent stops; then the next candidate is elected.
/// </summary>
internal sealed partial class LeaderElection(EtcdClientFactory factory, string name, string identity, TimeSpan leaseTtl, ILogger logger)
{
    private int _nextEndpoint;

    /// <summary>The election's name in etcd (its keys are <c>NAME/LEASE_ID</c>).</summary>
    public string Name { get; } = name;

    /// <summary>Waits until this agent leads. Endpoints are tried in turn, one per attempt.</summary>
    /// <exception cref="EtcdUnavailableException">The chosen member could not be reached (the caller retries).</exception>
    /// <exception cref="EtcdRequestException">The member refused the lease or the campaign.</exception>
    public async Task<LeadershipTerm> CampaignAsync(CancellationToken cancellationToken)
    {
        var endpoint = factory.Endpoints[_nextEndpoint++ % factory.Endpoints.Count];
        var client = factory.CreateMemberClient(endpoint);
        EtcdLeaseKeepAlive? keepAlive = null;
        CancellationTokenSource? lost = null;
        try
        {
            var lease = await client.GrantLeaseAsync(leaseTtl, cancellationToken).ConfigureAwait(false);
            keepAlive = client.KeepLeaseAlive(lease);
            lost = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var term = lost;
            _ = keepAlive.Completion.ContinueWith(_ => term.Cancel(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            LogCampaigning(logger, Name, endpoint.Text, lease.Id);
            var leader = await client.CampaignAsync(Name, lease.Id, Encoding.UTF8.GetBytes(identity), lost.Token).ConfigureAwait(false);
            return new LeadershipTerm(client, keepAlive, lost, leader, identity, leaseTtl, logger);
        }
        catch (Exception e) when (keepAlive is not null && keepAlive.Completion.IsFaulted && e is OperationCanceledException or EtcdUnavailableException
                                  && !cancellationToken.IsCancellationRequested)
        {
            // The campaign was cut off because the lease could not be kept: report that, not the cancellation.
            var cause = keepAlive.Completion.Exception!.InnerException!;
            await DisposeQuietlyAsync(client, keepAlive, lost).ConfigureAwait(false);
            throw cause is EtcdUnavailableException ? cause : new EtcdUnavailableException($"{endpoint.Text}: {cause.Message}", cause);
        }
        catch
        {
            await DisposeQuietlyAsync(client, keepAlive, lost).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task DisposeQuietlyAsync(EtcdMemberClient client, EtcdLeaseKeepAlive? keepAlive, CancellationTokenSource? lost)
    {
        if (keepAlive is not null)
        {
            await keepAlive.DisposeAsync().ConfigureAwait(false);
            // The lease (and with it our campaign key) goes at once instead of after its time to live.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await client.RevokeLeaseAsync(keepAlive.Lease.Id, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is EtcdUnavailableException or EtcdRequestException or OperationCanceledException)
            {
                // It expires by itself.
            }
        }

        lost?.Dispose();
        client.Dispose();
    }

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "campaigning for leadership of {Election} via {Endpoint} (lease {LeaseId:x})")]
    private static partial void LogCampaigning(ILogger logger, string election, string endpoint, long leaseId);
}
