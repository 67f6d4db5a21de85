namespace EtcdSnap.Etcd;

/// <summary>
/// A background renewal of one lease, started by <see cref="EtcdMemberClient.KeepLeaseAlive"/>. It uses no thread of its
/// own (an async loop on the thread pool). Dispose it to stop renewing; the lease itself is not revoked.
/// </summary>
public sealed class EtcdLeaseKeepAlive : IAsyncDisposable
{
    private readonly EtcdMemberClient _client;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stop = new();
    private long _expiresAt;

    internal EtcdLeaseKeepAlive(EtcdMemberClient client, EtcdLease lease, TimeSpan interval)
    {
        _client = client;
        Lease = lease;
        _interval = interval > TimeSpan.Zero ? interval : TimeSpan.FromMilliseconds(500);
        _expiresAt = Environment.TickCount64 + (long)lease.Ttl.TotalMilliseconds;
        Completion = RunAsync();
    }

    /// <summary>The lease being renewed.</summary>
    public EtcdLease Lease { get; }

    /// <summary>Time to live the server reported at the last successful renewal.</summary>
    public TimeSpan LastTtl { get; private set; }

    /// <summary>Completes when disposed; fails with <see cref="EtcdRequestException"/> when the server says the lease is
    /// gone, or with <see cref="EtcdUnavailableException"/> when no renewal succeeded before the lease ran out.</summary>
    public Task Completion { get; }

    /// <summary>Stops renewing and waits for the loop to end. Does not revoke the lease.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is EtcdRequestException or EtcdUnavailableException or OperationCanceledException)
        {
            // Already reported through Completion.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        EtcdUnavailableException? lastFailure = null;
        while (!token.IsCancellationRequested)
        {
            try
            {
                LastTtl = await _client.KeepLeaseAliveOnceAsync(Lease.Id, token).ConfigureAwait(false);
                _expiresAt = Environment.TickCount64 + (long)LastTtl.TotalMilliseconds;
                lastFailure = null;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (EtcdUnavailableException e)
            {
                lastFailure = e;
                if (Environment.TickCount64 >= _expiresAt)
                {
                    throw new EtcdUnavailableException(
                        $"lease {Lease.Id:x} expired: no renewal succeeded within its {GoDuration.Format(Lease.Ttl)} time to live; last error: {e.Message}", e)
                    {
                        Endpoint = e.Endpoint,
                        IsTransient = e.IsTransient,
                        Hint = e.Hint,
                    };
                }
            }

            // After a failure retry soon (but not in a tight loop); otherwise wait the normal interval.
            var wait = lastFailure is null ? _interval : TimeSpan.FromMilliseconds(Math.Min(_interval.TotalMilliseconds, 500));
            try
            {
                await Task.Delay(wait, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
