using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core;
using EtcdSnap.Storage.Encryption;

namespace EtcdSnap.Cli.Commands.Key;

/// <summary>`etcdsnap key generate --output FILE`: a new backup encryption key, mode 0600, never overwriting.</summary>
internal static class KeyCommand
{
    public static Command Create(CliConsole console) => new("key", "Backup encryption keys")
    {
        CreateGenerate(console),
    };

    private static Command CreateGenerate(CliConsole console)
    {
        var file = new Option<string>("--output") { Description = "Key file to create (mode 0600; an existing file is never replaced)", Required = true };
        var id = new Option<string?>("--id") { Description = "Key id recorded in backups (default: derived from the key)" };
        var command = new Command("generate", """
            Create a random AES-256 key for `backup --encryption-key-file`. Keep a copy somewhere other than the
            cluster it protects: encrypted backups cannot be restored without it. The key is written to the
            file only, never printed.

            Examples:
              etcdsnap key generate --output /etc/etcdsnap/backup.key
              kubectl -n kube-system create secret generic etcdsnap-key --from-file=key=/etc/etcdsnap/backup.key
            """)
        {
            file,
            id,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var path = Path.GetFullPath(result.GetValue(file)!);
            if (File.Exists(path) || Directory.Exists(path))
            {
                throw new OperationRefusedException($"key generate: \"{path}\" already exists")
                {
                    Hint = "etcdsnap never replaces a key file; choose another name, or move the old key away (backups may still need it)",
                };
            }

            var keyId = result.GetValue(id);
            if (keyId is not null && !EncryptionKey.IsValidId(keyId))
            {
                throw new UsageException($"--id: \"{keyId}\" must be 1 to 64 characters of A-Z a-z 0-9 . _ -");
            }

            var key = EncryptionKey.Generate(keyId);
            await key.WriteFileAsync(path, cancellationToken);
            console.Out.WriteLine($"wrote key {key.Id} to {path} (mode 0600); keep a copy off the cluster");
            return 0;
        });
        return command;
    }
}
