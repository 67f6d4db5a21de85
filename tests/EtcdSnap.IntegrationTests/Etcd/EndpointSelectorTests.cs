using System.Diagnostics;
using EtcdSnap.Etcd;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Etcd;

/// <summary>Choosing the member to back up in a real 3-member loopback cluster.</summary>
[Collection(EtcdSerial.Name)]
public sealed class EndpointSelectorTests
{
    [Fact]
    public async Task SelectAsync_HealthyCluster_PicksTheLeader_ThenALiveMemberWhenTheLeaderIsKilled()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        var leader = await cluster.FindLeaderAsync();
        using var factory = EtcdClientFactory.Create(new EtcdConnectionOptions { Endpoints = cluster.ClientUrls });

        var selection = await EndpointSelector.SelectAsync(factory);

        Assert.Equal(EndpointChoice.Leader, selection.Choice);
        Assert.Equal(leader.ClientUrl, selection.Endpoint.Text);
        Assert.Equal(3, selection.All.Count);
        Assert.All(selection.All, r => Assert.NotNull(r.Status));
        Assert.StartsWith($"{leader.ClientUrl} is the leader (member ", selection.Reason, StringComparison.Ordinal);

        // When the leader dies
        leader.Kill();
        var clock = Stopwatch.StartNew();
        var after = await EndpointSelector.SelectAsync(factory);

        // Then a live member is chosen, and the dead one is listed with its cause
        Assert.NotEqual(leader.ClientUrl, after.Endpoint.Text);
        Assert.Contains(cluster.Members.Where(m => !m.HasExited), m => m.ClientUrl == after.Endpoint.Text);
        var dead = Assert.Single(after.All, r => r.Endpoint.Text == leader.ClientUrl);
        Assert.Null(dead.Status);
        Assert.Equal($"{leader.ClientUrl}: connection refused", dead.Error!.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"selection took {clock.Elapsed}");
        using var client = factory.CreateMemberClient(after.Endpoint);
        Assert.Equal(after.Status.MemberId, (await client.StatusAsync()).MemberId);
    }

    [Fact]
    public async Task SelectAsync_SilentEndpointAmongLiveOnes_AnswersWithinTheDialTimeout()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        await using var silent = SilentTcpServer.Start();
        using var factory = EtcdClientFactory.Create(new EtcdConnectionOptions
        {
            Endpoints = [silent.HostPort, .. cluster.ClientUrls],
            DialTimeout = TimeSpan.FromSeconds(1),
        });
        var clock = Stopwatch.StartNew();

        var selection = await EndpointSelector.SelectAsync(factory);

        Assert.Equal(EndpointChoice.Leader, selection.Choice);
        Assert.Equal($"{silent.HostPort}: no answer within 1s (dial timeout)", selection.All[0].Error!.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
    }
}
