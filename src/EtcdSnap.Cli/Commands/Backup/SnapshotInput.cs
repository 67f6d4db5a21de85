using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Backups;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>
/// Lets an offline verb take <c>REPO_URL#ID</c> or <c>REPO_URL#latest</c> wherever it takes a snapshot file: adds
/// <c>--encryption-key-file</c> and resolves the argument through <see cref="SnapshotSource"/> (download, decrypt,
/// decompress and verify into a private temporary file, removed when the verb is done). Wiring a verb:
/// <code>
/// var input = new SnapshotInput().AddTo(command);
/// await using var source = await input.OpenAsync(result, result.GetValue(file)!, ct);  // then use source.Path
/// </code>
/// </summary>
internal sealed class SnapshotInput
{
    private readonly EncryptionKeyOption _key = new("Key file for encrypted backups given as REPO_URL#ID");

    /// <summary>Adds <c>--encryption-key-file</c> to <paramref name="command"/>.</summary>
    public SnapshotInput AddTo(Command command)
    {
        _key.AddTo(command);
        return this;
    }

    /// <summary>The key file named by <c>--encryption-key-file</c> or its variable (full path), or null.</summary>
    public string? KeyFile(ParseResult result) => _key.FilePath(result);

    /// <summary>Resolves <paramref name="text"/> to a local snapshot file; dispose the result when done with it.</summary>
    /// <exception cref="UsageException">A plain file that does not exist or is a directory.</exception>
    public Task<SnapshotSource> OpenAsync(ParseResult result, string text, CancellationToken cancellationToken)
    {
        var isBackup = SnapshotSource.IsBackupReference(text);
        if (!isBackup)
        {
            RequireFile(text);
        }

        return SnapshotSource.OpenAsync(text, new SnapshotSourceOptions
        {
            // The key is only read for a backup, so a verb on a plain file never needs the key file to exist.
            EncryptionKey = isBackup ? _key.Read(result) : null,
        }, cancellationToken);
    }

    // One message for every offline verb: a usage error (exit 2), not an I/O failure.
    private static void RequireFile(string path)
    {
        if (Directory.Exists(path))
        {
            throw new UsageException($"snapshot \"{path}\" is a directory")
            {
                Hint = "pass the snapshot file itself (for a data dir, member/snap/db inside it, with etcd stopped)",
            };
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"snapshot \"{path}\": no such file");
        }
    }
}
