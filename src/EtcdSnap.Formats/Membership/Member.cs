namespace EtcdSnap.Formats.Membership;

/// <summary>A cluster member as etcd's membership code holds it (etcd <c>etcdserver/api/membership/member.go</c>).</summary>
/// <param name="Id">The member ID (<see cref="MemberIds.ComputeMemberId"/>).</param>
/// <param name="Name">The human-readable name (<c>--name</c>); empty until a member publishes one.</param>
/// <param name="PeerUrls">Canonical peer URLs, sorted.</param>
public sealed record Member(ulong Id, string Name, IReadOnlyList<string> PeerUrls)
{
    /// <summary>Whether the member is a raft learner (never true after a restore).</summary>
    public bool IsLearner { get; init; }

    /// <summary>Client URLs; empty until the member publishes them (restore never sets them).</summary>
    public IReadOnlyList<string> ClientUrls { get; init; } = [];

    /// <summary>The ID as etcd prints it, e.g. in the <c>members</c> bucket and v2 store paths.</summary>
    public string HexId => MemberIds.ToHex(Id);
}
