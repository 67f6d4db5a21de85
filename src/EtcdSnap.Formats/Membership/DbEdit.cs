namespace EtcdSnap.Formats.Membership;

/// <summary>What a <see cref="DbEdit"/> does to the bbolt db.</summary>
public enum DbEditKind
{
    /// <summary>Create the bucket if it does not exist.</summary>
    EnsureBucket,

    /// <summary>Delete every key of the bucket (the bucket stays).</summary>
    ClearBucket,

    /// <summary>Set <see cref="DbEdit.Key"/> to <see cref="DbEdit.Value"/> (the bucket exists by then).</summary>
    Put,

    /// <summary>Delete <see cref="DbEdit.Key"/> if present.</summary>
    Delete,
}

/// <summary>One change a restore applies to the copied db, in order; plain data for the bbolt writer.</summary>
/// <param name="Kind">The operation.</param>
/// <param name="Bucket">Top-level bucket name (ASCII).</param>
/// <param name="Key">Key bytes for <see cref="DbEditKind.Put"/> and <see cref="DbEditKind.Delete"/>.</param>
/// <param name="Value">Value bytes for <see cref="DbEditKind.Put"/>.</param>
/// <param name="Reason">Why, for logs and dry runs.</param>
public sealed record DbEdit(DbEditKind Kind, string Bucket, byte[]? Key, byte[]? Value, string Reason);
