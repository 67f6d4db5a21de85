using EtcdSnap.Core.Restore;
using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Core.Tests.Restore;

public sealed class RestoreClusterTests
{
    private static RestoreOptions Options(Func<RestoreOptions, RestoreOptions>? change = null)
    {
        var options = new RestoreOptions { SnapshotPath = "unused.db", DataDir = "unused.etcd" };
        return change is null ? options : change(options);
    }

    [Fact]
    public void Resolve_Defaults_EtcdIdsForTheDefaultMember()
    {
        // etcd-formats.md 5.2: etcdctl 3.4.23 derives these for the default flags.
        var c = RestoreCluster.Resolve(Options());

        Assert.Equal("8e9e05c52164694d", c.Cluster.Local.HexId);
        Assert.Equal(0xcdf818194e3a8c32UL, c.Cluster.ClusterId);
        Assert.Single(c.States);
    }

    [Fact]
    public void Resolve_NameWithoutInitialCluster_OneMemberClusterOfItsAdvertisedUrls()
    {
        var c = RestoreCluster.Resolve(Options(o => o with { Name = "solo", InitialAdvertisePeerUrls = "http://10.0.0.1:2380,http://10.0.0.2:2380" }));

        var member = Assert.Single(c.Cluster.Members);
        Assert.Equal("solo", member.Name);
        Assert.Equal(["http://10.0.0.1:2380", "http://10.0.0.2:2380"], member.PeerUrls);
    }

    [Fact]
    public void Resolve_AllMembers_OneStatePerMemberWithIdenticalDbEdits()
    {
        var c = RestoreCluster.Resolve(Options(o => o with
        {
            AllMembers = true,
            InitialCluster = "m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482,m3=http://127.0.0.1:31484",
            InitialClusterToken = "tok1",
        }));

        Assert.Equal(["m1", "m2", "m3"], c.States.Select(s => s.Cluster.Local.Name));
        Assert.Single(c.States.Select(s => s.Cluster.ClusterId).Distinct());
        Assert.Equal(3, c.States.Select(s => s.Metadata.NodeId).Distinct().Count());
        // The db does not depend on the local member (etcd adds every member and sets the index to N).
        Assert.All(c.States, s => Assert.Equal(
            c.States[0].DbEdits.Select(e => (e.Kind, e.Bucket, Hex(e.Key), Hex(e.Value))),
            s.DbEdits.Select(e => (e.Kind, e.Bucket, Hex(e.Key), Hex(e.Value)))));
        // Everything but the WAL metadata is shared: the .snap bytes are identical.
        Assert.Single(c.States.Select(s => Convert.ToHexString(s.SnapFileBytes)).Distinct());
    }

    [Fact]
    public void Resolve_EtcdVectorForTwoMembers_IdsMatchEtcdctl()
    {
        // etcd-formats.md 5.2, verified against etcdctl 3.4.23.
        var c = RestoreCluster.Resolve(Options(o => o with
        {
            Name = "m1",
            InitialAdvertisePeerUrls = "http://127.0.0.1:31480",
            InitialCluster = "m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482",
            InitialClusterToken = "tok1",
        }));

        Assert.Equal(4533251393063798923UL, c.Cluster.Local.Id);
        Assert.Equal(9815385688532696095UL, c.Cluster.ClusterId);
    }

    [Theory]
    [InlineData(5UL, false)]
    [InlineData(0UL, true)]
    public void Resolve_BumpWithoutMarkCompactedOrTheReverse_EtcdutlMessage(ulong bump, bool markCompacted)
    {
        var e = Assert.Throws<ClusterConfigurationException>(() =>
            RestoreCluster.Resolve(Options(o => o with { BumpRevision = bump, MarkCompacted = markCompacted })));

        Assert.Equal("--mark-compacted required if --revision-bump > 0", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Resolve_AllMembersWithWalDir_Refused()
    {
        var e = Assert.Throws<ClusterConfigurationException>(() =>
            RestoreCluster.Resolve(Options(o => o with { AllMembers = true, WalDir = "/tmp/wal" })));

        Assert.Contains("--wal-dir cannot be combined with --all-members", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".")]
    public void Resolve_AllMembersWithNameThatIsNotADirectoryName_Refused(string name)
    {
        var e = Assert.Throws<ClusterConfigurationException>(() =>
            RestoreCluster.Resolve(Options(o => o with { AllMembers = true, InitialCluster = $"{name}=http://127.0.0.1:2380" })));

        Assert.Contains("cannot be used as a directory name", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NameNotInCluster_EtcdMessage()
    {
        var e = Assert.Throws<ClusterConfigurationException>(() =>
            RestoreCluster.Resolve(Options(o => o with { Name = "x", InitialCluster = "a=http://127.0.0.1:2380" })));

        Assert.Equal("couldn't find local name \"x\" in the initial cluster configuration", e.Message);
    }

    [Theory]
    [InlineData(null, WalSnapshotForm.WithConfState, true, false)]
    [InlineData(EtcdTarget.V36, WalSnapshotForm.WithConfState, true, false)]
    [InlineData(EtcdTarget.V35, WalSnapshotForm.WithConfState, true, true)]
    [InlineData(EtcdTarget.V34, WalSnapshotForm.WithoutConfState, false, true)]
    public void Resolve_TargetVersion_WalFormTermAndStorageVersion(EtcdTarget? target, WalSnapshotForm form, bool writesTerm, bool dropsStorageVersion)
    {
        var c = RestoreCluster.Resolve(Options(o => o with { TargetVersion = target }));

        Assert.Equal(form, c.StateOptions.SnapshotForm);
        Assert.Equal(writesTerm, c.DbEdits.Any(e => e.Kind == DbEditKind.Put && e.Bucket == "meta" && "term"u8.SequenceEqual(e.Key)));
        Assert.Equal(dropsStorageVersion, RestoreDbPlan.DropsStorageVersion(c.DbEdits));
    }

    [Fact]
    public void Bump_TooLarge_RefusedAsBadFlag()
    {
        Assert.Throws<ClusterConfigurationException>(() => RestoreDbPlan.Bump(new Formats.Mvcc.Revision(10, 0), long.MaxValue - 5));
        Assert.Equal(new Formats.Mvcc.Revision(1_000_000_010, 0), RestoreDbPlan.Bump(new Formats.Mvcc.Revision(10, 3), 1_000_000_000));
        Assert.Equal(new Formats.Mvcc.Revision(7, 0), RestoreDbPlan.Bump(null, 7));
    }

    private static string Hex(byte[]? b) => b is null ? "-" : Convert.ToHexString(b);
}
