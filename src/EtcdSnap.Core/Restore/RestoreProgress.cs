namespace EtcdSnap.Core.Restore;

/// <summary>The named steps of a restore, in the order they run (etcd's Restore, plus our checks).</summary>
public enum RestoreStep
{
    /// <summary>Parse the cluster flags and derive member and cluster IDs (etcd VerifyBootstrap, NewClusterFromURLsMap).</summary>
    ResolveCluster,

    /// <summary>Refuse a non-empty data dir or an existing WAL dir; prepare temporary siblings to build in.</summary>
    PrepareTargets,

    /// <summary>Detect the trailer and run bbolt's structure check over every page of the snapshot's db.</summary>
    CheckSnapshot,

    /// <summary>Copy the db with the restore edits applied (the SHA-256 of the source runs alongside).</summary>
    WriteDb,

    /// <summary>Compare the SHA-256 with the trailer and with a pinned hash.</summary>
    VerifyHash,

    /// <summary>Copy the finished db for every further member (<see cref="RestoreOptions.AllMembers"/>).</summary>
    CopyDb,

    /// <summary>Write each member's WAL and raft snapshot (<c>.snap</c>) file.</summary>
    WriteWalAndSnap,

    /// <summary>Rename the finished directories into place.</summary>
    Commit,
}

/// <summary>Where a restore is.</summary>
/// <param name="Step">The current step.</param>
/// <param name="Done">Bytes done in this step (0 for steps without a byte count).</param>
/// <param name="Total">Bytes this step will process; 0 when it has no byte count.</param>
/// <param name="Member">The member the step works on, when it is per member.</param>
public readonly record struct RestoreProgress(RestoreStep Step, long Done, long Total, string? Member = null);
