using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Core.Restore;

/// <summary>What a restore wrote, and what it found in the snapshot.</summary>
public sealed record RestoreResult
{
    /// <summary>The snapshot file restored from.</summary>
    public required string SnapshotPath { get; init; }

    /// <summary>True when the file ended with a SHA-256 trailer (removed from the restored db).</summary>
    public required bool HadTrailer { get; init; }

    /// <summary>True when the trailer was compared with the db bytes (false with <c>--skip-hash-check</c>).</summary>
    public required bool TrailerVerified { get; init; }

    /// <summary>Lower-case hex SHA-256 of the db bytes (equals the trailer when it was verified); null when the source
    /// was not hashed (<c>--skip-hash-check</c> without a pinned hash).</summary>
    public string? Sha256 { get; init; }

    /// <summary>True when a pinned hash was given and matched.</summary>
    public bool PinnedHashMatched { get; init; }

    /// <summary>The cluster ID of the new cluster.</summary>
    public required ulong ClusterId { get; init; }

    /// <summary>The cluster token the IDs were derived with.</summary>
    public required string Token { get; init; }

    /// <summary>Every member of the new cluster, sorted by ID; those restored by this run have their directories.</summary>
    public required IReadOnlyList<RestoredMember> Members { get; init; }

    /// <summary>The snapshot's latest revision (main revision of the greatest key-bucket key; 0 when empty).</summary>
    public required long Revision { get; init; }

    /// <summary>The revision after <c>--bump-revision</c>: etcd starts there and older revisions are compacted; null
    /// when not bumped.</summary>
    public long? BumpedRevision { get; init; }

    /// <summary>Entries of all buckets, as <c>etcdctl snapshot status</c> (3.4/3.5) counts "total keys".</summary>
    public required long TotalKey { get; init; }

    /// <summary>Entries of the <c>key</c> bucket: stored revisions of user keys, tombstones included.</summary>
    public required long KeyRevisions { get; init; }

    /// <summary>Size of each restored db file in bytes.</summary>
    public required long DbSize { get; init; }

    /// <summary>The etcd version the data dirs were written for; null for etcdutl 3.5/3.6's form.</summary>
    public EtcdTarget? TargetVersion { get; init; }

    /// <summary>True when a <c>meta/storageVersion</c> (a 3.6 snapshot) was removed for the target version.</summary>
    public bool StorageVersionDropped { get; init; }

    /// <summary>Each step with the time it took.</summary>
    public required IReadOnlyList<RestoreStepTiming> Steps { get; init; }

    /// <summary>Wall time of the whole restore.</summary>
    public required TimeSpan Duration { get; init; }
}

/// <summary>A member of the restored cluster.</summary>
/// <param name="Name">The member name.</param>
/// <param name="Id">The member ID.</param>
/// <param name="PeerUrls">Its canonical peer URLs.</param>
/// <param name="DataDir">The data dir written for it by this run; null when this run did not restore it.</param>
/// <param name="WalDir">Its WAL directory; null when this run did not restore it.</param>
public sealed record RestoredMember(string Name, ulong Id, IReadOnlyList<string> PeerUrls, string? DataDir, string? WalDir)
{
    /// <summary>The ID as etcd prints it (lower-case hex, no padding).</summary>
    public string HexId => MemberIds.ToHex(Id);
}

/// <summary>How long one step took.</summary>
/// <param name="Step">The step.</param>
/// <param name="Duration">Its wall time.</param>
public sealed record RestoreStepTiming(RestoreStep Step, TimeSpan Duration);
