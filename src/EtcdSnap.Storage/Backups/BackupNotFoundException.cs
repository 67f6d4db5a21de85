namespace EtcdSnap.Storage.Backups;

/// <summary>A backup asked for by id, or <c>latest</c>, is not in the repository (or is incomplete).</summary>
/// <param name="location">The repository URL.</param>
/// <param name="id">The id asked for, or "latest".</param>
/// <param name="repositoryMissing">The repository is a local directory that does not exist.</param>
public sealed class BackupNotFoundException(string location, string id, bool repositoryMissing = false)
    : Exception(repositoryMissing
        ? $"{location}: no such directory, so no backups"
        : id == BackupId.Latest
            ? $"{location}: no complete backup found"
            : $"{location}: backup \"{id}\" not found (or incomplete: its manifest is missing)")
{
    /// <summary>The repository URL.</summary>
    public string Location { get; } = location;

    /// <summary>The id asked for, or "latest".</summary>
    public string Id { get; } = id;

    /// <summary>A concrete next step for the user.</summary>
    public string Hint { get; } = repositoryMissing
        ? "check the repository path (--repo, or the part before '#'); `etcdsnap backup --repo URL` creates it"
        : $"list the backups with `etcdsnap backups ls --repo {location}`";
}
