using EtcdSnap.Etcd;
using EtcdSnap.Storage;

namespace EtcdSnap.Core.Agent;

/// <summary>
/// Exponential backoff with jitter between attempts after transient failures (an unreachable member or store):
/// <see cref="Initial"/>, doubling up to <see cref="Max"/>, each wait drawn from [½, 1] of its nominal value so that
/// agents do not retry in step.
/// </summary>
public sealed record RetryBackoff
{
    /// <summary>The first wait.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1, after <paramref name="attempt"/> (≥ 1) failures.</summary>
    public TimeSpan Delay(int attempt, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var nominal = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        var factor = 0.5 + ((random ?? Random.Shared).NextDouble() / 2);
        return TimeSpan.FromMilliseconds(nominal * factor);
    }

    /// <summary>True when retrying <paramref name="e"/> later may succeed: the network, a store throttling or down.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        EtcdUnavailableException u => u.IsTransient,
        StorageUnavailableException s => s.IsTransient,
        AggregateException { InnerExceptions.Count: 1 } a => IsTransient(a.InnerExceptions[0]),
        _ => false,
    };
}
