using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Formats.Tests.Membership;

public sealed class BootstrapClusterTests
{
    [Theory]
    [MemberData(nameof(RestoreFixture.ErrorCaseData), MemberType = typeof(RestoreFixture))]
    public void Create_FlagsEtcdctlRejects_ThrowsWithEtcdctlMessage(string name)
    {
        var fixture = RestoreFixture.LoadError(name);

        var e = Assert.Throws<ClusterConfigurationException>(() => BootstrapCluster.Create(fixture.Options(EtcdTarget.V34)));

        Assert.Equal(fixture.Error, e.Message);
    }

    [Fact]
    public void Create_UnixUrlWithoutPort_AcceptedFrom35On()
    {
        var options = new BootstrapOptions
        {
            Name = "m1",
            InitialCluster = "m1=unix:///tmp/etcd.sock",
            InitialAdvertisePeerUrls = "unix:///tmp/etcd.sock",
        };

        Assert.Throws<ClusterConfigurationException>(() => BootstrapCluster.Create(options with { Target = EtcdTarget.V34 }));
        var cluster = BootstrapCluster.Create(options with { Target = EtcdTarget.V35 });
        Assert.Equal(["unix:///tmp/etcd.sock"], cluster.Local.PeerUrls);
    }

    [Theory]
    [InlineData("http://localhost:2380", "8e9e05c52164694d", "cdf818194e3a8c32", "etcd-cluster")]
    [InlineData("http://127.0.0.1:31380", "7834d3427021f171", "a9493dfce212ea5b", "srctok")]
    public void Create_OneMember_EtcdFormatsVectors(string url, string member, string cluster, string token)
    {
        var c = BootstrapCluster.Create(new BootstrapOptions
        {
            Name = "x",
            InitialCluster = $"x={url}",
            InitialAdvertisePeerUrls = url,
            InitialClusterToken = token,
        });

        Assert.Equal(member, c.Local.HexId);
        Assert.Equal(cluster, MemberIds.ToHex(c.ClusterId));
    }

    [Fact]
    public void Create_TwoMembersVector_IdsSortedAscending()
    {
        var c = BootstrapCluster.Create(new BootstrapOptions
        {
            Name = "m2",
            InitialCluster = "m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482",
            InitialAdvertisePeerUrls = "http://127.0.0.1:31482",
            InitialClusterToken = "tok1",
        });

        Assert.Equal([1217559445178419400UL, 4533251393063798923UL], c.Members.Select(m => m.Id));
        Assert.Equal(9815385688532696095UL, c.ClusterId);
        Assert.Equal("m2", c.Local.Name);
    }

    [Fact]
    public void Create_DefaultOptions_IsEtcdctlDefault()
    {
        var c = BootstrapCluster.Create(new BootstrapOptions());

        Assert.Equal("default", c.Local.Name);
        Assert.Equal("8e9e05c52164694d", c.Local.HexId);
    }

    [Fact]
    public void Create_NameGivenButDefaultCluster_FailsLikeEtcdctl()
    {
        var e = Assert.Throws<ClusterConfigurationException>(() => BootstrapCluster.Create(new BootstrapOptions { Name = "m1" }));

        Assert.Equal("couldn't find local name \"m1\" in the initial cluster configuration", e.Message);
    }

    [Fact]
    public void Create_SameUrlsUnderTwoNames_ReportsDuplicateUrlFirst()
    {
        var e = Assert.Throws<ClusterConfigurationException>(() => BootstrapCluster.Create(new BootstrapOptions
        {
            Name = "a",
            InitialCluster = "a=http://h:1,b=http://h:1",
            InitialAdvertisePeerUrls = "http://h:1",
        }));

        Assert.Contains("has duplicate url", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AdvertisedUrlMissing_NamesTheMissingClusterUrl()
    {
        var e = Assert.Throws<ClusterConfigurationException>(() => BootstrapCluster.Create(new BootstrapOptions
        {
            Name = "a",
            InitialCluster = "a=http://h:1,a=http://h:2",
            InitialAdvertisePeerUrls = "http://h:1",
        }));

        Assert.Equal("--initial-cluster has a=http://h:2 but missing from --initial-advertise-peer-urls=http://h:1", e.Message);
    }

    [Fact]
    public void InitialCluster_RepeatedNamesAndEmptyItems_GroupsUrls()
    {
        var map = InitialCluster.Parse(",a=http://h:2,,b=http://g:1,a=http://h:1,");

        Assert.Equal(["a", "b"], map.Members.Select(m => m.Key));
        Assert.Equal(["http://h:1", "http://h:2"], map.UrlsOf("a"));
        Assert.Equal("a=http://h:1,a=http://h:2,b=http://g:1", map.ToString());
        Assert.Null(map.UrlsOf("c"));
    }

    [Fact]
    public void InitialCluster_ItemWithoutEquals_FailsOnEmptyUrl()
    {
        var e = Assert.Throws<ClusterConfigurationException>(() => InitialCluster.Parse("a"));

        Assert.Equal("URL scheme must be http, https, unix, or unixs: ", e.Message);
    }

    [Fact]
    public void PeerUrls_EmptyList_ThrowsNoValidUrls()
    {
        var e = Assert.Throws<ClusterConfigurationException>(() => PeerUrls.Parse([]));

        Assert.Equal("no valid URLs given", e.Message);
    }
}
