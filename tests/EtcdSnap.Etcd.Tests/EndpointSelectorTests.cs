
namespace EtcdSnap.Etcd.Tests;

/// <summary>The choice rule alone; the network side runs against a real 3-member cluster in the integration tests.</summary>
public sealed class EndpointSelectorTests
{
    private static EndpointStatusResult Up(string url, ulong member, ulong leader, long revision, ulong applied = 0, ulong term = 2) =>
        new(EtcdEndpoint.Parse(url, false), new EtcdMemberStatus(url, "3.4.23", 1, 1, leader, member, 7, applied, term, applied,
            revision, false, []), null);

    private static EndpointStatusResult Down(string url, string why) =>
        new(EtcdEndpoint.Parse(url, false), null, new EtcdUnavailableException($"{url}: {why}") { Endpoint = url });

    [Fact]
    public void Choose_LeaderAnswered_PicksLeader()
    {
        var selection = EndpointSelector.Choose([Up("127.0.0.1:1", 1, 2, 10), Up("127.0.0.1:2", 2, 2, 9), Up("127.0.0.1:3", 3, 2, 11)]);

        Assert.Equal(EndpointChoice.Leader, selection.Choice);
        Assert.Equal("127.0.0.1:2", selection.Endpoint.Text);
        Assert.Equal("127.0.0.1:2 is the leader (member 2)", selection.Reason);
        Assert.Equal(3, selection.All.Count);
    }

    [Fact]
    public void Choose_LeaderDown_PicksHighestRevision()
    {
        var selection = EndpointSelector.Choose([Up("127.0.0.1:1", 1, 2, 10), Down("127.0.0.1:2", "connection refused"), Up("127.0.0.1:3", 3, 2, 12)]);

        Assert.Equal(EndpointChoice.HighestRevision, selection.Choice);
        Assert.Equal("127.0.0.1:3", selection.Endpoint.Text);
        Assert.Equal("127.0.0.1:3 has the highest revision (12) of 2 answering members; the leader (member 2) did not answer", selection.Reason);
        Assert.Equal("127.0.0.1:2: connection refused", selection.All[1].Error!.Message);
    }

    [Fact]
    public void Choose_EqualRevisions_PrefersMostAppliedThenOrderGiven()
    {
        Assert.Equal("127.0.0.1:2", EndpointSelector.Choose([Up("127.0.0.1:1", 1, 0, 5, applied: 8), Up("127.0.0.1:2", 2, 0, 5, applied: 9)]).Endpoint.Text);
        Assert.Equal("127.0.0.1:1", EndpointSelector.Choose([Up("127.0.0.1:1", 1, 0, 5), Up("127.0.0.1:2", 2, 0, 5)]).Endpoint.Text);
    }

    [Fact]
    public void Choose_TwoClaimLeadership_PicksHigherTerm()
    {
        var selection = EndpointSelector.Choose([Up("127.0.0.1:1", 1, 1, 10, term: 3), Up("127.0.0.1:2", 2, 2, 10, term: 4)]);

        Assert.Equal("127.0.0.1:2", selection.Endpoint.Text);
    }

    [Fact]
    public void Choose_NoneAnswered_ListsEveryCauseOnOneLine()
    {
        var e = Assert.Throws<EtcdUnavailableException>(() => EndpointSelector.Choose(
            [Down("127.0.0.1:1", "connection refused"), Down("127.0.0.1:2", "no answer within 2s (dial timeout)")]));

        Assert.Equal("none of the 2 endpoints answered: 127.0.0.1:1: connection refused; 127.0.0.1:2: no answer within 2s (dial timeout)",
            e.Message);
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void Choose_OnlyEndpointDown_KeepsItsMessage()
    {
        var e = Assert.Throws<EtcdUnavailableException>(() => EndpointSelector.Choose([Down("127.0.0.1:1", "connection refused")]));

        Assert.Equal("127.0.0.1:1: connection refused", e.Message);
        Assert.Equal("127.0.0.1:1", e.Endpoint);
    }
}
