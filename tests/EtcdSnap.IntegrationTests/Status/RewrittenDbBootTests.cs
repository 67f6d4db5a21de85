using System.Buffers.Binary;
using EtcdSnap.Core.Node;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Status;

/// <summary>
/// etcd 3.4.23 boots on a data dir made by <c>etcdctl snapshot restore</c> whose db was replaced by our rewritten db,
/// and serves every key of the snapshot.
/// </summary>
[Collection(LoadedEtcdGroup.Name)]
public sealed class RewrittenDbBootTests(LoadedEtcdSnapshots source)
{
    private const long Bump = 1_000_000;

    [Fact]
    public async Task Boot_RestoredDirWithOurRewrittenDb_ServesEveryKeyAtBumpedRevision()
    {
        // Given: a data dir restored by etcdctl, and the consistent index it wrote.
        using var temp = new TempDirectory("rewrite-boot");
        var peerPort = LoopbackPorts.Next();
        var peerUrl = $"http://127.0.0.1:{peerPort}";
        var dataDir = temp.Combine("m1.etcd");
        var restore = await Etcdctl.OfflineAsync("snapshot", "restore", source.SnapshotPath, "--name", "m1", "--data-dir", dataDir,
            "--initial-cluster", $"m1={peerUrl}", "--initial-cluster-token", "rewrite-boot", "--initial-advertise-peer-urls", peerUrl);
        restore.EnsureSuccess("etcdctl snapshot restore");
        var db = Path.Combine(dataDir, "member", "snap", "db");
        EtcdMetaValues restoredMeta;
        List<KeyValuePair<byte[], byte[]>> restoredMembers = [];
        using (var restored = BboltFile.Open(db))
        {
            restoredMeta = EtcdMetaValues.Read(restored);
            restored.ForEach(BucketNames.Members, (k, v, _) => { restoredMembers.Add(new(k.ToArray(), v.ToArray())); return true; });
        }

        // When: we rewrite the original snapshot with the restore edits (3.5 style, plus --bump-revision and
        // --mark-compacted) and put it in place of etcdctl's db.
        Revision latest;
        using (var snapshot = BboltFile.Open(source.SnapshotPath))
        {
            Assert.True(Revision.TryParseKey(snapshot.GetLastKey(BucketNames.Key), out latest, out _));
        }

        var bumped = new Revision(latest.Main + Bump, 0);
        var plan = new BboltEditPlan()
            .ReplaceBucket(BucketNames.Members, restoredMembers)
            .ReplaceBucket(BucketNames.MembersRemoved, [])
            .Put(BucketNames.Meta, MetaKeys.ConsistentIndex, U64(restoredMeta.ConsistentIndex!.Value))
            .Put(BucketNames.Meta, MetaKeys.Term, U64(1))
            .Put(BucketNames.Meta, MetaKeys.ScheduledCompactRevision, bumped.ToKey())
            .Put(BucketNames.Key, bumped.ToKey(), []);
        var rewritten = db + ".new";
        var result = BboltRewriter.Rewrite(source.SnapshotPath, new FileInfo(source.SnapshotPath).Length - SnapshotTrailer.Length,
            rewritten, plan);
        Assert.Equal(SnapshotTrailer.ReadDigest(source.SnapshotPath), result.SourceSha256);
        File.Move(rewritten, db, overwrite: true);
        var status = await Etcdctl.OfflineAsync("snapshot", "status", "-w", "json", db);
        status.EnsureSuccess("etcdctl snapshot status of the rewritten db");

        // Then: etcd boots on it and serves exactly the keys the source member served, at the bumped revision.
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions
        {
            Name = "m1",
            DataDir = dataDir,
            PeerPort = peerPort,
            InitialClusterToken = "rewrite-boot",
        });
        var expected = LoadedEtcdSnapshots.KeyValues(await File.ReadAllTextAsync(source.LiveKeysPath), out _);
        var actual = LoadedEtcdSnapshots.KeyValues(await etcd.Etcdctl.CheckedAsync("get", "", "--prefix", "-w", "json"), out var revision);
        Assert.True(expected.Count > 30_000);
        Assert.Equal(expected, actual);
        Assert.Equal(bumped.Main, revision);

        await etcd.Etcdctl.PutAsync("/after/restore", "new");
        LoadedEtcdSnapshots.KeyValues(await etcd.Etcdctl.CheckedAsync("get", "/after/restore", "-w", "json"), out var afterWrite);
        Assert.Equal(bumped.Main + 1, afterWrite);
        var old = await etcd.Etcdctl.RunAsync(["get", "/registry/pods/ns-a/pod-000001", "--rev", latest.Main.ToString(
            System.Globalization.CultureInfo.InvariantCulture)]);
        Assert.Contains("compacted", old.Stderr + old.Stdout, StringComparison.Ordinal);
    }

    private static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }
}
