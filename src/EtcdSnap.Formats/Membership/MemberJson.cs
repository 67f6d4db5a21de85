namespace EtcdSnap.Formats.Membership;

/// <summary>
/// The JSON forms of a member that etcd stores: the whole member (ConfChange context, <c>members</c> bucket value)
/// and its raft attributes (v2 store <c>raftAttributes</c> value).
/// </summary>
/// <remarks>
/// Go field order and omitempty rules of etcd's <c>Member</c> struct (<c>etcdserver/api/membership/member.go</c>):
/// <c>id</c> (number), <c>peerURLs</c> (always), <c>isLearner</c> (only when true), <c>name</c> (when not empty),
/// <c>clientURLs</c> (when not empty). Example:
/// <c>{"id":4533251393063798923,"peerURLs":["http://127.0.0.1:31480"],"name":"m1"}</c>.
/// </remarks>
public static class MemberJson
{
    /// <summary><c>json.Marshal(member)</c>.</summary>
    public static byte[] Serialize(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var w = new GoJsonWriter();
        w.Raw("{"u8).Name("id").Number(member.Id);
        w.Raw(","u8).Name("peerURLs").StringArray(member.PeerUrls);
        if (member.IsLearner)
        {
            w.Raw(","u8).Name("isLearner").Bool(true);
        }

        if (member.Name.Length > 0)
        {
            w.Raw(","u8).Name("name").String(member.Name);
        }

        if (member.ClientUrls.Count > 0)
        {
            w.Raw(","u8).Name("clientURLs").StringArray(member.ClientUrls);
        }

        return w.Raw("}"u8).ToArray();
    }

    /// <summary><c>json.Marshal(member.RaftAttributes)</c>: <c>{"peerURLs":[...]}</c> plus <c>"isLearner":true</c> for learners.</summary>
    public static byte[] SerializeRaftAttributes(Member member)
    {
        ArgumentNullException.ThrowIfNull(member);
        var w = new GoJsonWriter();
        w.Raw("{"u8).Name("peerURLs").StringArray(member.PeerUrls);
        if (member.IsLearner)
        {
            w.Raw(","u8).Name("isLearner").Bool(true);
        }

        return w.Raw("}"u8).ToArray();
    }
}
