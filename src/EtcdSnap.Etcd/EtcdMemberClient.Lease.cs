using Etcdserverpb;
using Grpc.Core;

namespace EtcdSnap.Etcd;

/// <summary>A granted lease.</summary>
/// <param name="Id">Lease ID (non-zero).</param>
/// <param name="Ttl">Time to live the server granted.</param>
public sealed record EtcdLease(long Id, TimeSpan Ttl);

public sealed partial class EtcdMemberClient
{
    /// <summary>Grants a lease (<c>etcdctl lease grant</c>).</summary>
    /// <param name="ttl">Requested time to live, whole seconds (etcd's minimum is a few seconds; it may grant more).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused the request.</exception>
    public async Task<EtcdLease> GrantLeaseAsync(TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ttl, TimeSpan.FromSeconds(1));
        var request = new LeaseGrantRequest { TTL = (long)Math.Ceiling(ttl.TotalSeconds) };
        var r = await CallAsync("lease grant", o => _lease.Value.LeaseGrantAsync(request, o), cancellationToken).ConfigureAwait(false);
        if (!string.IsNullOrEmpty(r.Error))
        {
            throw new EtcdRequestException($"{Endpoint.Text}: lease grant: {r.Error}") { Endpoint = Endpoint.Text, ServerMessage = r.Error };
        }

        return new EtcdLease(r.ID, TimeSpan.FromSeconds(r.TTL));
    }

    /// <summary>Revokes a lease and deletes the keys attached to it (<c>etcdctl lease revoke</c>).</summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The lease does not exist (any more).</exception>
    public async Task RevokeLeaseAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        var request = new LeaseRevokeRequest { ID = leaseId };
        await CallAsync($"lease revoke {leaseId:x}", o => _lease.Value.LeaseRevokeAsync(request, o), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Renews a lease once (<c>etcdctl lease keep-alive --once</c>).</summary>
    /// <returns>The time to live after the renewal.</returns>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The lease expired or was revoked.</exception>
    public async Task<TimeSpan> KeepLeaseAliveOnceAsync(long leaseId, CancellationToken cancellationToken = default)
    {
        var startedAt = Environment.TickCount64;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        var operation = $"lease keep-alive {leaseId:x}";
        LeaseKeepAliveResponse response;
        try
        {
            using var call = _lease.Value.LeaseKeepAlive(cancellationToken: timeout.Token);
            await call.RequestStream.WriteAsync(new LeaseKeepAliveRequest { ID = leaseId }, timeout.Token).ConfigureAwait(false);
            if (!await call.ResponseStream.MoveNext(timeout.Token).ConfigureAwait(false))
            {
                throw new RpcException(new Status(StatusCode.Unavailable, "the server closed the keep-alive stream"));
            }

            response = call.ResponseStream.Current;
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (IsCallFailure(e) && timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw _errors.DeadlineExceeded(operation, e);
        }
        catch (Exception e) when (IsCallFailure(e))
        {
            throw await _errors.TranslateAsync(e, operation, startedAt, cancellationToken).ConfigureAwait(false);
        }

        return response.TTL > 0
            ? TimeSpan.FromSeconds(response.TTL)
            : throw new EtcdRequestException($"{Endpoint.Text}: {operation}: lease expired or revoked")
            {
                Endpoint = Endpoint.Text,
                StatusCode = StatusCode.NotFound,
                ServerMessage = "lease not found",
            };
    }

    /// <summary>
    /// Keeps a lease alive in the background until disposed, renewing every <paramref name="interval"/> (default: a third
    /// of the lease's time to live, as etcd's Go client does). A failed renewal is retried until the lease would have
    /// expired; only then does <see cref="EtcdLeaseKeepAlive.Completion"/> fail.
    /// </summary>
    public EtcdLeaseKeepAlive KeepLeaseAlive(EtcdLease lease, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(lease);
        return new EtcdLeaseKeepAlive(this, lease, interval ?? lease.Ttl / 3);
    }
}
