namespace EtcdSnap.Etcd;

/// <summary>One entry of <c>etcdctl member list</c>.</summary>
/// <param name="Id">Member ID.</param>
/// <param name="Name">Member name; empty for a member that was added but has not started yet.</param>
/// <param name="PeerUrls">Peer URLs.</param>
/// <param name="ClientUrls">Client URLs; empty until the member started.</param>
/// <param name="IsLearner">True for a learner (non-voting) member.</param>
public sealed record EtcdMember(ulong Id, string Name, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls, bool IsLearner);

/// <summary>The cluster's members as one member sees them.</summary>
/// <param name="ClusterId">The cluster's ID.</param>
/// <param name="MemberId">ID of the member that answered.</param>
/// <param name="RaftTerm">Raft term of the answering member.</param>
/// <param name="Members">All members, in the server's order.</param>
public sealed record EtcdMemberList(ulong ClusterId, ulong MemberId, ulong RaftTerm, IReadOnlyList<EtcdMember> Members);
