using System.Text;
using EtcdSnap.Etcd;
using Microsoft.Extensions.Logging;

namespace EtcdSnap.Core.Agent;

/// <summary>
/// One period of leadership: <see cref="Lost"/> is cancelled the moment the lease can no longer be kept alive (then
/// another agent may already lead). Disposing resigns and revokes the lease, so a standby takes over at once.
/// </summary>
internal sealed partial class LeadershipTerm : IAsyncDisposable
{
    private static readonly TimeSpan s_shutdownCallTimeout = TimeSpan.FromSeconds(1);

    private readonly EtcdMemberClient _client;
    private readonly EtcdLeaseKeepAlive _keepAlive;
    private readonly CancellationTokenSource _lost;
    private readonly EtcdLeaderKey _leader;
    private readonly byte[] _value;
    private readonly ILogger _logger;

    internal LeadershipTerm(EtcdMemberClient client, EtcdLeaseKeepAlive keepAlive, CancellationTokenSource lost, EtcdLeaderKey leader,
        string identity, TimeSpan leaseTtl, ILogger logger)
    {
        _client = client;
        _keepAlive = keepAlive;
        _lost = lost;
        _leader = leader;
        _value = Encoding.UTF8.GetBytes(identity);
        LeaseTtl = leaseTtl;
        _logger = logger;
    }

    /// <summary>Cancelled when leadership is lost (or the agent stops).</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>The member the election runs through; the agent keeps its tick ledger there too.</summary>
    public EtcdMemberClient Client => _client;

    /// <summary>The lease's time to live: after a successful <see cref="FenceAsync"/> no other agent can lead for that long.</summary>
    public TimeSpan LeaseTtl { get; }

    /// <summary>Why leadership was lost, when the lease failed; null otherwise.</summary>
    public Exception? LossReason => _keepAlive.Completion.IsFaulted ? _keepAlive.Completion.Exception?.InnerException : null;

    /// <summary>
    /// Proves this agent still leads, right before a backup is made complete: renews the lease (so no other agent can
    /// be elected for a full time to live from now) and proclaims through etcd, which compares our leader key's
    /// revision and refuses a candidate that no longer leads.
    /// </summary>
    /// <exception cref="LeadershipLostException">The lease is gone or another agent leads.</exception>
    /// <exception cref="EtcdUnavailableException">The member could not be reached (leadership unknown: do not commit).</exception>
    public async Task FenceAsync(CancellationToken cancellationToken)
    {
        if (_lost.IsCancellationRequested)
        {
            throw new LeadershipLostException("leadership was lost", LossReason);
        }

        try
        {
            await _client.KeepLeaseAliveOnceAsync(_leader.LeaseId, cancellationToken).ConfigureAwait(false);
            await _client.ProclaimAsync(_leader, _value, cancellationToken).ConfigureAwait(false);
        }
        catch (EtcdRequestException e)
        {
            await _lost.CancelAsync().ConfigureAwait(false);
            throw new LeadershipLostException($"no longer the leader: {e.Message}", e);
        }
    }

    /// <summary>Resigns (best effort, bounded) and releases the lease.</summary>
    public async ValueTask DisposeAsync()
    {
        var healthy = !_keepAlive.Completion.IsCompleted;
        await _keepAlive.DisposeAsync().ConfigureAwait(false);
        if (healthy)
        {
            using var timeout = new CancellationTokenSource(s_shutdownCallTimeout);
            try
            {
                await _client.ResignAsync(_leader, timeout.Token).ConfigureAwait(false);
                await _client.RevokeLeaseAsync(_leader.LeaseId, timeout.Token).ConfigureAwait(false);
                LogResigned(_logger);
            }
            catch (Exception e) when (e is EtcdUnavailableException or EtcdRequestException or OperationCanceledException)
            {
                LogResignFailed(_logger, e.Message);
            }
        }

        _lost.Dispose();
        _client.Dispose();
    }

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "resigned leadership")]
    private static partial void LogResigned(ILogger logger);

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "could not resign leadership; the lease expires by itself: {Reason}")]
    private static partial void LogResignFailed(ILogger logger, string reason);
}
