using EtcdSnap.Core.Agent;
using EtcdSnap.Etcd;
using EtcdSnap.Formats;
using EtcdSnap.Storage;

namespace EtcdSnap.Core.Tests.Agent;

public sealed class RetryBackoffTests
{
    [Fact]
    public void Delay_DoublesWithJitterUpToTheMax()
    {
        var backoff = new RetryBackoff { Initial = TimeSpan.FromSeconds(2), Max = TimeSpan.FromSeconds(30) };
        var random = new Random(7);

        for (var attempt = 1; attempt <= 10; attempt++)
        {
            var nominal = Math.Min(30, 2 * Math.Pow(2, attempt - 1));
            var delay = backoff.Delay(attempt, random).TotalSeconds;
            Assert.InRange(delay, nominal / 2, nominal);
        }
    }

    [Fact]
    public void IsTransient_NetworkYesCredentialsAndCorruptionNo()
    {
        Assert.True(RetryBackoff.IsTransient(new EtcdUnavailableException("down")));
        Assert.True(RetryBackoff.IsTransient(new StorageUnavailableException("throttled")));
        Assert.False(RetryBackoff.IsTransient(new StorageUnavailableException("access denied") { IsTransient = false }));
        Assert.False(RetryBackoff.IsTransient(new CorruptDataException("x", null, "bad")));
        Assert.False(RetryBackoff.IsTransient(new InvalidOperationException()));
    }
}
