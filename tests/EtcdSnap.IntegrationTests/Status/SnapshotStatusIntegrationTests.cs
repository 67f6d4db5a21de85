using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Snapshot;

namespace EtcdSnap.IntegrationTests.Status;

/// <summary>Our status equals <c>etcdctl snapshot status -w json</c> on real etcd data, for a snapshot and a raw db.</summary>
[Collection(LoadedEtcdGroup.Name)]
public sealed class SnapshotStatusIntegrationTests(LoadedEtcdSnapshots etcd)
{
    [Fact]
    public async Task Compute_SnapshotFromEtcdctlSave_EqualsEtcdctlStatus()
    {
        var expected = await LoadedEtcdSnapshots.EtcdctlStatusAsync(etcd.SnapshotPath);

        var status = SnapshotStatusCalculator.Compute(etcd.SnapshotPath);

        Assert.Empty(status.Findings);
        Assert.Equal(expected, (status.Hash, status.Revision, status.TotalKey, status.TotalSize));
        Assert.True(status.TotalKey > 30_000);
    }

    [Fact]
    public async Task Compute_RawDbOfStoppedMember_EqualsEtcdctlStatus()
    {
        var expected = await LoadedEtcdSnapshots.EtcdctlStatusAsync(etcd.RawDbPath);

        var status = SnapshotStatusCalculator.Compute(etcd.RawDbPath);

        Assert.Empty(status.Findings);
        Assert.Equal(expected, (status.Hash, status.Revision, status.TotalKey, status.TotalSize));
        Assert.False(status.Facts.HasTrailer);
    }

    [Fact]
    public void Verify_SnapshotTrailer_MatchesAndCheckerIsClean()
    {
        SnapshotTrailer.Verify(etcd.SnapshotPath).ThrowIfMismatch();
        using var db = BboltFile.Open(etcd.SnapshotPath);

        Assert.Empty(BboltChecker.Check(db));
        Assert.True(db.Meta.HighWaterMark > 100);
    }
}
