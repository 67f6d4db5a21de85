using System.Globalization;
using System.Text.Json;
using EtcdSnap.Etcd;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Etcd;

/// <summary>Every call of <see cref="EtcdMemberClient"/> against real etcd 3.4, checked with etcdctl.</summary>
[Collection(EtcdSerial.Name)]
public sealed class EtcdMemberClientTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task StatusAsync_EqualsEtcdctlEndpointStatus(bool tls)
    {
        using var temp = new TempDirectory();
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Tls = tls ? TestPki.Create(temp.Combine("pki")).EtcdFiles : null });
        await etcd.Etcdctl.PutAsync("k", "v");
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();

        // etcd commits its backend every 100 ms, so db sizes can move between two queries: compare ours with two etcdctl
        // answers that agree with each other, taken just before and just after it.
        EtcdMemberStatus status;
        StatusJson expected;
        var attempts = 0;
        while (true)
        {
            var first = Assert.Single(StatusJson.Parse(await etcd.Etcdctl.CheckedAsync("endpoint", "status", "-w", "json")));
            status = await client.StatusAsync();
            expected = Assert.Single(StatusJson.Parse(await etcd.Etcdctl.CheckedAsync("endpoint", "status", "-w", "json")));
            if (first with { Endpoint = "" } == expected with { Endpoint = "" } || ++attempts == 10)
            {
                break;
            }
        }

        Assert.Equal(expected.Version, status.Version);
        Assert.Equal(expected.ClusterId, status.ClusterId);
        Assert.Equal(expected.MemberId, status.MemberId);
        Assert.Equal(expected.Leader, status.LeaderId);
        Assert.Equal(expected.Revision, status.Revision);
        Assert.Equal(expected.RaftTerm, status.RaftTerm);
        Assert.Equal(expected.RaftIndex, status.RaftIndex);
        Assert.Equal(expected.RaftAppliedIndex, status.RaftAppliedIndex);
        Assert.Equal(expected.DbSize, status.DbSize);
        Assert.Equal(expected.DbSizeInUse, status.DbSizeInUse);
        Assert.Equal(expected.IsLearner, status.IsLearner);
        Assert.True(status.IsLeader);
        Assert.Empty(status.Errors);
        Assert.Equal(etcd.ClientUrl, status.Endpoint);
    }

    [Fact]
    public async Task MemberListAsync_EqualsEtcdctlMemberList()
    {
        await using var cluster = await EtcdCluster.StartAsync(3);
        using var factory = EtcdTestClient.Factory(cluster.Members[1]);
        using var client = factory.CreateMemberClient();

        var list = await client.MemberListAsync();
        using var json = JsonDocument.Parse(await cluster.Members[1].Etcdctl.CheckedAsync("member", "list", "-w", "json"));

        var header = json.RootElement.GetProperty("header");
        Assert.Equal(header.GetProperty("cluster_id").GetUInt64(), list.ClusterId);
        Assert.Equal(header.GetProperty("member_id").GetUInt64(), list.MemberId);
        Assert.Equal(header.GetProperty("raft_term").GetUInt64(), list.RaftTerm);
        var expected = json.RootElement.GetProperty("members").EnumerateArray().ToList();
        Assert.Equal(expected.Count, list.Members.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].GetProperty("ID").GetUInt64(), list.Members[i].Id);
            Assert.Equal(expected[i].GetProperty("name").GetString(), list.Members[i].Name);
            Assert.Equal(expected[i].GetProperty("peerURLs").EnumerateArray().Select(u => u.GetString()), list.Members[i].PeerUrls);
            Assert.Equal(expected[i].GetProperty("clientURLs").EnumerateArray().Select(u => u.GetString()), list.Members[i].ClientUrls);
            Assert.False(list.Members[i].IsLearner);
        }

        Assert.Equal(["m0", "m1", "m2"], list.Members.Select(m => m.Name).Order());
    }

    [Fact]
    public async Task KvCalls_MatchEtcdctl()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();

        var revision = await client.PutAsync("/registry/pods/a", "1");
        await client.PutAsync("/registry/pods/b", "2");
        await client.PutAsync("/registry/podsx", "not under the prefix");
        await etcd.Etcdctl.PutAsync("/registry/pods/c", "3");

        Assert.Equal("/registry/pods/a\n1\n", await etcd.Etcdctl.CheckedAsync("get", "/registry/pods/a"));
        var one = await client.RangeAsync("/registry/pods/c");
        Assert.Equal("3", Assert.Single(one.Kvs).ValueText);
        var prefix = await client.RangeAsync("/registry/pods/", new EtcdRangeOptions { Prefix = true });
        Assert.Equal(["/registry/pods/a", "/registry/pods/b", "/registry/pods/c"], prefix.Kvs.Select(k => k.KeyText));
        Assert.Equal(revision, prefix.Kvs[0].CreateRevision);
        var keysOnly = await client.RangeAsync("/registry/pods/", new EtcdRangeOptions { Prefix = true, KeysOnly = true, Limit = 2 });
        Assert.True(keysOnly.More);
        Assert.Equal(3, keysOnly.Count);
        Assert.All(keysOnly.Kvs, k => Assert.True(k.Value.IsEmpty));
        var all = await client.RangeAsync("", new EtcdRangeOptions { Prefix = true, CountOnly = true });
        Assert.Equal(4, all.Count);

        Assert.Equal(2, await client.DeleteAsync("/registry/pods/a") + await client.DeleteAsync("/registry/pods/b"));
        Assert.Equal(2, await client.DeleteAsync("/registry/", prefix: true));
        Assert.Equal("", await etcd.Etcdctl.CheckedAsync("get", "--prefix", "/registry/"));
    }

    [Fact]
    public async Task RangePagedAsync_BigPrefix_ReturnsEveryKeyOnceAtOneRevision()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        await EtcdTestClient.LoadAsync(client, "p/", 250, 10);
        await client.PutAsync("q", "outside");
        var revision = (await client.StatusAsync()).Revision;

        var keys = new List<string>();
        await foreach (var kv in client.RangePagedAsync("p/", pageSize: 40))
        {
            keys.Add(kv.KeyText);
            if (keys.Count == 1)
            {
                await client.PutAsync("p/zzz-added-during-paging", "x"); // after the first page: must not show up
            }
        }

        var expected = (await etcd.Etcdctl.CheckedAsync("get", "--prefix", "p/", "--keys-only", "--rev", revision.ToString(CultureInfo.InvariantCulture)))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(250, keys.Count);
        Assert.Equal(expected, keys);
    }

    [Fact]
    public async Task Compaction_OldRevision_IsReportedAsCompactedByRangeAndWatch()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        var first = await client.PutAsync("k", "1");
        await client.PutAsync("k", "2");
        var compactTo = await client.PutAsync("k", "3");

        await client.CompactAsync(compactTo, physical: true);

        var range = await Assert.ThrowsAsync<EtcdRequestException>(() => client.RangeAsync("k", new EtcdRangeOptions { Revision = first }));
        Assert.True(range.IsCompacted);
        Assert.Equal(Grpc.Core.StatusCode.OutOfRange, range.StatusCode);
        Assert.Equal($"{etcd.ClientUrl}: range \"k\": etcdserver: mvcc: required revision has been compacted", range.Message);

        var watch = await Assert.ThrowsAsync<EtcdRequestException>(async () =>
        {
            await foreach (var _ in client.WatchAsync("k", new EtcdWatchOptions { StartRevision = first }))
            {
            }
        });
        Assert.True(watch.IsCompacted);
        Assert.Equal(compactTo, watch.CompactRevision);
        Assert.Contains($"watch \"k\" from revision {first}: required revision has been compacted", watch.Message, StringComparison.Ordinal);

        var again = await Assert.ThrowsAsync<EtcdRequestException>(() => client.CompactAsync(first));
        Assert.True(again.IsCompacted);
    }

    [Fact]
    public async Task WatchAsync_FromRevision_DeliversPutsAndDeletes()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        var start = (await client.StatusAsync()).Revision + 1;
        await client.PutAsync("w/1", "a");
        await etcd.Etcdctl.PutAsync("w/2", "b");
        await client.DeleteAsync("w/1");
        await client.PutAsync("x", "not watched");

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var events = new List<EtcdWatchEvent>();
        await foreach (var response in client.WatchAsync("w/", new EtcdWatchOptions { Prefix = true, StartRevision = start, PrevKv = true }, cts.Token))
        {
            events.AddRange(response.Events);
            if (events.Count >= 3)
            {
                break;
            }
        }

        Assert.Equal([EtcdWatchEventType.Put, EtcdWatchEventType.Put, EtcdWatchEventType.Delete], events.Select(e => e.Type));
        Assert.Equal(["w/1", "w/2", "w/1"], events.Select(e => e.Kv.KeyText));
        Assert.Equal("b", events[1].Kv.ValueText);
        Assert.Equal("a", events[2].PrevKv!.ValueText);
    }

    [Fact]
    public async Task Lease_GrantKeepAliveRevoke_AsEtcdctlSeesIt()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();

        var lease = await client.GrantLeaseAsync(TimeSpan.FromSeconds(30));
        await client.PutAsync("leased", "v", lease.Id);
        var ttl = await client.KeepLeaseAliveOnceAsync(lease.Id);
        var info = await etcd.Etcdctl.CheckedAsync("lease", "timetolive", lease.Id.ToString("x", CultureInfo.InvariantCulture), "--keys");

        Assert.Equal(TimeSpan.FromSeconds(30), lease.Ttl);
        Assert.Equal(TimeSpan.FromSeconds(30), ttl);
        Assert.Contains("granted with TTL(30s)", info, StringComparison.Ordinal);
        Assert.Contains("leased", info, StringComparison.Ordinal);

        await client.RevokeLeaseAsync(lease.Id);

        Assert.Equal("", await etcd.Etcdctl.CheckedAsync("get", "leased"));
        var gone = await Assert.ThrowsAsync<EtcdRequestException>(() => client.KeepLeaseAliveOnceAsync(lease.Id));
        Assert.Contains("lease expired or revoked", gone.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<EtcdRequestException>(() => client.RevokeLeaseAsync(lease.Id));
    }

    [Fact]
    public async Task KeepLeaseAlive_Background_KeepsKeyUntilDisposed()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        var lease = await client.GrantLeaseAsync(TimeSpan.FromSeconds(2));
        await client.PutAsync("alive", "v", lease.Id);

        await using (var keepAlive = client.KeepLeaseAlive(lease))
        {
            await Task.Delay(TimeSpan.FromSeconds(4));
            Assert.False(keepAlive.Completion.IsCompleted);
            Assert.Equal(TimeSpan.FromSeconds(2), keepAlive.LastTtl);
            Assert.Equal("alive\nv\n", await etcd.Etcdctl.CheckedAsync("get", "alive"));
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while ((await client.RangeAsync("alive")).Kvs.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the key must go when the lease is no longer renewed");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Election_CampaignProclaimObserveResign_HandsOverLeadership()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var a = factory.CreateMemberClient();
        using var b = factory.CreateMemberClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var leaseA = await a.GrantLeaseAsync(TimeSpan.FromSeconds(30));
        var leaseB = await b.GrantLeaseAsync(TimeSpan.FromSeconds(30));

        Assert.Null(await a.GetLeaderAsync("backup-agent"));
        var leaderA = await a.CampaignAsync("backup-agent", leaseA.Id, "node-a"u8.ToArray(), cts.Token);
        Assert.Equal("node-a", (await b.GetLeaderAsync("backup-agent"))!.ValueText);
        Assert.Equal(leaseA.Id, leaderA.LeaseId);
        Assert.Contains("backup-agent/", await etcd.Etcdctl.CheckedAsync("get", "--prefix", "backup-agent", "--keys-only"),
            StringComparison.Ordinal);

        await using var observed = b.ObserveLeaderAsync("backup-agent", cts.Token).GetAsyncEnumerator(cts.Token);
        Assert.True(await observed.MoveNextAsync());
        Assert.Equal("node-a", observed.Current.ValueText);

        await a.ProclaimAsync(leaderA, "node-a v2"u8.ToArray());
        Assert.True(await observed.MoveNextAsync());
        Assert.Equal("node-a v2", observed.Current.ValueText);

        var campaignB = b.CampaignAsync("backup-agent", leaseB.Id, "node-b"u8.ToArray(), cts.Token);
        await Task.Delay(500);
        Assert.False(campaignB.IsCompleted, "b must wait while a leads");

        await a.ResignAsync(leaderA);
        var leaderB = await campaignB;
        Assert.Equal(leaseB.Id, leaderB.LeaseId);
        Assert.True(await observed.MoveNextAsync());
        Assert.Equal("node-b", observed.Current.ValueText);
        Assert.Equal("node-b", (await a.GetLeaderAsync("backup-agent"))!.ValueText);
    }
}

/// <summary>The etcd integration tests run one at a time: they start etcd processes and measure timeouts on 2 shared cores.</summary>
[CollectionDefinition(Name)]
public sealed class EtcdSerial
{
    public const string Name = "etcd";
}
