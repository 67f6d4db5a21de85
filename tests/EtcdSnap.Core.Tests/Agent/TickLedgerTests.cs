using EtcdSnap.Core.Agent;
using EtcdSnap.Core.Backups;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Core.Tests.Agent;

public sealed class TickLedgerTests
{
    [Fact]
    public void Format_Parse_RoundTripToTheSecond()
    {
        var tick = new DateTimeOffset(2026, 11, 27, 14, 0, 2, TimeSpan.Zero);

        Assert.Equal("2026-11-27T14:00:02Z", TickLedger.Format(tick));
        Assert.Equal(tick, TickLedger.Parse(TickLedger.Format(tick)));
        Assert.Null(TickLedger.Parse("yesterday"));
        Assert.Null(TickLedger.Parse(null));
    }

    [Fact]
    public void LatestInRepository_OnlyThisGroupsLabelledBackups_Newest()
    {
        var backups = new[]
        {
            Manifest("a", "2026-11-27T12:00:00Z", "prod"),
            Manifest("b", "2026-11-27T18:00:00Z", "other"),
            Manifest("c", "2026-11-27T06:00:00Z", "prod"),
            Manifest("d", null, "prod"),
        };

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), TickLedger.LatestInRepository(backups, "prod"));
        Assert.Null(TickLedger.LatestInRepository(backups, "nobody"));
    }

    [Fact]
    public void Keys_UnderOurPrefixPerGroup()
    {
        Assert.Equal("/etcdsnap/agent/prod/last-tick", TickLedger.Key("prod"));
        Assert.Equal("/etcdsnap/agent/prod/leader", TickLedger.ElectionName("prod"));
    }

    private static BackupManifest Manifest(string id, string? tick, string election)
    {
        var labels = new Dictionary<string, string> { [BackupLabels.Election] = election };
        if (tick is not null)
        {
            labels[BackupLabels.Tick] = tick;
        }

        return new BackupManifest
        {
            Id = id,
            CreatedAt = DateTimeOffset.UnixEpoch,
            DbSize = 1,
            Sha256 = new string('0', 64),
            SnapshotObject = "snapshot.db",
            StoredSize = 1,
            Compression = "none",
            Encryption = "none",
            ToolVersion = "test",
            Labels = labels,
        };
    }
}
