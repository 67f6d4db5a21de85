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

    /// <summary>The backup as <c>REPO_URL#ID</c>, as restore and inspection accept it.</summary>
    public string Reference => $"{Repository}#{Manifest.Id}";
}
