using System.Text.Json;

namespace EtcdSnap.Testing;

/// <summary>One entry of <c>etcdctl endpoint status -w json</c>, the independent reference for status numbers.</summary>
public sealed record StatusJson(
    string Endpoint,
    ulong ClusterId,
    ulong MemberId,
    long Revision,
    ulong RaftTerm,
    string Version,
    long DbSize,
    long DbSizeInUse,
    ulong Leader,
    ulong RaftIndex,
    ulong RaftAppliedIndex,
    bool IsLearner)
{
    /// <summary>Parses etcdctl's JSON array (etcdctl prints 64-bit IDs as JSON numbers; they are read as such).</summary>
    public static IReadOnlyList<StatusJson> Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var list = new List<StatusJson>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var s = e.GetProperty("Status");
            var h = s.GetProperty("header");
            list.Add(new StatusJson(
                e.GetProperty(nameof(Endpoint)).GetString()!,
                UInt64(h, "cluster_id"),
                UInt64(h, "member_id"),
                (long)UInt64(h, "revision"),
                UInt64(h, "raft_term"),
                s.GetProperty("version").GetString()!,
                (long)UInt64(s, "dbSize"),
                (long)UInt64(s, "dbSizeInUse"),
                UInt64(s, "leader"),
                UInt64(s, "raftIndex"),
                UInt64(s, "raftAppliedIndex"),
                s.TryGetProperty("isLearner", out var learner) && learner.GetBoolean()));
        }

        return list;
    }

    // etcdctl's JSON leaves out fields whose value is zero (a member that knows no leader yet has no "leader").
    private static ulong UInt64(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetUInt64() : 0;
}
