namespace EtcdSnap.Core.Snapshots;

/// <summary>What a saved snapshot is: printed after <c>save</c> and written beside it as <c>FILE.json</c>.</summary>
/// <param name="File">Full path of the snapshot.</param>
/// <param name="Size">File size in bytes (db + 32-byte sha256 trailer).</param>
/// <param name="Sha256">etcd's SHA-256 of the db bytes (the file's trailer), lower-case hex.</param>
/// <param name="Revision">The newest revision inside the snapshot.</param>
/// <param name="MemberName">Name of the member it came from.</param>
/// <param name="MemberId">That member's ID, <c>%x</c> like etcdctl prints it.</param>
/// <param name="ClusterId">The cluster's ID, <c>%x</c>.</param>
/// <param name="Endpoint">The endpoint streamed from.</param>
/// <param name="EtcdVersion">The server's version.</param>
/// <param name="WasLeader">Whether that member was the leader when asked.</param>
/// <param name="Selection">Why this member was chosen (several endpoints) or "only endpoint".</param>
/// <param name="DurationSeconds">Seconds from the request to the file being in place.</param>
/// <param name="CreatedUtc">When the save finished (UTC, ISO 8601).</param>
/// <param name="ToolVersion">The etcdsnap version that wrote it.</param>
public sealed record SnapshotRecord(
    string File,
    long Size,
    string Sha256,
    long Revision,
    string MemberName,
    string MemberId,
    string ClusterId,
    string Endpoint,
    string EtcdVersion,
    bool WasLeader,
    string Selection,
    double DurationSeconds,
    DateTimeOffset CreatedUtc,
    string ToolVersion)
{
    /// <summary>SHA-256 of the whole file (db and trailer), as <c>sha256sum</c> prints it, for checking copies.</summary>
    public string FileSha256 { get; init; } = "";
}
