using EtcdSnap.Core.Backups;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.IntegrationTests.Agent;

/// <summary>
/// Three agents, one per member of a three-member etcd cluster on loopback, backing up every two seconds into one
/// repository. Asserts what must hold however slow the machine: never two complete backups for one tick; one leader at
/// a time; and after the leader's process is killed (SIGKILL, as when its node dies), another agent takes over and its
/// /metrics show it. Exact tick counts are not asserted.
/// </summary>
public sealed class AgentClusterTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private static readonly TimeSpan s_phaseTimeout = TimeSpan.FromSeconds(40);
    private readonly TempDirectory _dir = new("etcdsnap-agents");
    private readonly List<AgentProcess> _agents = [];
    private EtcdCluster _cluster = null!;

    private string Repository => _dir.Combine("repo");

    public async Task InitializeAsync()
    {
        _cluster = await EtcdCluster.StartAsync(3);
        await _cluster.Members[0].Etcdctl.PutAsync("/registry/namespaces/default", "payload");
        for (var i = 0; i < 3; i++)
        {
            _agents.Add(AgentProcess.Start($"agent-{i}",
            [
                "--schedule", "*/2 * * * * *",
                "--repo", Repository,
                "--endpoints", _cluster.Members[i].ClientUrl,
                "--election-name", "it",
                "--lease-ttl", "4s",
                "--run-timeout", "20s",
                "--catch-up-window", "1m",
                "--dial-timeout", "1s",
                "--command-timeout", "2s",
            ]));
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            output.WriteLine($"--- {agent.Identity} (exited: {agent.HasExited}) ---\n{agent.Log}");
            await agent.DisposeAsync();
        }

        await _cluster.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ThreeAgents_OneBackupPerTick_AndAStandbyTakesOverWhenTheLeaderDies()
    {
        // Phase 1: a leader emerges and backs up tick after tick.
        var before = await WaitForBackupsAsync(b => true, count: 3);
        var leader = await SingleLeaderAsync();

        // Phase 2: the leader dies without a word; its lease runs out and a standby is elected.
        leader.Kill();
        var killedAt = DateTimeOffset.UtcNow;
        var after = await WaitForBackupsAsync(b => b.Labels[BackupLabels.Agent] != leader.Identity && b.CreatedAt > killedAt, count: 2);
        var successor = await SingleLeaderAsync();
        Assert.NotEqual(leader.Identity, successor.Identity);
        Assert.Contains(after, b => b.Labels[BackupLabels.Agent] == successor.Identity);

        var metrics = await successor.MetricsAsync();
        Assert.Equal(1, AgentProcess.Metric(metrics, "etcdsnap_agent_is_leader"));
        Assert.True(AgentProcess.Metric(metrics, "etcdsnap_backup_success_total") >= 1);
        Assert.True(AgentProcess.Metric(metrics, "etcdsnap_backup_last_success_timestamp_seconds") >= killedAt.ToUnixTimeSeconds());
        Assert.True(AgentProcess.Metric(metrics, "etcdsnap_backup_last_revision") > 0);
        Assert.True(AgentProcess.Metric(metrics, "etcdsnap_repository_backups") >= before.Count);

        // Phase 3: SIGTERM stops the others promptly and cleanly.
        foreach (var agent in _agents.Where(a => a != leader))
        {
            await agent.TerminateAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(0, agent.ExitCode);
        }

        // What must hold across the whole run: never two complete backups for one tick, and every tick a schedule tick.
        var all = await ListAsync();
        var perTick = all.GroupBy(b => b.Labels[BackupLabels.Tick]).ToList();
        Assert.All(perTick, g => Assert.True(g.Count() == 1, $"tick {g.Key} was backed up {g.Count()} times: {string.Join(", ", g.Select(b => b.Id))}"));
        Assert.All(perTick, g => Assert.Equal(0, TickSecond(g.Key) % 2));
        Assert.All(all, b => Assert.Equal("it", b.Labels[BackupLabels.Election]));
        output.WriteLine($"{all.Count} backups over {perTick.Count} ticks; leader {leader.Identity} killed at {killedAt:O}, then {successor.Identity}");
    }

    private async Task<List<BackupManifest>> WaitForBackupsAsync(Func<BackupManifest, bool> which, int count)
    {
        var deadline = DateTime.UtcNow + s_phaseTimeout;
        while (true)
        {
            var matching = (await ListAsync()).Where(which).ToList();
            if (matching.Count >= count)
            {
                return matching;
            }

            Assert.True(DateTime.UtcNow < deadline, $"only {matching.Count} of {count} backups within {s_phaseTimeout}");
            await Task.Delay(250);
        }
    }

    private async Task<AgentProcess> SingleLeaderAsync()
    {
        var deadline = DateTime.UtcNow + s_phaseTimeout;
        while (true)
        {
            var leaders = new List<AgentProcess>();
            foreach (var agent in _agents.Where(a => !a.HasExited))
            {
                if (AgentProcess.Metric(await agent.MetricsAsync(), "etcdsnap_agent_is_leader") == 1)
                {
                    leaders.Add(agent);
                }
            }

            // Two may say so for a moment while one has not yet noticed its lease ran out (it cannot commit then).
            if (leaders.Count == 1)
            {
                return leaders[0];
            }

            Assert.True(DateTime.UtcNow < deadline, $"{leaders.Count} agents say they lead");
            await Task.Delay(250);
        }
    }

    private async Task<List<BackupManifest>> ListAsync()
    {
        await using var repository = BackupRepositories.Open(Repository);
        return [.. (await repository.ListAsync(CancellationToken.None)).Backups];
    }

    private static int TickSecond(string tick) => DateTimeOffset.Parse(tick, System.Globalization.CultureInfo.InvariantCulture).Second;
}
