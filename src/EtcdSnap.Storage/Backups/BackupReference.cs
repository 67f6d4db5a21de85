namespace EtcdSnap.Storage.Backups;

/// <summary>A backup named as <c>REPO_URL#ID</c> or <c>REPO_URL#latest</c>, as restore and inspection accept it.</summary>
/// <param name="Repository">The repository.</param>
/// <param name="Id">The backup id, or <see cref="BackupId.Latest"/>.</param>
public sealed record BackupReference(BackupStoreUrl Repository, string Id)
{
    /// <summary>True when the reference names the newest complete backup.</summary>
    public bool IsLatest => Id == BackupId.Latest;

    /// <summary>
    /// Parses <c>REPO_URL#ID</c> / <c>REPO_URL#latest</c>. A bare <c>ID</c> or <c>latest</c> refers to
    /// <paramref name="defaultRepository"/> when one is given.
    /// </summary>
    /// <exception cref="StoreUrlFormatException">Malformed reference or repository URL (one-line message).</exception>
    public static BackupReference Parse(string text, string? defaultRepository = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hash = text.LastIndexOf('#');
        string repository, id;
        if (hash < 0)
        {
            if (defaultRepository is null || !(text == BackupId.Latest || BackupId.IsValid(text)))
            {
                throw new StoreUrlFormatException($"backup \"{text}\": expected REPO_URL#ID or REPO_URL#latest")
                {
                    Hint = $"for example {BackupStoreUrl.DefaultLocal}#latest",
                };
            }

            (repository, id) = (defaultRepository, text);
        }
        else
        {
            (repository, id) = (text[..hash], text[(hash + 1)..]);
        }

        if (id.Length == 0)
        {
            throw new StoreUrlFormatException($"backup \"{text}\": nothing after '#'; expected a backup id or \"latest\"");
        }

        if (id != BackupId.Latest && !BackupId.IsValid(id))
        {
            throw new StoreUrlFormatException($"backup \"{text}\": \"{id}\" is not a backup id (like 20261127T142300Z-1a2b3c) or \"latest\"");
        }

        return new BackupReference(BackupStoreUrl.Parse(repository), id);
    }

    /// <summary>The reference as <c>REPO_URL#ID</c>.</summary>
    public override string ToString() => $"{Repository}#{Id}";
}
