using System.Text;

namespace EtcdSnap.Formats.Membership;

/// <summary>
/// The v2 store that etcd's restore saves as the data of the raft snapshot (<c>.snap</c>): the membership tree
/// under <c>/0/members</c>, serialized as <c>v2store.store.Save()</c> does (etcd <c>etcdserver/api/v2store</c>:
/// store.go, node.go, event_history.go, event_queue.go, stats.go).
/// </summary>
/// <remarks>
/// Byte-identical to etcdctl 3.4.23 (and, by source, etcdutl 3.5): members are created in ascending-ID order, member
/// k getting store index k; node fields in Go struct order (<c>Path, CreatedIndex, ModifiedIndex, ExpireTime, Value,
/// Children</c>) with children sorted by key as strings; the watcher hub's event history is a ring of 1000 slots.
/// etcd 3.6 creates members in Go map order instead, so its indexes may differ; any order is accepted at boot.
/// </remarks>
public static class V2StoreJson
{
    /// <summary>Slots in the v2 store's event history ring (<c>newWatchHub(1000)</c>).</summary>
    public const int EventHistoryCapacity = 1000;

    /// <summary>The store version etcd writes (<c>defaultVersion</c>).</summary>
    public const int StoreVersion = 2;

    // Go's zero time.Time, which v2store uses for "never expires" (Permanent).
    private const string PermanentExpireTime = "0001-01-01T00:00:00Z";

    /// <summary>Serializes the store holding <paramref name="members"/>, created in the order given.</summary>
    /// <param name="members">The members; etcd's restore passes them sorted by ascending ID.</param>
    public static byte[] Build(IReadOnlyList<Member> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        var memberDirs = new SortedDictionary<string, Node>(StringComparer.Ordinal);
        var events = new List<(string Key, string Value, ulong Index)>();
        ulong index = 0;
        foreach (var member in members)
        {
            index++;
            var dir = $"/0/members/{member.HexId}";
            var key = $"{dir}/raftAttributes";
            var value = Encoding.UTF8.GetString(MemberJson.SerializeRaftAttributes(member));
            var leaf = new Node(key, index, value, Children: null);
            memberDirs[member.HexId] = new Node(dir, index, "", new SortedDictionary<string, Node>(StringComparer.Ordinal)
            {
                ["raftAttributes"] = leaf,
            });
            events.Add((key, value, index));
        }

        var clusterDir = new SortedDictionary<string, Node>(StringComparer.Ordinal);
        if (members.Count > 0)
        {
            clusterDir["members"] = new Node("/0/members", 1, "", memberDirs);
        }

        var root = new Node("/", 0, "", new SortedDictionary<string, Node>(StringComparer.Ordinal)
        {
            ["0"] = new Node("/0", 0, "", clusterDir),
            ["1"] = new Node("/1", 0, "", new SortedDictionary<string, Node>(StringComparer.Ordinal)),
        });

        var w = new GoJsonWriter(7000 + (800 * members.Count));
        w.Raw("{"u8).Name("Root");
        WriteNode(w, root);
        w.Raw(","u8).Name("WatcherHub").Raw("{"u8).Name("EventHistory");
        WriteEventHistory(w, events);
        w.Raw("}"u8);
        w.Raw(","u8).Name("CurrentIndex").Number(index);
        w.Raw(","u8).Name("Stats");
        WriteStats(w, createSuccess: (ulong)members.Count);
        w.Raw(","u8).Name("CurrentVersion").Number(StoreVersion);
        return w.Raw("}"u8).ToArray();
    }

    private static void WriteNode(GoJsonWriter w, Node node)
    {
        w.Raw("{"u8).Name("Path").String(node.Path);
        w.Raw(","u8).Name("CreatedIndex").Number(node.Index);
        w.Raw(","u8).Name("ModifiedIndex").Number(node.Index);
        w.Raw(","u8).Name("ExpireTime").String(PermanentExpireTime);
        w.Raw(","u8).Name("Value").String(node.Value);
        w.Raw(","u8).Name("Children");
        if (node.Children is null)
        {
            w.Raw("null"u8);
        }
        else
        {
            w.Raw("{"u8);
            var first = true;
            foreach (var (key, child) in node.Children)
            {
                if (!first)
                {
                    w.Raw(","u8);
                }

                first = false;
                w.Name(key);
                WriteNode(w, child);
            }

            w.Raw("}"u8);
        }

        w.Raw("}"u8);
    }

    // eventQueue.insert: write at Back, advance Back; once full, Front advances too (oldest event dropped).
    private static void WriteEventHistory(GoJsonWriter w, List<(string Key, string Value, ulong Index)> events)
    {
        var slots = new (string Key, string Value, ulong Index)?[EventHistoryCapacity];
        int size = 0, front = 0, back = 0;
        ulong startIndex = 0, lastIndex = 0;
        foreach (var e in events)
        {
            slots[back] = e;
            back = (back + 1) % EventHistoryCapacity;
            if (size == EventHistoryCapacity)
            {
                front = (front + 1) % EventHistoryCapacity;
            }
            else
            {
                size++;
            }

            lastIndex = e.Index;
            startIndex = slots[front]!.Value.Index;
        }

        w.Raw("{"u8).Name("Queue").Raw("{"u8).Name("Events").Raw("["u8);
        for (var i = 0; i < EventHistoryCapacity; i++)
        {
            if (i > 0)
            {
                w.Raw(","u8);
            }

            if (slots[i] is not { } e)
            {
                w.Raw("null"u8);
                continue;
            }

            w.Raw("{"u8).Name("action").String("create");
            w.Raw(","u8).Name("node").Raw("{"u8).Name("key").String(e.Key);
            w.Raw(","u8).Name("value").String(e.Value);
            w.Raw(","u8).Name("modifiedIndex").Number(e.Index);
            w.Raw(","u8).Name("createdIndex").Number(e.Index);
            w.Raw("}}"u8);
        }

        w.Raw("]"u8);
        w.Raw(","u8).Name("Size").Number((long)size);
        w.Raw(","u8).Name("Front").Number((long)front);
        w.Raw(","u8).Name("Back").Number((long)back);
        w.Raw(","u8).Name("Capacity").Number((long)EventHistoryCapacity);
        w.Raw("}"u8);
        w.Raw(","u8).Name("StartIndex").Number(startIndex);
        w.Raw(","u8).Name("LastIndex").Number(lastIndex);
        w.Raw("}"u8);
    }

    private static readonly string[] s_statsFields =
    [
        "getsSuccess", "getsFail", "setsSuccess", "setsFail", "deleteSuccess", "deleteFail", "updateSuccess", "updateFail",
        "createSuccess", "createFail", "compareAndSwapSuccess", "compareAndSwapFail", "compareAndDeleteSuccess",
        "compareAndDeleteFail", "expireCount", "watchers",
    ];

    private static void WriteStats(GoJsonWriter w, ulong createSuccess)
    {
        w.Raw("{"u8);
        for (var i = 0; i < s_statsFields.Length; i++)
        {
            if (i > 0)
            {
                w.Raw(","u8);
            }

            w.Name(s_statsFields[i]).Number(s_statsFields[i] == "createSuccess" ? createSuccess : 0UL);
        }

        w.Raw("}"u8);
    }

    // A v2 store node: a directory (Children not null, Value "") or a leaf (Children null). Restore never modifies a
    // node after creating it, so CreatedIndex == ModifiedIndex == Index.
    private sealed record Node(string Path, ulong Index, string Value, SortedDictionary<string, Node>? Children);
}
