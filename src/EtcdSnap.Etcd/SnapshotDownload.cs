namespace EtcdSnap.Etcd;

/// <summary>Settings of one snapshot download.</summary>
public sealed record SnapshotDownloadOptions
{
    /// <summary>Fail when no data arrives for this long; null means the member's command timeout (etcdctl's
    /// <c>--command-timeout</c>, 5 s by default). The stream as a whole has no deadline.</summary>
    public TimeSpan? StallTimeout { get; init; }

    /// <summary>Minimum time between two progress reports (the first and the last are always reported).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Called on the downloading thread after each write with the length of <c>FILE.part</c> so far; it must not
    /// block. The part file is shared for reading, so a reader may follow it up to that length while it grows (it is
    /// renamed to <c>FILE</c> at the end). The bytes are verified only when the download succeeds.</summary>
    public Action<long>? OnWritten { get; init; }
}

/// <summary>How far a snapshot download is.</summary>
/// <param name="BytesReceived">Bytes written to the file so far.</param>
/// <param name="TotalBytes">Expected file size (db size + 32-byte sha256), known from the first message; null before.</param>
/// <param name="Elapsed">Time since the request was sent.</param>
public readonly record struct SnapshotProgress(long BytesReceived, long? TotalBytes, TimeSpan Elapsed)
{
    /// <summary>Fraction done between 0 and 1, when the total is known.</summary>
    public double? Fraction => TotalBytes is > 0 and var t ? Math.Min(1.0, (double)BytesReceived / t) : null;

    /// <summary>Estimated time left at the average rate so far, when it can be estimated.</summary>
    public TimeSpan? Remaining => TotalBytes is { } t && BytesReceived > 0 && Elapsed > TimeSpan.Zero
        ? TimeSpan.FromSeconds(Math.Max(0, t - BytesReceived) * Elapsed.TotalSeconds / BytesReceived)
        : null;
}

/// <summary>A snapshot saved and verified.</summary>
/// <param name="Path">Full path of the snapshot file.</param>
/// <param name="Size">File size in bytes: the db plus the 32-byte sha256 trailer, as <c>etcdctl snapshot save</c> writes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the db bytes, as etcd computed and sent it; it is also the file's last
/// 32 bytes. (Not the <c>sha256sum</c> of the whole file.)</param>
/// <param name="Duration">Time from the request to the file being in place.</param>
/// <param name="Endpoint">The member the snapshot came from, as the user wrote it.</param>
public sealed record SnapshotDownloadResult(string Path, long Size, string Sha256, TimeSpan Duration, string Endpoint)
{
    /// <summary>Lower-case hex SHA-256 of the whole file (db and trailer), as <c>sha256sum</c> prints it; computed in
    /// the same pass as <see cref="Sha256"/>.</summary>
    public string FileSha256 { get; init; } = "";
}
