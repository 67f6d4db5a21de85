using System.Net;
using System.Text.Json;
using EtcdSnap.Core.Agent;
using EtcdSnap.Core.Backups;
using EtcdSnap.Core.Connection;
using EtcdSnap.Core.Node;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Testing;
using EtcdSnap.Testing.Backups;
using Microsoft.Extensions.Logging.Abstractions;

namespace EtcdSnap.Core.Tests.Agent;

/// <summary>The agent's HTTP endpoint on a real loopback socket (the agent itself is not running: no etcd needed).</summary>
public sealed class AgentHttpServerTests : IAsyncLifetime, IAsyncDisposable
{
    private readonly TempDirectory _dir = new("etcdsnap-agent-http");
    private readonly HttpClient _http = new();
    private BackupAgent _agent = null!;
    private AgentHttpServer _server = null!;

    public async Task InitializeAsync()
    {
        var repo = _dir.Combine("repo");
        await TestBackups.AddAsync(repo, DateTimeOffset.UtcNow, new byte[1000], new BackupWriteOptions(), new BackupSource { Revision = 42 });

        var endpoint = new IPEndPoint(IPAddress.Loopback, LoopbackPorts.Next());
        _agent = new BackupAgent(new AgentOptions
        {
            Schedule = BackupSchedule.Parse("@hourly"),
            Backup = new BackupRequest { Connection = new ConnectionInputs(), Repository = repo },
            Identity = "node-a",
            Listen = endpoint,
        });
        _server = new AgentHttpServer(endpoint, _agent, NullLogger.Instance);
        _server.Start();
        _http.BaseAddress = new Uri(_server.Prefix);
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _http.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Metrics_PrometheusTextWithTheAgentsMetrics()
    {
        _agent.Metrics.BackupFailed(transient: true);

        var response = await _http.GetAsync(new Uri("metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.Contains("etcdsnap_agent_is_leader 0", text, StringComparison.Ordinal);
        Assert.Contains("etcdsnap_backup_failures_total{transient=\"true\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE etcdsnap_backup_last_success_timestamp_seconds gauge", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_AgentNotRunning_503WithJson()
    {
        var response = await _http.GetAsync(new Uri("healthz", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("stopped", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("node-a", json.RootElement.GetProperty("identity").GetString());
        Assert.False(json.RootElement.GetProperty("isLeader").GetBoolean());
    }

    [Fact]
    public async Task Backups_ListsTheRepositoryAndUpdatesTheCount()
    {
        var response = await _http.GetAsync(new Uri("backups", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var metrics = await _http.GetStringAsync(new Uri("metrics", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var backups = json.RootElement.GetProperty("backups");
        Assert.Equal(1, backups.GetArrayLength());
        Assert.Equal(42, backups[0].GetProperty("revision").GetInt64());
        Assert.Contains("etcdsnap_repository_backups 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownPathAndWrongMethod_404And405()
    {
        var missing = await _http.GetAsync(new Uri("nope", UriKind.Relative));
        var post = await _http.PostAsync(new Uri("metrics", UriKind.Relative), new StringContent(""));

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
    }

    [Fact]
    public async Task Start_AddressInUse_RefusedWithTheAddressAndAHint()
    {
        var taken = new Uri(_server.Prefix);
        await using var second = new AgentHttpServer(new IPEndPoint(IPAddress.Loopback, taken.Port), _agent, NullLogger.Instance);

        var e = Assert.Throws<OperationRefusedException>(second.Start);

        Assert.StartsWith($"--listen {_server.Prefix}: cannot listen: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("--listen off", e.Hint, StringComparison.Ordinal);
    }
}
