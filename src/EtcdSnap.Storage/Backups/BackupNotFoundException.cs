namespace EtcdSnap.Storage.Backups;

/// <summary>A backup asked for by id, or <c>latest</c>, is not in the repository (or is incomplete).</summary>
public sealed class BackupNotFoundException(string location, string id)
    : Exception(id == BackupId.Latest
        ? $"{location}: no complete backup found"
        : $"{location}: backup \"{id}\" not found (or incomplete: its manifest is missing)")
{
    /// <summary>The repository URL.</summary>
    public string Location { get; } = location;

    /// <summary>The id asked for, or "latest".</summary>
    public string Id { get; } = id;

    /// <summary>A concrete next step for the user.</summary>
    public string Hint { get; } = "list the backups in the repository with `etcdsnap backup list`";
}
