namespace EtcdSnap.Formats.Wal;

/// <summary>How <see cref="WalWriter"/> lays out segments.</summary>
public sealed record WalWriterOptions
{
    /// <summary>
    /// A segment is cut once a save leaves it at or beyond this many bytes; also the size segments are preallocated
    /// to. Default <see cref="WalWriter.DefaultSegmentSizeBytes"/> (etcd's <c>SegmentSizeBytes</c>); smaller values
    /// are for tests.
    /// </summary>
    public long SegmentSizeBytes { get; init; } = WalWriter.DefaultSegmentSizeBytes;

    /// <summary>
    /// Reserve and zero-extend every segment to <see cref="SegmentSizeBytes"/> as etcd does (default). When false the
    /// segment ends right after the last record; etcd 3.4.23 was seen to boot from and append to such a file.
    /// </summary>
    public bool Preallocate { get; init; } = true;

    /// <summary>
    /// Refuse a snapshot record with index &gt; 0 and no conf_state, as etcd 3.5+ does
    /// (<c>walpb.ValidateSnapshotForWrite</c>). Off by default so the 3.4 form can be written.
    /// </summary>
    public bool RequireSnapshotConfState { get; init; }
}
