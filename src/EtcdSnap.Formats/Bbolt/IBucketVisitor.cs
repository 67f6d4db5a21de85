namespace EtcdSnap.Formats.Bbolt;

/// <summary>Receives a bucket's entries, in key order, from <see cref="TreeWalker"/>.</summary>
/// <remarks>The spans point into pooled buffers: they are valid only during the call.</remarks>
internal interface IBucketVisitor
{
    /// <summary>A plain key/value entry. Return false to stop the whole walk.</summary>
    bool OnItem(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value);

    /// <summary>
    /// A sub-bucket entry with its raw header (and inline page). Set <paramref name="content"/> to a visitor to walk
    /// the sub-bucket's entries (the walker then walks it before the next entry). Return false to stop the whole walk.
    /// </summary>
    bool OnBucket(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, out IBucketVisitor? content);
}

/// <summary>Visits nothing: used to walk a subtree's pages only (for the structure check).</summary>
internal sealed class NullBucketVisitor : IBucketVisitor
{
    public static readonly NullBucketVisitor Instance = new();

    public bool OnItem(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => true;

    public bool OnBucket(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, out IBucketVisitor? content)
    {
        content = null;
        return true;
    }
}
