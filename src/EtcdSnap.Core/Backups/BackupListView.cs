using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Core.Backups;

/// <summary>A repository's contents as <c>backups ls -o json</c> and the agent's <c>/backups</c> show them.</summary>
/// <param name="Repository">The repository URL.</param>
/// <param name="Backups">Complete backups, newest first, with their manifests.</param>
/// <param name="Incomplete">Folders without a manifest: an interrupted backup, or one being written now.</param>
/// <param name="Problems">Backups that have a manifest but cannot be used.</param>
public sealed record BackupListView(
    string Repository,
    IReadOnlyList<BackupManifest> Backups,
    IReadOnlyList<IncompleteBackup> Incomplete,
    IReadOnlyList<BackupProblem> Problems)
{
    /// <summary>The view of <paramref name="listing"/>.</summary>
    public static BackupListView From(string repository, BackupListing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        return new BackupListView(repository, listing.Backups, listing.Incomplete, listing.Problems);
    }
}
