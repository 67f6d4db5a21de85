using EtcdSnap.Core.Snapshots;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Core.Backups;

/// <summary>What <see cref="BackupService.RunAsync"/> did.</summary>
/// <param name="Manifest">The manifest of the new backup, as stored.</param>
/// <param name="Repository">The repository URL.</param>
/// <param name="Snapshot">Where the snapshot came from (member, endpoint, etcd's sha256).</param>
/// <param name="Status">The snapshot's status numbers, checked before the backup was made complete.</param>
/// <param name="Duration">Wall time from the first request to etcd until the manifest (and any pruning) was written.</param>
/// <param name="Prune">What retention did, when a policy was given.</param>
public sealed record BackupOutcome(
    BackupManifest Manifest,
    string Repository,
    SnapshotRecord Snapshot,
    SnapshotStatus Status,
    TimeSpan Duration,
    PruneResult? Prune)
{
    /// <summary>Why pruning failed after the backup was stored (the backup itself is complete); null when it did not.</summary>
    public Exception? PruneError { get; init; }

    /// <summary>Where the time went.</summary>
    public BackupTimings? Timings { get; init; }

    /// <summary>The backup as <c>REPO_URL#ID</c>, as restore and inspection accept it.</summary>
    public string Reference => $"{Repository}#{Manifest.Id}";
}

/// <summary>Where a backup's time went.</summary>
/// <param name="Save">From the first request to etcd until the snapshot file was complete and its sha256 checked.</param>
/// <param name="Verify">The structure check and status walk after that.</param>
/// <param name="Store">From the first request until the manifest was written (the upload runs alongside the save).</param>
/// <param name="StreamedBytes">Plain bytes the repository had taken when the save completed; the rest followed from the
/// temporary file after it (a repository slower than etcd).</param>
public sealed record BackupTimings(TimeSpan Save, TimeSpan Verify, TimeSpan Store, long StreamedBytes);
