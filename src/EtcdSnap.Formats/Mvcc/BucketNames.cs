namespace EtcdSnap.Formats.Mvcc;

/// <summary>
/// Names of etcd's top-level bbolt buckets (etcd <c>server/storage/schema/bucket.go</c> @ v3.6.14,
/// <c>server/mvcc/buckets/bucket.go</c> @ v3.5.33; the same names in 3.4).
/// </summary>
public static class BucketNames
{
    /// <summary>MVCC history: revision key to <c>mvccpb.KeyValue</c>.</summary>
    public static ReadOnlySpan<byte> Key => "key"u8;

    /// <summary>Store metadata: consistent index, term, compaction revisions, storage version.</summary>
    public static ReadOnlySpan<byte> Meta => "meta"u8;

    /// <summary>Leases: 8-byte BE lease id to <c>leasepb.Lease</c>.</summary>
    public static ReadOnlySpan<byte> Lease => "lease"u8;

    /// <summary>Alarms: <c>AlarmMember</c> protobuf keys, empty values.</summary>
    public static ReadOnlySpan<byte> Alarm => "alarm"u8;

    /// <summary>Auth settings: <c>authEnabled</c>, <c>authRevision</c>.</summary>
    public static ReadOnlySpan<byte> Auth => "auth"u8;

    /// <summary>Auth roles.</summary>
    public static ReadOnlySpan<byte> AuthRoles => "authRoles"u8;

    /// <summary>Auth users.</summary>
    public static ReadOnlySpan<byte> AuthUsers => "authUsers"u8;

    /// <summary>Cluster version and downgrade info.</summary>
    public static ReadOnlySpan<byte> Cluster => "cluster"u8;

    /// <summary>Members: hex member id to member JSON.</summary>
    public static ReadOnlySpan<byte> Members => "members"u8;

    /// <summary>Removed members: hex member id to <c>removed</c>.</summary>
    public static ReadOnlySpan<byte> MembersRemoved => "members_removed"u8;
}
