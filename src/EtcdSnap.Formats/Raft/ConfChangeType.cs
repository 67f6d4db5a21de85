namespace EtcdSnap.Formats.Raft;

/// <summary>raftpb.ConfChangeType.</summary>
public enum ConfChangeType
{
    /// <summary>Add a voting member (the only type restore writes).</summary>
    AddNode = 0,

    /// <summary>Remove a member.</summary>
    RemoveNode = 1,

    /// <summary>Update a member's attributes.</summary>
    UpdateNode = 2,

    /// <summary>Add a learner.</summary>
    AddLearnerNode = 3,
}
