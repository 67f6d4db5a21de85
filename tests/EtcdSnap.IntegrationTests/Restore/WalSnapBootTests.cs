using EtcdSnap.Core.Node;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Formats.Raft;
using EtcdSnap.Formats.Wal;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Restore;

/// <summary>
/// Real etcd 3.4.23 boots from data dirs whose WAL and <c>.snap</c> we wrote. The db comes from
/// <c>etcdctl snapshot restore</c> for the same flags (its bbolt edits are not ours to test here); we replace
/// <c>member/wal</c> and <c>member/snap/*.snap</c> with our own, in the 3.5/3.6 form (conf_state in the last WAL
/// snapshot record), which etcdctl 3.4 itself would never write.
/// </summary>
public sealed class WalSnapBootTests
{
    private const string Token = "walsnap-it";

    [Fact]
    public async Task SingleMember_OurThreeFiveFormWalAndSnap_Etcd34ServesKeysAndAcceptsWrites()
    {
        // Given a snapshot of a throwaway etcd holding three keys
        using var temp = new TempDirectory();
        var snapshot = await TakeSnapshotAsync(temp, ("/it/a", "1"), ("/it/b", "2"), ("/it/c", "3"));
        var member = NewMember("solo");
        var cluster = $"solo={member.PeerUrl}";

        // ... restored by etcdctl, with our WAL and snap in place of its own
        var dataDir = temp.Combine("solo.etcd");
        var state = await RestoreWithOurWalAndSnapAsync(snapshot, dataDir, member, cluster, new MemberStateOptions());
        Assert.NotNull(state.SnapshotRecord.ConfState);

        // When etcd 3.4 starts on it
        await using var etcd = await StartAsync(member, dataDir, cluster);

        // Then it serves the old keys as the member we computed, and takes new writes
        Assert.Equal("/it/b\n2\n", await etcd.Etcdctl.CheckedAsync("get", "/it/b"));
        await etcd.Etcdctl.PutAsync("/it/d", "4");
        Assert.Equal("/it/d\n4\n", await etcd.Etcdctl.CheckedAsync("get", "/it/d"));
        var members = await etcd.Etcdctl.CheckedAsync("member", "list");
        Assert.StartsWith($"{state.Cluster.Local.HexId}, started, solo, {member.PeerUrl}", members, StringComparison.Ordinal);

        // And after a clean stop our reader follows what etcd appended to our segment
        await etcd.StopAsync();
        var wal = WalReader.ReadAll(Path.Combine(dataDir, "member", "wal"));
        Assert.Equal(state.Metadata, wal.Metadata);
        Assert.True(wal.Entries[^1].Index > state.SnapshotIndex);
        Assert.Contains(wal.Entries, e => e.Type == EntryType.Normal && e.Data is { } d && d.AsSpan().IndexOf("/it/d"u8) >= 0);
        Assert.Null(wal.TornTail);
    }

    [Fact]
    public async Task SingleMember_FlippedBitInOurConfState_Etcd34RefusesToStart()
    {
        // Guards the test above: etcd 3.4 does read and CRC-check the record that carries conf_state.
        using var temp = new TempDirectory();
        var snapshot = await TakeSnapshotAsync(temp, ("/it/k", "v"));
        var member = NewMember("flipped");
        var cluster = $"flipped={member.PeerUrl}";
        var dataDir = temp.Combine("flipped.etcd");
        await RestoreWithOurWalAndSnapAsync(snapshot, dataDir, member, cluster, new MemberStateOptions());
        var walDir = Path.Combine(dataDir, "member", "wal");
        var last = WalReader.ReadAll(walDir, new WalReadOptions { KeepRecords = true }).Records[^1];
        var segment = File.ReadAllBytes(last.Path);
        var autoLeave = (int)last.Offset + 8 + last.Record.ToByteArray().Length - 1; // the "00" of "28 00"
        Assert.Equal(0, segment[autoLeave]);
        segment[autoLeave] = 1;
        File.WriteAllBytes(last.Path, segment);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(member, dataDir, cluster));

        Assert.Contains("crc mismatch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SingleMember_ThreeFourFormShortSegment_Etcd34Boots()
    {
        using var temp = new TempDirectory();
        var snapshot = await TakeSnapshotAsync(temp, ("/it/k", "v"));
        var member = NewMember("short");
        var cluster = $"short={member.PeerUrl}";
        var dataDir = temp.Combine("short.etcd");
        var options = new MemberStateOptions { Target = EtcdTarget.V34, SnapshotForm = WalSnapshotForm.WithoutConfState };

        await RestoreWithOurWalAndSnapAsync(snapshot, dataDir, member, cluster, options, preallocate: false);
        await using var etcd = await StartAsync(member, dataDir, cluster);

        Assert.Equal("/it/k\nv\n", await etcd.Etcdctl.CheckedAsync("get", "/it/k"));
        await etcd.Etcdctl.PutAsync("/it/k2", "v2");
    }

    [Fact]
    public async Task ThreeMembers_AllFromOurWalAndSnap_ElectLeaderAndReplicateWrites()
    {
        // Given one snapshot restored three times, once per member name, each with our WAL and snap
        using var temp = new TempDirectory();
        var snapshot = await TakeSnapshotAsync(temp, ("/it/shared", "before"));
        var members = new[] { NewMember("node-a"), NewMember("node-b"), NewMember("node-c") };
        var cluster = string.Join(',', members.Select(m => $"{m.Name}={m.PeerUrl}"));
        var states = new List<RestoredMemberState>();
        foreach (var m in members)
        {
            states.Add(await RestoreWithOurWalAndSnapAsync(snapshot, temp.Combine(m.Name), m, cluster, new MemberStateOptions()));
        }

        // When all three start together on loopback (a lone member cannot become ready without quorum)
        var started = await Task.WhenAll(members.Select(m => StartAsync(m, temp.Combine(m.Name), cluster)));
        try
        {
            // Then they form one cluster with the IDs we computed, elect a leader and replicate a write
            var list = await started[0].Etcdctl.CheckedAsync("member", "list");
            foreach (var s in states)
            {
                Assert.Contains($"{s.Cluster.Local.HexId}, started, {s.Cluster.Local.Name}, ", list, StringComparison.Ordinal);
            }

            var status = await started[1].Etcdctl.CheckedAsync("endpoint", "status", "--cluster", "-w", "simple");
            Assert.Single(status.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => line.Contains(", true, ", StringComparison.Ordinal));

            Assert.Equal("/it/shared\nbefore\n", await started[2].Etcdctl.CheckedAsync("get", "/it/shared"));
            await started[0].Etcdctl.PutAsync("/it/shared", "after");
            foreach (var etcd in started)
            {
                Assert.Equal("/it/shared\nafter\n", await etcd.Etcdctl.CheckedAsync("get", "/it/shared", "--consistency=s"));
            }
        }
        finally
        {
            foreach (var etcd in started)
            {
                await etcd.DisposeAsync();
            }
        }
    }

    private sealed record MemberPorts(string Name, int ClientPort, int PeerPort)
    {
        public string PeerUrl => $"http://127.0.0.1:{PeerPort}";
    }

    private static MemberPorts NewMember(string name) => new(name, LoopbackPorts.Next(), LoopbackPorts.Next());

    private static async Task<string> TakeSnapshotAsync(TempDirectory temp, params (string Key, string Value)[] keys)
    {
        await using var source = await EtcdProcess.StartAsync(new EtcdProcessOptions { Name = "source" });
        foreach (var (key, value) in keys)
        {
            await source.Etcdctl.PutAsync(key, value);
        }

        var path = temp.Combine("snapshot.db");
        await source.Etcdctl.CheckedAsync("snapshot", "save", path);
        return path;
    }

    // etcdctl restores the db; then its WAL dir and .snap are replaced by ours for the same flags.
    private static async Task<RestoredMemberState> RestoreWithOurWalAndSnapAsync(string snapshot, string dataDir, MemberPorts member,
        string cluster, MemberStateOptions options, bool preallocate = true)
    {
        (await Etcdctl.OfflineAsync("snapshot", "restore", snapshot, "--data-dir", dataDir, "--name", member.Name,
            "--initial-cluster", cluster, "--initial-advertise-peer-urls", member.PeerUrl, "--initial-cluster-token", Token))
            .EnsureSuccess("etcdctl snapshot restore");
        var walDir = Path.Combine(dataDir, "member", "wal");
        var snapDir = Path.Combine(dataDir, "member", "snap");
        var theirs = Directory.GetFiles(snapDir, "*.snap").Single();
        Directory.Delete(walDir, recursive: true);
        File.Delete(theirs);

        var state = RestoredMemberState.Create(BootstrapCluster.Create(new BootstrapOptions
        {
            Name = member.Name,
            InitialCluster = cluster,
            InitialAdvertisePeerUrls = member.PeerUrl,
            InitialClusterToken = Token,
            Target = options.Target,
        }), options);
        var (_, ours) = MemberStateWriter.Write(state, walDir, snapDir, preallocate);
        Assert.Equal(Path.GetFileName(theirs), Path.GetFileName(ours));
        return state;
    }

    private static Task<EtcdProcess> StartAsync(MemberPorts member, string dataDir, string cluster) =>
        EtcdProcess.StartAsync(new EtcdProcessOptions
        {
            Name = member.Name,
            DataDir = dataDir,
            ClientPort = member.ClientPort,
            PeerPort = member.PeerPort,
            InitialCluster = cluster,
            InitialClusterToken = Token,
        }, TimeSpan.FromSeconds(60));
}
