namespace EtcdSnap.Etcd;

/// <summary>What one member says about itself (<c>etcdctl endpoint status</c>).</summary>
/// <param name="Endpoint">The endpoint that answered, as the user wrote it.</param>
/// <param name="Version">Server version, e.g. <c>3.4.23</c>.</param>
/// <param name="DbSize">Size of the backend db file in bytes; a snapshot is this size plus the 32-byte sha256.</param>
/// <param name="DbSizeInUse">Bytes of the db actually in use (the rest is free pages).</param>
/// <param name="LeaderId">Member ID of the leader this member knows of; 0 when it knows none.</param>
/// <param name="MemberId">This member's ID.</param>
/// <param name="ClusterId">The cluster's ID.</param>
/// <param name="RaftIndex">Last raft log index this member has.</param>
/// <param name="RaftTerm">Current raft term.</param>
/// <param name="RaftAppliedIndex">Last raft index applied to the key-value store.</param>
/// <param name="Revision">Current key-value store revision.</param>
/// <param name="IsLearner">True for a learner (non-voting) member.</param>
/// <param name="Errors">Alarms and errors the member reports (e.g. <c>NOSPACE</c>), empty when healthy.</param>
public sealed record EtcdMemberStatus(
    string Endpoint,
    string Version,
    long DbSize,
    long DbSizeInUse,
    ulong LeaderId,
    ulong MemberId,
    ulong ClusterId,
    ulong RaftIndex,
    ulong RaftTerm,
    ulong RaftAppliedIndex,
    long Revision,
    bool IsLearner,
    IReadOnlyList<string> Errors)
{
    /// <summary>True when this member is the leader.</summary>
    public bool IsLeader => LeaderId != 0 && LeaderId == MemberId;
}
