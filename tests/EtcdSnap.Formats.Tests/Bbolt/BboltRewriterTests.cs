using System.Buffers.Binary;
using System.Text;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Formats.Tests.Support;
using EtcdSnap.Testing;

namespace EtcdSnap.Formats.Tests.Bbolt;

public sealed class BboltRewriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Target => _temp.Combine("rewritten.db");

    private static long DbLength(string path) => SnapshotTrailer.DbLength(new FileInfo(path).Length);

    private BboltRewriteResult Rewrite(string source, BboltEditPlan plan) =>
        BboltRewriter.Rewrite(source, DbLength(source), Target, plan);

    [Fact]
    public void Rewrite_RestoreStyleEdits_CheckerCleanEtcdctlAgreesAndValuesReadBack()
    {
        // Given the edits a restore makes: members replaced, members_removed emptied, meta index/term set, a
        // --bump-revision placeholder appended after the last revision and scheduledCompactRev pointing at it.
        var source = Fixtures.VariedSnapshot;
        Revision latest;
        using (var db = BboltFile.Open(source))
        {
            Assert.True(Revision.TryParseKey(db.GetLastKey(BucketNames.Key), out latest, out _));
        }

        var bumped = new Revision(latest.Main + 1_000_000, 0);
        var member = "{\"id\":4533251393063798923,\"peerURLs\":[\"http://127.0.0.1:31480\"],\"name\":\"m1\"}"u8.ToArray();
        var plan = new BboltEditPlan()
            .ReplaceBucket(BucketNames.Members, [new("3ee9581fb11cc88b"u8.ToArray(), member)])
            .ReplaceBucket(BucketNames.MembersRemoved, [])
            .Put(BucketNames.Meta, MetaKeys.ConsistentIndex, U64(1))
            .Put(BucketNames.Meta, MetaKeys.Term, U64(1))
            .Delete(BucketNames.Meta, MetaKeys.StorageVersion)
            .Put(BucketNames.Meta, MetaKeys.ScheduledCompactRevision, bumped.ToKey())
            .Put(BucketNames.Key, bumped.ToKey(), []);

        // When
        var result = Rewrite(source, plan);

        // Then: the SHA-256 of the source db equals its trailer; the result is a consistent bbolt file.
        Assert.Equal(SnapshotTrailer.ReadDigest(source), result.SourceSha256);
        Assert.Equal(new FileInfo(Target).Length, result.TargetLength);
        using var rewritten = BboltFile.Open(Target);
        Assert.Empty(BboltChecker.Check(rewritten));
        Assert.False(rewritten.Meta.HasFreelist);
        Assert.Equal(member, rewritten.Get(BucketNames.Members, "3ee9581fb11cc88b"u8));
        Assert.Equal(1, Count(rewritten, BucketNames.Members));
        Assert.Equal(0, Count(rewritten, BucketNames.MembersRemoved));
        var meta = EtcdMetaValues.Read(rewritten);
        Assert.Equal(1UL, meta.ConsistentIndex);
        Assert.Equal(1UL, meta.Term);
        Assert.Equal(bumped, meta.ScheduledCompactRevision);
        Assert.Equal(bumped.ToKey(), rewritten.GetLastKey(BucketNames.Key));
        Assert.Equal([], rewritten.Get(BucketNames.Key, bumped.ToKey())!);
        AssertSameContent(source, Target, "lease", "auth", "alarm", "cluster", "authUsers", "authRoles");
        AssertKeyBucketIsSourcePlus(source, Target, bumped.ToKey());
    }

    [Fact]
    public async Task Rewrite_RestoreStyleEdits_EtcdctlStatusEqualsOurs()
    {
        var plan = new BboltEditPlan()
            .ReplaceBucket(BucketNames.Members, [new("1"u8.ToArray(), "{}"u8.ToArray())])
            .Put(BucketNames.Meta, MetaKeys.ConsistentIndex, U64(7))
            .Put(BucketNames.Key, new Revision(1 << 30, 0).ToKey(), []);
        Rewrite(Fixtures.VariedSnapshot, plan);

        var etcdctl = await Etcdctl.OfflineAsync("snapshot", "status", "-w", "json", Target);
        var ours = SnapshotStatusCalculator.Compute(Target);

        etcdctl.EnsureSuccess("etcdctl snapshot status");
        Assert.Equal(EtcdctlStatus.Parse(etcdctl.Stdout), new EtcdctlStatus(ours.Hash, ours.Revision, ours.TotalKey, ours.TotalSize));
        Assert.Equal(1L << 30, ours.Revision);
    }

    [Fact]
    public async Task Rewrite_ManyInsertsAndDeletesAcrossTheKeyBucket_SplitsPagesAndStaysConsistent()
    {
        // Thousands of new keys spread over the whole key range, plus deletions, force leaf splits, branch rewrites and
        // a taller tree; a new bucket bigger than a quarter page is written as pages, not inline.
        var source = Fixtures.VariedSnapshot;
        var existing = new List<byte[]>();
        using (var db = BboltFile.Open(source))
        {
            db.ForEach(BucketNames.Key, (k, _, _) => { existing.Add(k.ToArray()); return true; });
        }

        var plan = new BboltEditPlan();
        var expected = new SortedDictionary<byte[], byte[]>(Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b)));
        foreach (var k in existing)
        {
            expected[k] = [];
        }

        for (var i = 0; i < existing.Count; i += 3)
        {
            var inserted = existing[i].Concat(new byte[] { (byte)'x' }).ToArray(); // sorts right after existing[i]
            var value = Encoding.ASCII.GetBytes(new string('v', i % 300));
            plan.Put(BucketNames.Key, inserted, value);
            expected[inserted] = value;
        }

        for (var i = 1; i < existing.Count; i += 5)
        {
            plan.Delete(BucketNames.Key, existing[i]);
            expected.Remove(existing[i]);
        }

        for (var i = 0; i < 400; i++)
        {
            plan.Put("extra"u8, Encoding.ASCII.GetBytes($"k{i:D5}"), new byte[i % 50]);
        }

        Rewrite(source, plan);

        using var rewritten = BboltFile.Open(Target);
        Assert.Empty(BboltChecker.Check(rewritten));
        var actual = new List<byte[]>();
        rewritten.ForEach(BucketNames.Key, (k, _, _) => { actual.Add(k.ToArray()); return true; });
        Assert.Equal(expected.Keys, actual);
        Assert.Equal(400, Count(rewritten, "extra"u8));
        Assert.NotEqual(0UL, BinaryPrimitives.ReadUInt64LittleEndian(rewritten.FindBucket("extra"u8)));
        var status = await Etcdctl.OfflineAsync("snapshot", "status", "-w", "json", Target);
        status.EnsureSuccess("etcdctl snapshot status");
    }

    [Fact]
    public void Rewrite_RawDbAndEmptyPlan_CopiesContentWithNewMetas()
    {
        var result = BboltRewriter.Rewrite(Fixtures.VariedRaw, new FileInfo(Fixtures.VariedRaw).Length, Target, new BboltEditPlan(),
            hashSource: false);

        using var source = BboltFile.Open(Fixtures.VariedRaw);
        using var rewritten = BboltFile.Open(Target);
        Assert.Empty(BboltChecker.Check(rewritten));
        Assert.Equal(source.Meta.TxId + 2, rewritten.Meta.TxId);
        Assert.Equal(source.Meta.TxId + 1, rewritten.Meta.PageId == 0 ? rewritten.Meta1!.TxId : rewritten.Meta0!.TxId);
        Assert.Equal(0, result.PagesWritten);
        Assert.Null(result.SourceSha256);
        Assert.Equal(SnapshotStatusCalculator.Compute(Fixtures.VariedRaw).Hash, SnapshotStatusCalculator.Compute(Target).Hash);
    }

    [Fact]
    public void Rewrite_LeavesSourceUnchangedAndTargetPrivate()
    {
        using var temp = new TempDirectory();
        var source = Fixtures.CopyTo(Fixtures.SmallSnapshot, temp.Path);
        var before = Fixtures.Sha256(source);

        Rewrite(source, new BboltEditPlan().Put(BucketNames.Meta, MetaKeys.Term, U64(1)));

        Assert.Equal(before, Fixtures.Sha256(source));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Target));
    }

    [Fact]
    public void Rewrite_Cancelled_LeavesNoTarget()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => BboltRewriter.Rewrite(Fixtures.VariedSnapshot,
            DbLength(Fixtures.VariedSnapshot), Target, new BboltEditPlan(), cancellationToken: cts.Token));
        Assert.False(File.Exists(Target));
    }

    [Fact]
    public void Rewrite_TargetExists_ThrowsAndKeepsIt()
    {
        File.WriteAllText(Target, "keep me");

        Assert.Throws<IOException>(() => Rewrite(Fixtures.SmallSnapshot, new BboltEditPlan()));
        Assert.Equal("keep me", File.ReadAllText(Target));
    }

    [Fact]
    public void Rewrite_SourceShorterThanItsMeta_ThrowsCorruptAndLeavesNoTarget()
    {
        var e = Assert.Throws<CorruptDataException>(() =>
            BboltRewriter.Rewrite(Fixtures.SmallSnapshot, 4096, Target, new BboltEditPlan()));

        Assert.Contains("does not cover", e.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Target));
    }

    private static byte[] U64(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return bytes;
    }

    private static int Count(BboltFile db, ReadOnlySpan<byte> bucket)
    {
        var n = 0;
        db.ForEach(bucket, (_, _, _) => { n++; return true; });
        return n;
    }

    private static List<string> Items(string path, ReadOnlySpan<byte> bucket)
    {
        using var db = BboltFile.Open(path);
        var items = new List<string>();
        db.ForEach(bucket, (k, v, _) => { items.Add(Convert.ToHexString(k) + "=" + Convert.ToHexString(v)); return true; });
        return items;
    }

    private static void AssertSameContent(string a, string b, params string[] buckets)
    {
        foreach (var bucket in buckets)
        {
            Assert.Equal(Items(a, Encoding.ASCII.GetBytes(bucket)), Items(b, Encoding.ASCII.GetBytes(bucket)));
        }
    }

    private static void AssertKeyBucketIsSourcePlus(string source, string target, byte[] appended)
    {
        var expected = Items(source, BucketNames.Key);
        expected.Add(Convert.ToHexString(appended) + "=");
        Assert.Equal(expected, Items(target, BucketNames.Key));
    }
}
