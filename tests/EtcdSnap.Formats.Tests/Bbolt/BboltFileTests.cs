using System.Buffers.Binary;
using System.Text;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Formats.Tests.Support;
using EtcdSnap.Testing;

namespace EtcdSnap.Formats.Tests.Bbolt;

public sealed class BboltFileTests
{
    private static readonly string[] s_etcdBuckets =
        ["alarm", "auth", "authRoles", "authUsers", "cluster", "key", "lease", "members", "members_removed", "meta"];

    [Fact]
    public void Open_EtcdSnapshot_SelectsHigherTxidMeta()
    {
        using var db = BboltFile.Open(Fixtures.VariedSnapshot);

        // Tx.WriteTo writes txid T into page 0 and T-1 into page 1 (etcd-formats.md 1.2).
        Assert.Equal(4096, db.PageSize);
        Assert.NotNull(db.Meta0);
        Assert.NotNull(db.Meta1);
        Assert.Equal(db.Meta0!.TxId, db.Meta1!.TxId + 1);
        Assert.Same(db.Meta0, db.Meta);
        Assert.False(db.Meta.HasFreelist); // etcd on Linux: NoFreelistSync
        Assert.Equal(db.FileLength - 32, db.Meta.DataLength);
        Assert.False(db.IsTruncated);
    }

    [Fact]
    public void GetBucketNames_EtcdDb_ListsEtcdBucketsInByteOrder()
    {
        using var db = BboltFile.Open(Fixtures.VariedRaw);

        var names = db.GetBucketNames().Select(n => Encoding.ASCII.GetString(n)).ToArray();

        Assert.Equal(s_etcdBuckets, names);
    }

    [Fact]
    public void ForEach_KeyBucket_YieldsRevisionsInStrictOrder()
    {
        using var db = BboltFile.Open(Fixtures.VariedSnapshot);
        var previous = Array.Empty<byte>();
        var count = 0;
        var sawOverflowValue = false;

        var found = db.ForEach(BucketNames.Key, (key, value, isBucket) =>
        {
            Assert.False(isBucket);
            Assert.True(key.SequenceCompareTo(previous) > 0);
            Assert.True(Revision.TryParseKey(key, out _, out _));
            Assert.True(MvccKeyValue.TryParse(value, out var kv));
            sawOverflowValue |= kv.Value.Length > 100_000;
            previous = key.ToArray();
            count++;
            return true;
        });

        Assert.True(found);
        Assert.True(count > 3000);
        Assert.True(sawOverflowValue);
    }

    [Fact]
    public void ForEach_StartKey_BeginsAtFirstKeyNotBelowIt()
    {
        using var db = BboltFile.Open(Fixtures.VariedSnapshot);
        var all = new List<byte[]>();
        db.ForEach(BucketNames.Key, (k, _, _) => { all.Add(k.ToArray()); return true; });
        var start = all[1234];
        var fromStart = new List<byte[]>();

        db.ForEach(BucketNames.Key, start, (k, _, _) => { fromStart.Add(k.ToArray()); return fromStart.Count < 10; });

        Assert.Equal(all.Skip(1234).Take(10), fromStart);
    }

    [Fact]
    public void Get_MetaConsistentIndex_ReturnsEightByteValue()
    {
        using var db = BboltFile.Open(Fixtures.VariedSnapshot);

        var value = db.Get(BucketNames.Meta, MetaKeys.ConsistentIndex);

        Assert.NotNull(value);
        Assert.Equal(8, value!.Length);
        Assert.True(BinaryPrimitives.ReadUInt64BigEndian(value) > 30);
        Assert.Null(db.Get(BucketNames.Meta, "no-such-key"u8));
        Assert.Null(db.Get("no-such-bucket"u8, "x"u8));
        Assert.False(db.ForEach("no-such-bucket"u8, (_, _, _) => true));
    }

    [Fact]
    public void EtcdMetaValues_Read_FindsConsistentIndexAndCompaction()
    {
        using var db = BboltFile.Open(Fixtures.VariedSnapshot);

        var meta = EtcdMetaValues.Read(db);

        Assert.NotNull(meta.ConsistentIndex);
        Assert.Null(meta.Term); // 3.4 writes no term
        Assert.Null(meta.StorageVersion);
        Assert.NotNull(meta.ScheduledCompactRevision);
        Assert.Equal(meta.ScheduledCompactRevision, meta.FinishedCompactRevision);
        Assert.Empty(meta.Malformed);
    }

    [Fact]
    public void Open_ReadEverything_LeavesFileBytesUnchanged()
    {
        // bbolt requireDBNoChange: a read-only command must not change one byte (etcd PR #8815).
        using var temp = new TempDirectory();
        var path = Fixtures.CopyTo(Fixtures.VariedSnapshot, temp.Path);
        var before = Fixtures.Sha256(path);
        var mtime = File.GetLastWriteTimeUtc(path);

        using (var db = BboltFile.Open(path))
        {
            Assert.Empty(BboltChecker.Check(db));
            foreach (var bucket in db.GetBucketNames())
            {
                db.ForEach(bucket, (_, _, _) => true);
            }
        }

        Assert.Equal(before, Fixtures.Sha256(path));
        Assert.Equal(mtime, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void Open_FileLockedExclusivelyByWriter_IsRefused()
    {
        // A running etcd holds an exclusive flock on its db; we must not read it while it changes.
        using var temp = new TempDirectory();
        var path = Fixtures.CopyTo(Fixtures.SmallSnapshot, temp.Path);
        using var writer = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        Assert.Throws<IOException>(() => BboltFile.Open(path));
    }

    [Fact]
    public void Open_ConcurrentReaders_AreAllowed()
    {
        using var first = BboltFile.Open(Fixtures.SmallSnapshot);
        using var second = BboltFile.Open(Fixtures.SmallSnapshot);

        Assert.Equal(first.Meta, second.Meta);
    }
}
