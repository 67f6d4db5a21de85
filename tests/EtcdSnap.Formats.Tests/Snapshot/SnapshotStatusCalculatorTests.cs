using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Formats.Tests.Support;

namespace EtcdSnap.Formats.Tests.Snapshot;

public sealed class SnapshotStatusCalculatorTests
{
    public static TheoryData<string> Dbs => new(Fixtures.AllDbs.Select(Path.GetFileName)!);

    // Compatibility canary (etcdutl TestSnapshotStatus): if these change, something backwards-incompatible happened.
    [Theory]
    [MemberData(nameof(Dbs))]
    public void Compute_Fixture_EqualsRecordedEtcdctlStatus(string name)
    {
        var path = Path.Combine(Fixtures.Directory, name);
        var expected = Fixtures.RecordedStatus(path);

        var status = SnapshotStatusCalculator.Compute(path);

        Assert.Empty(status.Findings);
        Assert.True(status.IsConsistent);
        Assert.Equal(expected, new EtcdctlStatus(status.Hash, status.Revision, status.TotalKey, status.TotalSize));
        Assert.Null(status.Version);
    }

    [Fact]
    public void Compute_SnapshotAndRawCopyOfSameDb_GiveSameNumbers()
    {
        var snapshot = SnapshotStatusCalculator.Compute(Fixtures.VariedSnapshot);
        var raw = SnapshotStatusCalculator.Compute(Fixtures.VariedRaw);

        Assert.Equal((snapshot.Hash, snapshot.Revision, snapshot.TotalKey, snapshot.TotalSize),
            (raw.Hash, raw.Revision, raw.TotalKey, raw.TotalSize));
        Assert.True(snapshot.Facts.HasTrailer);
        Assert.False(raw.Facts.HasTrailer);
    }

    [Fact]
    public void Compute_Facts_DescribeTheDb()
    {
        var status = SnapshotStatusCalculator.Compute(Fixtures.VariedSnapshot);
        var facts = status.Facts;

        Assert.Contains("key", facts.Buckets);
        Assert.Contains("meta", facts.Buckets);
        Assert.Equal(status.Revision, facts.LatestRevision!.Value.Main);
        Assert.NotNull(facts.Meta.ConsistentIndex);
        Assert.Equal(4096, facts.PageSize);
        Assert.True(facts.KeyBucketEntries < status.TotalKey);
    }

    [Fact]
    public void Compute_Etcd36Semantics_CountsLiveKeysAsEtcdctlGetDid()
    {
        // etcd 3.6 counts distinct live keys (PR #19344). No 3.6 binary here: the reference is the live key count
        // etcdctl 3.4 reported for the same data just before the save.
        var status = SnapshotStatusCalculator.Compute(Fixtures.VariedSnapshot, StatusSemantics.Etcd36);

        Assert.Equal(Fixtures.RecordedLiveKeys(), status.TotalKey);
        Assert.Equal("", status.Version); // a 3.4 db has no storageVersion
        Assert.Equal(Fixtures.RecordedStatus(Fixtures.VariedSnapshot).Hash, status.Hash);
    }

    [Theory]
    [InlineData("3.6.0", "3.6.0")]
    [InlineData("3.6.1-alpha.0+git", "3.6.1")]
    [InlineData("3.6", "")]
    [InlineData("x.y.z", "")]
    [InlineData(null, "")]
    public void FormatStorageVersion_GoSemverRules(string? stored, string expected) =>
        Assert.Equal(expected, SnapshotStatusCalculator.FormatStorageVersion(stored));

    [Fact]
    public void Check_Fixtures_HaveNoFindings()
    {
        foreach (var path in Fixtures.AllDbs)
        {
            using var db = BboltFile.Open(path);
            Assert.Empty(BboltChecker.Check(db));
        }
    }
}
