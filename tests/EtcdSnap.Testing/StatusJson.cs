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
                h.GetProperty("cluster_id").GetUInt64(),
                h.GetProperty("member_id").GetUInt64(),
                h.GetProperty("revision").GetInt64(),
                h.GetProperty("raft_term").GetUInt64(),
                s.GetProperty("version").GetString()!,
                s.GetProperty("dbSize").GetInt64(),
                s.TryGetProperty("dbSizeInUse", out var inUse) ? inUse.GetInt64() : 0,
                s.GetProperty("leader").GetUInt64(),
                s.GetProperty("raftIndex").GetUInt64(),
                s.TryGetProperty("raftAppliedIndex", out var applied) ? applied.GetUInt64() : 0,
                s.TryGetProperty("isLearner", out var learner) && learner.GetBoolean()));
        }

        return list;
    }
}
