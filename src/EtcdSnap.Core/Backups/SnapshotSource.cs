using EtcdSnap.Formats;
using EtcdSnap.Storage;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Storage.Encryption;

namespace EtcdSnap.Core.Backups;

/// <summary>
/// A snapshot named on the command line, as a local file the offline verbs (status, verify, restore, ls, get, diff) can
/// open: either the file itself, or a backup (<c>REPO_URL#ID</c>, <c>REPO_URL#latest</c>) downloaded, decrypted,
/// decompressed and checked against its manifest's sha256 and size on the way, into a private temporary directory that
/// is removed on dispose.
/// </summary>
public sealed class SnapshotSource : IAsyncDisposable
{
    private readonly ScratchDirectory? _scratch;

    private SnapshotSource(string path, string name, BackupManifest? backup, ScratchDirectory? scratch)
    {
        Path = path;
        Name = name;
        Backup = backup;
        _scratch = scratch;
    }

    /// <summary>The local snapshot file to read.</summary>
    public string Path { get; }

    /// <summary>What the user named: the file as typed, or the backup as <c>REPO_URL#ID</c> (with <c>latest</c> resolved).</summary>
    public string Name { get; }

    /// <summary>The backup's manifest when the snapshot came from a repository; null for a plain file.</summary>
    public BackupManifest? Backup { get; }

    /// <summary>True when <paramref name="text"/> names a backup rather than a file: it is no existing file and has a '#'.</summary>
    public static bool IsBackupReference(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Contains('#', StringComparison.Ordinal) && !File.Exists(text);
    }

    /// <summary>
    /// Resolves <paramref name="text"/>: a file is returned as it is (not checked here; the verbs report a missing one);
    /// a backup is downloaded and verified first.
    /// </summary>
    /// <param name="text">A snapshot file, or <c>REPO_URL#ID</c> / <c>REPO_URL#latest</c>.</param>
    /// <param name="options">Key, credentials and temporary directory for backups.</param>
    /// <param name="cancellationToken">Stops a download; nothing is left behind.</param>
    /// <exception cref="StoreUrlFormatException">A malformed reference or repository URL.</exception>
    /// <exception cref="BackupNotFoundException">No such complete backup (or none at all for <c>latest</c>).</exception>
    /// <exception cref="EncryptionKeyRequiredException">The backup is encrypted and no key was given.</exception>
    /// <exception cref="CorruptDataException">Wrong key, tampering, truncation, or a sha256 or size mismatch.</exception>
    /// <exception cref="StorageUnavailableException">The repository failed.</exception>
    public static async Task<SnapshotSource> OpenAsync(string text, SnapshotSourceOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IsBackupReference(text))
        {
            return new SnapshotSource(text, text, null, null);
        }

        options ??= new SnapshotSourceOptions();
        var reference = BackupReference.Parse(text);
        var repository = BackupRepositories.Open(reference.Repository, options.StoreOptions);
        await using (repository.ConfigureAwait(false))
        {
            var manifest = await repository.GetAsync(reference.Id, cancellationToken).ConfigureAwait(false);
            if (manifest.IsEncrypted && options.EncryptionKey is null)
            {
                throw new EncryptionKeyRequiredException(manifest.Id, manifest.EncryptionKeyId);
            }

            var scratch = ScratchDirectory.Create(options.TempDirectory, repository: null);
            try
            {
                var path = scratch.Combine(manifest.Id + ".db");
                await repository.DownloadSnapshotAsync(manifest, options.EncryptionKey, path, cancellationToken).ConfigureAwait(false);
                return new SnapshotSource(path, $"{repository.Location}#{manifest.Id}", manifest, scratch);
            }
            catch
            {
                scratch.Dispose();
                throw;
            }
        }
    }

    /// <summary>Removes a downloaded copy; a plain file is left alone.</summary>
    public ValueTask DisposeAsync()
    {
        _scratch?.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>How <see cref="SnapshotSource.OpenAsync"/> reaches backups.</summary>
public sealed record SnapshotSourceOptions
{
    /// <summary>The key for encrypted backups.</summary>
    public EncryptionKey? EncryptionKey { get; init; }

    /// <summary>Credentials for object stores; null for the process environment.</summary>
    public BackupStoreOptions? StoreOptions { get; init; }

    /// <summary>Parent of the private download directory; null for <c>TMPDIR</c>.</summary>
    public string? TempDirectory { get; init; }
}
