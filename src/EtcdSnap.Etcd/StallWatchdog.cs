namespace EtcdSnap.Etcd;

/// <summary>
/// Cancels a stream when no message arrived for the stall limit. The reader only stores a timestamp per message; a
/// thread-pool timer looks at it four times per limit, so there is no per-message timer work and no thread of its own.
/// </summary>
internal sealed class StallWatchdog : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly Timer _timer;
    private readonly long _limitMs;
    private long _lastAlive;
    private volatile bool _stalled;

    public StallWatchdog(TimeSpan limit, CancellationToken cancellationToken)
    {
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _limitMs = Math.Max(1, (long)limit.TotalMilliseconds);
        _lastAlive = Environment.TickCount64;
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_limitMs / 4, 10, 1000));
        _timer = new Timer(static s => ((StallWatchdog)s!).Check(), this, period, period);
    }

    /// <summary>Canceled by the caller's token or by a stall.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>True once the watchdog canceled the stream.</summary>
    public bool Stalled => _stalled;

    /// <summary>Called for every message.</summary>
    public void Alive() => Volatile.Write(ref _lastAlive, Environment.TickCount64);

    public void Dispose()
    {
        _timer.Dispose();
        _cts.Dispose();
    }

    private void Check()
    {
        if (_stalled || Environment.TickCount64 - Volatile.Read(ref _lastAlive) < _limitMs)
        {
            return;
        }

        _stalled = true;
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The download finished in the meantime.
        }
    }
}
