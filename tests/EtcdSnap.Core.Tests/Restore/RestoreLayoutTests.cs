using EtcdSnap.Core.Restore;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Restore;

public sealed class RestoreLayoutTests
{
    [Theory]
    [InlineData("")]
    [InlineData("..")]
    public void Prepare_WalDirIsTheDataDirOrAParent_Refused(string relative)
    {
        using var temp = new TempDirectory();
        var dataDir = temp.Combine("data");
        var options = new RestoreOptions { SnapshotPath = "x", DataDir = dataDir, WalDir = Path.GetFullPath(Path.Combine(dataDir, relative)) };

        Assert.Throws<ClusterConfigurationException>(() => RestoreLayout.Prepare(options, RestoreCluster.Resolve(options)));
        Assert.Empty(RestoreAssert.Listing(temp.Path));
    }

    [Fact]
    public void Prepare_AllMembers_OneStagedDataDirPerMemberUnderTheParent()
    {
        using var temp = new TempDirectory();
        var options = new RestoreOptions
        {
            SnapshotPath = "x",
            DataDir = temp.Combine("restored"),
            AllMembers = true,
            InitialCluster = "a=http://10.0.0.1:2380,b=http://10.0.0.2:2380",
        };

        using var layout = RestoreLayout.Prepare(options, RestoreCluster.Resolve(options));

        Assert.Equal([temp.Combine("restored", "a"), temp.Combine("restored", "b")], layout.Members.Select(m => m.DataDir).Order(StringComparer.Ordinal));
        Assert.All(layout.Members, m => Assert.Equal(Path.Combine(m.DataDir, "member", "wal"), m.WalDir));
        Assert.All(layout.Members, m => Assert.Contains(StagedDirectory.StagingMarker, m.StagedDataDir, StringComparison.Ordinal));
        Assert.False(Directory.Exists(temp.Combine("restored")));
    }

    [Fact]
    public void Dispose_WithoutCommit_LeavesNothing()
    {
        using var temp = new TempDirectory();
        var options = new RestoreOptions { SnapshotPath = "x", DataDir = temp.Combine("d", "data"), WalDir = temp.Combine("w", "wal") };

        using (RestoreLayout.Prepare(options, RestoreCluster.Resolve(options)))
        {
            Assert.NotEmpty(RestoreAssert.Listing(temp.Path));
        }

        Assert.Empty(RestoreAssert.Listing(temp.Path));
    }
}
