using EtcdSnap.Core.Node;
namespace EtcdSnap.Testing;

/// <summary>Several real etcd members on 127.0.0.1 forming one cluster, started together and killed on dispose.</summary>
public sealed class EtcdCluster : IAsyncDisposable
{
    private EtcdCluster(IReadOnlyList<EtcdProcess> members) => Members = members;

    /// <summary>The members, in start order (names <c>m0</c>, <c>m1</c>, …).</summary>
    public IReadOnlyList<EtcdProcess> Members { get; }

    /// <summary>Client URLs of all members, in order.</summary>
    public IReadOnlyList<string> ClientUrls => Members.Select(m => m.ClientUrl).ToList();

    /// <summary>Starts <paramref name="size"/> members at once (a member waits for quorum, so they cannot start one by
    /// one) and returns when each serves a linearizable read.</summary>
    public static async Task<EtcdCluster> StartAsync(int size = 3, EtcdTlsFiles? tls = null, TimeSpan? readyTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var scheme = tls is null ? "http" : "https";
        var token = "cluster-" + Guid.NewGuid().ToString("N")[..8];
        var ports = Enumerable.Range(0, size).Select(_ => (Client: LoopbackPorts.Next(), Peer: LoopbackPorts.Next())).ToList();
        var initialCluster = string.Join(',', ports.Select((p, i) => $"m{i}={scheme}://127.0.0.1:{p.Peer}"));
        var starts = ports.Select((p, i) => EtcdProcess.StartAsync(new EtcdProcessOptions
        {
            Name = $"m{i}",
            ClientPort = p.Client,
            PeerPort = p.Peer,
            InitialCluster = initialCluster,
            InitialClusterToken = token,
            Tls = tls,
        }, readyTimeout ?? TimeSpan.FromSeconds(60))).ToList();
        try
        {
            return new EtcdCluster(await Task.WhenAll(starts));
        }
        catch
        {
            foreach (var start in starts.Where(s => s.IsCompletedSuccessfully))
            {
                await start.Result.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>The member that etcdctl reports as leader (asked over every live member's endpoint status).</summary>
    public async Task<EtcdProcess> FindLeaderAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            foreach (var m in Members.Where(m => !m.HasExited))
            {
                var r = await m.Etcdctl.RunAsync(["endpoint", "status", "-w", "json", "--command-timeout=2s"]);
                if (r.ExitCode == 0 && StatusJson.Parse(r.Stdout) is [var s] && s.Leader != 0 && s.Leader == s.MemberId)
                {
                    return m;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("no member reported itself leader");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var m in Members)
        {
            await m.DisposeAsync();
        }
    }
}
