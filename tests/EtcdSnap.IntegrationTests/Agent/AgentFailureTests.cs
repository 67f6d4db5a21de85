using System.Text.Json;
using EtcdSnap.Core.Node;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.IntegrationTests.Agent;

/// <summary>One agent whose repository cannot be reached: it keeps leading, retries with backoff, reports each failed
/// attempt as transient in /metrics and the reason in /healthz, and still stops at once on SIGTERM.</summary>
public sealed class AgentFailureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private EtcdProcess _etcd = null!;
    private AgentProcess? _agent;

    public async Task InitializeAsync() => _etcd = await EtcdProcess.StartAsync();

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            output.WriteLine(_agent.Log);
            await _agent.DisposeAsync();
        }

        await _etcd.DisposeAsync();
    }

    [Fact]
    public async Task Agent_RepositoryUnreachable_RetriesAndReportsTransientFailures()
    {
        var closed = LoopbackPorts.Next();
        _agent = AgentProcess.Start("lonely",
        [
            "--schedule", "*/2 * * * * *",
            "--repo", $"s3://backups/etcd?endpoint=http://127.0.0.1:{closed}",
            "--endpoints", _etcd.ClientUrl,
            "--election-name", "failure",
            "--lease-ttl", "4s",
        ], new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "x", ["AWS_SECRET_ACCESS_KEY"] = "x" });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(40);
        double? failures = null;
        while (failures is not >= 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "no failed attempts reported within 40 s");
            await Task.Delay(500);
            failures = AgentProcess.Metric(await _agent.MetricsAsync(), "etcdsnap_backup_failures_total{transient=\"true\"}");
        }

        using var http = new HttpClient();
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{_agent.Port}/healthz")));
        Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
        Assert.True(health.RootElement.GetProperty("isLeader").GetBoolean());
        Assert.Contains($"127.0.0.1:{closed}", health.RootElement.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        await _agent.TerminateAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _agent.ExitCode);
    }
}
