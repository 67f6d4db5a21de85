using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Restore;

/// <summary>
/// Three etcd 3.4.23 members on loopback from one snapshot: restored one by one (as etcd documents it) and all at once
/// with <c>--all-members</c>. They form one cluster with the IDs we computed, replicate a write, and elect a new leader
/// when the leader is killed.
/// </summary>
public sealed class RestoreClusterBootTests : IAsyncLifetime, IDisposable
{
    private const string Token = "restore-cluster";
    private readonly TempDirectory _temp = new("restore-cluster");

    private string SnapshotPath => _temp.Combine("snapshot.db");

    public async Task InitializeAsync()
    {
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Name = "cluster-src" });
        for (var i = 0; i < 20; i++)
        {
            await etcd.Etcdctl.PutAsync($"/cluster/{i:D2}", $"before-{i}");
        }

        await etcd.Etcdctl.CheckedAsync("snapshot", "save", SnapshotPath);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restore_ThreeMembers_QuorumReplicationAndNewLeaderAfterLeaderKilled(bool allMembers)
    {
        // Given one snapshot restored for three members
        var members = new[] { TestMember.New("node-a"), TestMember.New("node-b"), TestMember.New("node-c") };
        var cluster = TestMember.Cluster(members);
        var root = _temp.Combine(allMembers ? "all" : "separate");
        var ids = new Dictionary<string, string>();
        if (allMembers)
        {
            using var json = (await RestoreHarness.CliOkAsync("restore", SnapshotPath, "--all-members", "--data-dir", root,
                "--initial-cluster", cluster, "--initial-cluster-token", Token, "-o", "json")).Json();
            foreach (var m in json.RootElement.GetProperty("members").EnumerateArray())
            {
                Assert.True(m.GetProperty("restored").GetBoolean());
                ids[m.GetProperty("name").GetString()!] = m.GetProperty("id").GetString()!;
            }
        }
        else
        {
            foreach (var m in members)
            {
                using var json = (await RestoreHarness.CliOkAsync("restore", SnapshotPath, "--data-dir", Path.Combine(root, m.Name),
                    "--name", m.Name, "--initial-advertise-peer-urls", m.PeerUrl, "--initial-cluster", cluster,
                    "--initial-cluster-token", Token, "-o", "json")).Json();
                var self = json.RootElement.GetProperty("members").EnumerateArray().Single(e => e.GetProperty("restored").GetBoolean());
                ids[m.Name] = self.GetProperty("id").GetString()!;
            }
        }

        // When all three start together (a lone member cannot get quorum)
        var started = await Task.WhenAll(members.Select(m => RestoreHarness.StartAsync(m, Path.Combine(root, m.Name), cluster, Token)));
        try
        {
            // Then they are one cluster with our IDs, serve the snapshot's data and replicate a write
            var list = await started[0].Etcdctl.CheckedAsync("member", "list");
            foreach (var m in members)
            {
                Assert.Contains($"{ids[m.Name]}, started, {m.Name}, {m.PeerUrl}", list, StringComparison.Ordinal);
            }

            Assert.Equal("/cluster/07\nbefore-7\n", await started[2].Etcdctl.CheckedAsync("get", "/cluster/07"));
            await started[1].Etcdctl.PutAsync("/cluster/after", "replicated");
            foreach (var etcd in started)
            {
                Assert.Equal("/cluster/after\nreplicated\n", await WaitForValueAsync(etcd, "/cluster/after"));
            }

            // And when the leader dies, the other two elect a new one and keep taking writes
            var leader = await LeaderAsync(started);
            leader.Kill();
            var survivors = started.Where(e => e != leader).ToArray();
            var newLeader = await LeaderAsync(survivors);
            Assert.NotEqual(leader.Pid, newLeader.Pid);
            await survivors[0].Etcdctl.PutAsync("/cluster/after-failover", "ok");
            Assert.Equal("/cluster/after-failover\nok\n", await WaitForValueAsync(survivors[1], "/cluster/after-failover"));
        }
        finally
        {
            foreach (var etcd in started)
            {
                await etcd.DisposeAsync();
            }
        }
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _temp.Dispose();

    private static async Task<EtcdProcess> LeaderAsync(IReadOnlyList<EtcdProcess> members)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var m in members.Where(m => !m.HasExited))
            {
                var r = await m.Etcdctl.RunAsync(["endpoint", "status", "-w", "json", "--command-timeout=2s"]);
                if (r.ExitCode == 0 && StatusJson.Parse(r.Stdout) is [var s] && s.Leader != 0 && s.Leader == s.MemberId)
                {
                    return m;
                }
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("no member reported itself leader");
    }

    // A serializable read on a follower may lag the commit by a heartbeat.
    private static async Task<string> WaitForValueAsync(EtcdProcess etcd, string key)
    {
        for (var i = 0; ; i++)
        {
            var value = await etcd.Etcdctl.CheckedAsync("get", key, "--consistency=s");
            if (value.Length > 0 || i == 50)
            {
                return value;
            }

            await Task.Delay(100);
        }
    }
}
