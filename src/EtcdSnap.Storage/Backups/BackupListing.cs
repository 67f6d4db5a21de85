namespace EtcdSnap.Storage.Backups;

/// <summary>What a repository holds.</summary>
/// <param name="Backups">Complete backups, newest first. Only these count for restore, latest and retention.</param>
/// <param name="Incomplete">Folders without a manifest (an interrupted backup, or one being written now).</param>
/// <param name="Problems">Backups whose manifest is unreadable or whose snapshot object is missing or the wrong size.</param>
public sealed record BackupListing(
    IReadOnlyList<BackupManifest> Backups,
    IReadOnlyList<IncompleteBackup> Incomplete,
    IReadOnlyList<BackupProblem> Problems);

/// <summary>A backup folder without a manifest.</summary>
/// <param name="Id">The folder name.</param>
/// <param name="Objects">Number of objects in it.</param>
/// <param name="Size">Their total size in bytes.</param>
/// <param name="LastModified">When the newest of them was written.</param>
public sealed record IncompleteBackup(string Id, int Objects, long Size, DateTimeOffset LastModified);

/// <summary>A backup that has a manifest but cannot be used.</summary>
/// <param name="Id">The folder name.</param>
/// <param name="Reason">One line saying what is wrong.</param>
public sealed record BackupProblem(string Id, string Reason);
