using System.Text;
using System.Text.Json;
using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Formats.Tests.Membership;

public sealed class V2StoreJsonTests
{
    [Fact]
    public void Build_TwoMemberLab_SizeAndShapeOfEtcdctlOutput()
    {
        var members = new[]
        {
            new Member(1217559445178419400, "m2", ["http://127.0.0.1:31482"]),
            new Member(4533251393063798923, "m1", ["http://127.0.0.1:31480"]),
        };

        var json = Encoding.UTF8.GetString(V2StoreJson.Build(members));

        Assert.Equal(6988, json.Length);
        Assert.StartsWith("""{"Root":{"Path":"/","CreatedIndex":0,"ModifiedIndex":0,"ExpireTime":"0001-01-01T00:00:00Z","Value":"","Children":{"0":""", json, StringComparison.Ordinal);
        Assert.Contains("""{"action":"create","node":{"key":"/0/members/10e5a3dd4ec808c8/raftAttributes","value":"{\"peerURLs\":[\"http://127.0.0.1:31482\"]}","modifiedIndex":1,"createdIndex":1}}""", json, StringComparison.Ordinal);
        Assert.EndsWith("""],"Size":2,"Front":0,"Back":2,"Capacity":1000},"StartIndex":1,"LastIndex":2}},"CurrentIndex":2,"Stats":{"getsSuccess":0,"getsFail":0,"setsSuccess":0,"setsFail":0,"deleteSuccess":0,"deleteFail":0,"updateSuccess":0,"updateFail":0,"createSuccess":2,"createFail":0,"compareAndSwapSuccess":0,"compareAndSwapFail":0,"compareAndDeleteSuccess":0,"compareAndDeleteFail":0,"expireCount":0,"watchers":0},"CurrentVersion":2}""", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HexIdsOfDifferentLength_ChildrenSortedAsStrings()
    {
        // 0x0f04... prints as 15 digits and sorts after 0x95... as a string, though it is smaller as a number.
        var members = new[]
        {
            new Member(0x0f04fee8f7912ffd, "c", ["http://127.0.0.1:32380"]),
            new Member(0x95b389e6b91bccda, "a", ["http://127.0.0.1:12380"]),
        };

        using var doc = JsonDocument.Parse(V2StoreJson.Build(members));

        var children = doc.RootElement.GetProperty("Root").GetProperty("Children").GetProperty("0").GetProperty("Children")
            .GetProperty("members").GetProperty("Children").EnumerateObject().Select(p => p.Name);
        Assert.Equal(["95b389e6b91bccda", "f04fee8f7912ffd"], children);
        var indexOfSmallest = doc.RootElement.GetProperty("Root").GetProperty("Children").GetProperty("0").GetProperty("Children")
            .GetProperty("members").GetProperty("Children").GetProperty("f04fee8f7912ffd").GetProperty("CreatedIndex").GetInt32();
        Assert.Equal(1, indexOfSmallest); // created first (ascending ID), printed last
    }

    [Fact]
    public void Build_MoreMembersThanHistorySlots_RingBufferWraps()
    {
        var members = Enumerable.Range(1, 1003).Select(i => new Member((ulong)i, $"m{i}", [$"http://h:{i}"])).ToList();

        using var doc = JsonDocument.Parse(V2StoreJson.Build(members));

        var history = doc.RootElement.GetProperty("WatcherHub").GetProperty("EventHistory");
        var queue = history.GetProperty("Queue");
        Assert.Equal(1000, queue.GetProperty("Size").GetInt32());
        Assert.Equal(3, queue.GetProperty("Front").GetInt32());
        Assert.Equal(3, queue.GetProperty("Back").GetInt32());
        Assert.Equal(4, history.GetProperty("StartIndex").GetInt32());
        Assert.Equal(1003, history.GetProperty("LastIndex").GetInt32());
        Assert.Equal(1001, queue.GetProperty("Events")[0].GetProperty("node").GetProperty("createdIndex").GetInt32());
    }
}
