using EtcdSnap.Core.Restore;
using EtcdSnap.Etcd;
using EtcdSnap.IntegrationTests.Etcd;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Restore;

/// <summary>
/// Snapshot of a loaded etcd 3.4 → our restore → etcd 3.4.23 on the result: every key with every MVCC field and every
/// lease is the source's, writes work, a restart keeps them; with a bump, revisions continue above the old head and
/// older ones are compacted.
/// </summary>
[Collection(RestoreSourceGroup.Name)]
public sealed class RestoreBootTests(RestoreSourceData source)
{
    [Theory]
    [InlineData(null)]
    [InlineData("3.4")]
    public async Task Restore_LoadedSnapshot_Etcd34ServesEveryKeyAndLeaseTakesWritesAndRestarts(string? target)
    {
        // Given the loaded snapshot restored through the CLI
        using var temp = new TempDirectory("restore-boot");
        var member = TestMember.New("r1");
        var cluster = TestMember.Cluster([member]);
        var dataDir = temp.Combine("r1.etcd");
        string[] args = ["restore", source.SnapshotPath, "--data-dir", dataDir, "--name", "r1", "--initial-cluster", cluster,
            "--initial-advertise-peer-urls", member.PeerUrl, "--initial-cluster-token", "boot", "-o", "json"];
        using var json = (await RestoreHarness.CliOkAsync(target is null ? args : [.. args, "--target-version", target])).Json();
        Assert.Equal(source.Revision, json.RootElement.GetProperty("revision").GetInt64());
        var memberId = json.RootElement.GetProperty("members")[0].GetProperty("id").GetString();

        // When etcd 3.4 starts on it
        var etcd = await RestoreHarness.StartAsync(member, dataDir, cluster, "boot");
        try
        {
            // Then it is the member we computed, at the source's revision, with every key, revision, version and lease
            using (var factory = EtcdTestClient.Factory(etcd, commandTimeout: TimeSpan.FromSeconds(30)))
            using (var client = factory.CreateMemberClient())
            {
                var status = await client.StatusAsync();
                Assert.Equal(memberId, status.MemberId.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
                var keys = await RestoreSourceData.ReadAllAsync(client);
                Assert.True(keys.Count > RestoreSourceData.SmallKeys - 1000, $"{keys.Count} keys");
                Assert.Equal(source.Keys, keys);
                Assert.Equal(source.Revision, await RestoreSourceData.RevisionAsync(etcd));
                Assert.Equal(source.Leases, await RestoreSourceData.LeasesAsync(etcd));

                // and it takes writes (the next revision) that survive a restart
                Assert.Equal(source.Revision + 1, await client.PutAsync("/after/restore", "written"));
                await client.DeleteAsync("/registry/pods/ns-001/pod-000001");
            }

            await etcd.StopAsync();
            await etcd.DisposeAsync();
            etcd = await RestoreHarness.StartAsync(member, dataDir, cluster, "boot");
            using (var factory = EtcdTestClient.Factory(etcd, commandTimeout: TimeSpan.FromSeconds(30)))
            using (var client = factory.CreateMemberClient())
            {
                var after = await client.RangeAsync("/after/restore");
                Assert.Equal("written", Assert.Single(after.Kvs).ValueText);
                Assert.Equal(source.Revision + 2, after.Revision);
                Assert.Empty((await client.RangeAsync("/registry/pods/ns-001/pod-000001")).Kvs);
                Assert.Equal(source.Keys.Count, (await RestoreSourceData.ReadAllAsync(client)).Count);
            }
        }
        finally
        {
            await etcd.DisposeAsync();
        }
    }

    [Fact]
    public async Task Restore_BumpRevisionMarkCompacted_RevisionsAboveOldHeadAndOldOnesCompacted()
    {
        const long Bump = 1_000_000;
        using var temp = new TempDirectory("restore-bump");
        var member = TestMember.New("b1");
        var cluster = TestMember.Cluster([member]);
        var dataDir = temp.Combine("b1.etcd");
        using var json = (await RestoreHarness.CliOkAsync("restore", source.SnapshotPath, "--data-dir", dataDir, "--name", "b1",
            "--initial-cluster", cluster, "--initial-advertise-peer-urls", member.PeerUrl, "--bump-revision", "1000000",
            "--mark-compacted", "-o", "json")).Json();
        Assert.Equal(source.Revision + Bump, json.RootElement.GetProperty("bumpedRevision").GetInt64());

        await using var etcd = await RestoreHarness.StartAsync(member, dataDir, cluster, "etcd-cluster");
        using var factory = EtcdTestClient.Factory(etcd, commandTimeout: TimeSpan.FromSeconds(30));
        using var client = factory.CreateMemberClient();

        // The store continues at old head + N; the next write is above it.
        Assert.Equal(source.Revision + Bump, await RestoreSourceData.RevisionAsync(etcd));
        Assert.Equal(source.Revision + Bump + 1, await client.PutAsync("/after/bump", "x"));
        // Data is unchanged (the placeholder revision holds no key).
        Assert.Equal(source.Keys, (await RestoreSourceData.ReadAllAsync(client)).Where(k => k.Key != "/after/bump").ToList());

        // A read or a watch from the old head is answered "compacted", as an informer resuming would be.
        var read = await Assert.ThrowsAsync<EtcdRequestException>(() =>
            client.RangeAsync("/registry/pods/ns-000/pod-000000", new EtcdRangeOptions { Revision = source.Revision }));
        Assert.True(read.IsCompacted, read.Message);
        var watch = await Assert.ThrowsAsync<EtcdRequestException>(async () =>
        {
            await foreach (var _ in client.WatchAsync("/registry/", new EtcdWatchOptions { Prefix = true, StartRevision = source.Revision }))
            {
            }
        });
        Assert.True(watch.IsCompacted, watch.Message);
        var etcdctl = await etcd.Etcdctl.RunAsync(["get", "/big/20000", "--rev", source.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Contains("required revision has been compacted", etcdctl.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_CancelledMidCopy_NothingLeftBehind()
    {
        using var temp = new TempDirectory("restore-cancel");
        using var cts = new CancellationTokenSource();
        long cancelledAt = 0;
        var progress = new InlineProgress<RestoreProgress>(p =>
        {
            if (p.Step == RestoreStep.WriteDb && p.Total > 0 && !cts.IsCancellationRequested)
            {
                cancelledAt = p.Done;
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SnapshotRestorer.RestoreAsync(
            new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = temp.Combine("c.etcd") }, progress, cts.Token));

        // Cancelled after the first 64 MiB chunk of a ~110 MB db, and the parent is as it was.
        Assert.InRange(new FileInfo(source.SnapshotPath).Length, 100_000_000, long.MaxValue);
        Assert.InRange(cancelledAt, 0, new FileInfo(source.SnapshotPath).Length - 1);
        Assert.Empty(RestoreHarness.Listing(temp.Path));
    }
}
