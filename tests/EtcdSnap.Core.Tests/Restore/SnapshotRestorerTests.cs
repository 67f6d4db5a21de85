using System.Buffers.Binary;
using System.Text.Json;
using EtcdSnap.Core.Restore;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Formats.Wal;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Restore;

/// <summary>What a restore writes, checked file by file against the snapshot real etcd made and against etcdctl's
/// own <c>snapshot status</c>. Booting etcd on the result is in the integration tests.</summary>
[Collection(RestoreSnapshotsGroup.Name)]
public sealed class SnapshotRestorerTests(RestoreSnapshots source)
{
    private static readonly string[] s_editedBuckets = ["members", "members_removed", "meta"];

    [Fact]
    public async Task RestoreAsync_Defaults_SnapshotDbWithMembershipAndIndexReplaced()
    {
        using var temp = new TempDirectory();
        var dataDir = temp.Combine("default.etcd");

        var result = await SnapshotRestorer.RestoreAsync(new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = dataDir });

        // The db: every bucket but the edited three is the snapshot's, entry for entry.
        var db = Path.Combine(dataDir, "member", "snap", "db");
        var before = RestoreAssert.Dump(source.SnapshotPath);
        var after = RestoreAssert.Dump(db);
        foreach (var bucket in before.Keys.Except(s_editedBuckets))
        {
            Assert.Equal(before[bucket], after[bucket]);
        }

        Assert.Equal(["38653965303563353231363436393464=" + Hex(
            """{"id":10276657743932975437,"peerURLs":["http://localhost:2380"],"name":"default"}""")], after["members"]);
        Assert.Empty(after["members_removed"]);
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64BigEndian(RestoreAssert.Get(db, "meta", "consistent_index")));
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64BigEndian(RestoreAssert.Get(db, "meta", "term")));
        Assert.Equal(
            before["meta"].Where(e => !e.StartsWith(Hex("consistent_index"), StringComparison.Ordinal)),
            after["meta"].Where(e => !e.StartsWith(Hex("consistent_index"), StringComparison.Ordinal) && !e.StartsWith(Hex("term") + "=", StringComparison.Ordinal)));

        // bbolt's check passes, ours and etcdctl's; the revision and key count are the snapshot's.
        using (var written = BboltFile.Open(db))
        {
            Assert.Empty(BboltChecker.Check(written));
        }

        var status = await EtcdctlStatusAsync(db);
        var sourceStatus = await EtcdctlStatusAsync(source.SnapshotPath);
        Assert.Equal(sourceStatus.Revision, status.Revision);
        Assert.Equal(sourceStatus.Revision, result.Revision);
        Assert.Equal(sourceStatus.TotalKey, result.TotalKey);
        Assert.Equal(new FileInfo(db).Length, result.DbSize);

        // The WAL and the .snap: the member and cluster etcd derives for the defaults.
        var wal = WalReader.ReadAll(Path.Combine(dataDir, "member", "wal"));
        Assert.Equal(0x8e9e05c52164694dUL, wal.Metadata!.NodeId);
        Assert.Equal(0xcdf818194e3a8c32UL, wal.Metadata.ClusterId);
        Assert.Equal(1UL, wal.HardState.Commit);
        Assert.NotNull(wal.Snapshots[^1].ConfState);
        Assert.Equal(WalWriter.DefaultSegmentSizeBytes, new FileInfo(wal.Segments[0].Path).Length);
        var state = RestoredMemberState.Create(BootstrapCluster.Create(new BootstrapOptions()));
        Assert.Equal(state.SnapFileBytes, File.ReadAllBytes(Path.Combine(dataDir, "member", "snap", state.SnapFileName)));
        Assert.Equal(["0000000000000001-0000000000000001.snap", "db"],
            Directory.GetFiles(Path.Combine(dataDir, "member", "snap")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        RestoreAssert.PrivateModes(dataDir);

        // The result says what happened.
        Assert.Equal(Convert.ToHexStringLower(SnapshotTrailer.ReadDigest(source.SnapshotPath)), result.Sha256);
        Assert.True(result.HadTrailer);
        Assert.True(result.TrailerVerified);
        Assert.Equal("8e9e05c52164694d", Assert.Single(result.Members).HexId);
        Assert.Equal(dataDir, result.Members[0].DataDir);
        Assert.Null(result.BumpedRevision);
        Assert.Equal(["d default.etcd", "d default.etcd/member", "d default.etcd/member/snap", "d default.etcd/member/wal"],
            RestoreAssert.Listing(temp.Path).Where(l => l.StartsWith("d ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RestoreAsync_TargetVersion34_WalIsEtcdctl34FormAndNoTermWritten()
    {
        using var temp = new TempDirectory();
        var dataDir = temp.Combine("m.etcd");
        var options = new RestoreOptions
        {
            SnapshotPath = source.SnapshotPath,
            DataDir = dataDir,
            Name = "m1",
            InitialAdvertisePeerUrls = "http://127.0.0.1:31480",
            InitialCluster = "m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482",
            InitialClusterToken = "tok1",
            TargetVersion = EtcdTarget.V34,
        };

        await SnapshotRestorer.RestoreAsync(options);

        var expected = RestoredMemberState.Create(BootstrapCluster.Create(new BootstrapOptions
        {
            Name = "m1",
            InitialAdvertisePeerUrls = "http://127.0.0.1:31480",
            InitialCluster = "m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482",
            InitialClusterToken = "tok1",
            Target = EtcdTarget.V34,
        }), new MemberStateOptions { Target = EtcdTarget.V34, SnapshotForm = WalSnapshotForm.WithoutConfState });
        var segment = File.ReadAllBytes(Path.Combine(dataDir, "member", "wal", "0000000000000000-0000000000000000.wal"));
        Assert.Equal(expected.WalSegmentData, segment[..expected.WalSegmentData.Length]);
        Assert.True(segment.AsSpan(expected.WalSegmentData.Length).IndexOfAnyExcept((byte)0) < 0);
        var db = Path.Combine(dataDir, "member", "snap", "db");
        Assert.Null(RestoreAssert.Get(db, "meta", "term"));
        Assert.Equal(2UL, BinaryPrimitives.ReadUInt64BigEndian(RestoreAssert.Get(db, "meta", "consistent_index")));
    }

    [Fact]
    public async Task RestoreAsync_BumpAndMarkCompacted_PlaceholderAboveLatestAndCompactionScheduled()
    {
        using var temp = new TempDirectory();
        var dataDir = temp.Combine("bumped.etcd");

        var result = await SnapshotRestorer.RestoreAsync(new RestoreOptions
        {
            SnapshotPath = source.SnapshotPath,
            DataDir = dataDir,
            BumpRevision = 1_000_000_000,
            MarkCompacted = true,
        });

        var db = Path.Combine(dataDir, "member", "snap", "db");
        Assert.Equal(result.Revision + 1_000_000_000, result.BumpedRevision);
        var bumped = new Revision(result.BumpedRevision!.Value, 0).ToKey();
        using (var written = BboltFile.Open(db))
        {
            Assert.Equal(bumped, written.GetLastKey(BucketNames.Key));
            Assert.Empty(Assert.IsType<byte[]>(written.Get(BucketNames.Key, bumped)));
            Assert.Equal(bumped, written.Get(BucketNames.Meta, MetaKeys.ScheduledCompactRevision));
            Assert.Empty(BboltChecker.Check(written));
        }

        Assert.Equal(result.BumpedRevision, (await EtcdctlStatusAsync(db)).Revision);
    }

    [Fact]
    public async Task RestoreAsync_AllMembers_OneDataDirPerMemberSameDbDifferentWalMetadata()
    {
        using var temp = new TempDirectory();
        var parent = temp.Combine("restored");
        var cluster = "a=http://127.0.0.1:41380,b=http://127.0.0.1:41382,c=http://127.0.0.1:41384";

        var result = await SnapshotRestorer.RestoreAsync(new RestoreOptions
        {
            SnapshotPath = source.SnapshotPath,
            DataDir = parent,
            AllMembers = true,
            InitialCluster = cluster,
            InitialClusterToken = "all",
        });

        Assert.Equal(["a", "b", "c"], Directory.GetDirectories(parent).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.All(result.Members, m => Assert.Equal(Path.Combine(parent, m.Name), m.DataDir));
        var dbs = result.Members.Select(m => File.ReadAllBytes(Path.Combine(m.DataDir!, "member", "snap", "db"))).ToList();
        Assert.All(dbs, d => Assert.Equal(dbs[0], d));
        foreach (var m in result.Members)
        {
            // Each member's WAL names itself; the IDs equal a separate restore with --name.
            var single = RestoreCluster.Resolve(new RestoreOptions
            {
                SnapshotPath = "x",
                DataDir = "x",
                Name = m.Name,
                InitialAdvertisePeerUrls = m.PeerUrls[0],
                InitialCluster = cluster,
                InitialClusterToken = "all",
            });
            var wal = WalReader.ReadAll(Path.Combine(m.DataDir!, "member", "wal"));
            Assert.Equal(single.Cluster.Local.Id, wal.Metadata!.NodeId);
            Assert.Equal(single.Cluster.ClusterId, wal.Metadata.ClusterId);
            RestoreAssert.PrivateModes(m.DataDir!);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(parent));
    }

    [Fact]
    public async Task RestoreAsync_SeparateWalDir_WalOnlyThere()
    {
        using var temp = new TempDirectory();
        var dataDir = temp.Combine("data", "m.etcd");
        var walDir = temp.Combine("fast-disk", "wal");

        var result = await SnapshotRestorer.RestoreAsync(new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = dataDir, WalDir = walDir });

        Assert.Equal(walDir, result.Members[0].WalDir);
        Assert.False(Directory.Exists(Path.Combine(dataDir, "member", "wal")));
        Assert.NotNull(WalReader.ReadAll(walDir).Metadata);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(temp.Combine("fast-disk")));
        Assert.DoesNotContain(RestoreAssert.Listing(temp.Path), l => l.Contains(StagedDirectory.StagingMarker, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestoreAsync_WalDirInsideDataDir_BuiltWithTheDataDir()
    {
        using var temp = new TempDirectory();
        var dataDir = temp.Combine("m.etcd");

        await SnapshotRestorer.RestoreAsync(new RestoreOptions
        {
            SnapshotPath = source.SnapshotPath,
            DataDir = dataDir,
            WalDir = Path.Combine(dataDir, "wal"),
        });

        Assert.NotNull(WalReader.ReadAll(Path.Combine(dataDir, "wal")).Metadata);
        Assert.Equal(["member", "wal"], Directory.GetDirectories(dataDir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RestoreAsync_RawDbWithSkipHashCheck_RestoredWithoutHashing()
    {
        using var temp = new TempDirectory();
        var dataDir = temp.Combine("raw.etcd");

        var result = await SnapshotRestorer.RestoreAsync(new RestoreOptions { SnapshotPath = source.RawDbPath, DataDir = dataDir, SkipHashCheck = true });

        Assert.False(result.HadTrailer);
        Assert.False(result.TrailerVerified);
        Assert.Null(result.Sha256);
        var db = Path.Combine(dataDir, "member", "snap", "db");
        Assert.Equal(RestoreAssert.Dump(source.RawDbPath)["key"], RestoreAssert.Dump(db)["key"]);
        await EtcdctlStatusAsync(db);
    }

    [Fact]
    public async Task RestoreAsync_SkipHashCheckOnASnapshot_TrailerStrippedNotVerified()
    {
        using var temp = new TempDirectory();
        var dataDir = temp.Combine("skip.etcd");

        var result = await SnapshotRestorer.RestoreAsync(new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = dataDir, SkipHashCheck = true });

        Assert.True(result.HadTrailer);
        Assert.False(result.TrailerVerified);
        Assert.Equal(0, new FileInfo(Path.Combine(dataDir, "member", "snap", "db")).Length % 4096);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("db")]
    public async Task RestoreAsync_PinnedHashOfFileOrOfDb_Accepted(string kind)
    {
        using var temp = new TempDirectory();
        var pinned = kind == "file"
            ? Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(source.SnapshotPath)))
            : Convert.ToHexStringLower(SnapshotTrailer.ReadDigest(source.SnapshotPath));

        var result = await SnapshotRestorer.RestoreAsync(new RestoreOptions
        {
            SnapshotPath = source.SnapshotPath,
            DataDir = temp.Combine("pinned.etcd"),
            ExpectedSha256 = pinned,
        });

        Assert.True(result.PinnedHashMatched);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(EtcdTarget.V36, true)]
    [InlineData(EtcdTarget.V35, false)]
    [InlineData(EtcdTarget.V34, false)]
    public async Task RestoreAsync_SnapshotWith36StorageVersion_KeptOrDroppedByTarget(EtcdTarget? target, bool kept)
    {
        using var temp = new TempDirectory();
        var snapshot = SyntheticSnapshots.WithMeta(source.SnapshotPath, temp.Combine("v36.db"), ("storageVersion", "3.6.0"u8.ToArray()));
        var dataDir = temp.Combine("v36.etcd");

        var result = await SnapshotRestorer.RestoreAsync(new RestoreOptions { SnapshotPath = snapshot, DataDir = dataDir, TargetVersion = target });

        var stored = RestoreAssert.Get(Path.Combine(dataDir, "member", "snap", "db"), "meta", "storageVersion");
        Assert.Equal(kept ? "3.6.0"u8.ToArray() : null, stored);
        Assert.Equal(!kept, result.StorageVersionDropped);
    }

    [Fact]
    public async Task RestoreAsync_SnapshotWith35MetaKeys_TermResetConfStateKept()
    {
        // A 3.5 server's db carries the old cluster's term and ConfState; 3.5/3.6 restore force term 1 and leave ConfState.
        using var temp = new TempDirectory();
        var confState = """{"voters":[12345],"auto_leave":false}"""u8.ToArray();
        var snapshot = SyntheticSnapshots.WithMeta(source.SnapshotPath, temp.Combine("v35.db"),
            ("term", [0, 0, 0, 0, 0, 0, 0, 7]), ("confState", confState));
        var dataDir = temp.Combine("v35.etcd");

        await SnapshotRestorer.RestoreAsync(new RestoreOptions { SnapshotPath = snapshot, DataDir = dataDir });

        var db = Path.Combine(dataDir, "member", "snap", "db");
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64BigEndian(RestoreAssert.Get(db, "meta", "term")));
        Assert.Equal(confState, RestoreAssert.Get(db, "meta", "confState"));
    }

    [Fact]
    public async Task RestoreAsync_PinnedHashNotHex_ArgumentError()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => SnapshotRestorer.RestoreAsync(
            new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = "unused", ExpectedSha256 = "abc" }));
        Assert.False(Directory.Exists("unused"));
    }

    [Fact]
    public async Task RestoreAsync_Progress_EveryStepInOrderWithByteCounts()
    {
        using var temp = new TempDirectory();
        var reports = new List<RestoreProgress>();
        var progress = new SyncProgress<RestoreProgress>(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        });

        var result = await SnapshotRestorer.RestoreAsync(
            new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = temp.Combine("p.etcd") }, progress);

        var steps = reports.Select(r => r.Step).Distinct().ToList();
        Assert.Equal([RestoreStep.ResolveCluster, RestoreStep.PrepareTargets, RestoreStep.CheckSnapshot, RestoreStep.WriteDb,
            RestoreStep.VerifyHash, RestoreStep.WriteWalAndSnap, RestoreStep.Commit], steps);
        // Byte counts: the db part of the file; done is what is both copied and hashed (may still be 0 on a small file).
        var dbLength = new FileInfo(source.SnapshotPath).Length - 32;
        Assert.Contains(reports, r => r.Step == RestoreStep.WriteDb && r.Total == dbLength);
        Assert.All(reports.Where(r => r.Total > 0), r => Assert.InRange(r.Done, 0, r.Total));
        Assert.Equal(steps, result.Steps.Select(s => s.Step));
    }

    private static async Task<(long Revision, long TotalKey)> EtcdctlStatusAsync(string path)
    {
        var r = await Etcdctl.OfflineAsync("snapshot", "status", "-w", "json", path);
        r.EnsureSuccess("etcdctl snapshot status " + path);
        using var doc = JsonDocument.Parse(r.Stdout);
        return (doc.RootElement.GetProperty("revision").GetInt64(), doc.RootElement.GetProperty("totalKey").GetInt64());
    }

    private static string Hex(string s) => Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(s));
}

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (no sync context needed).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
