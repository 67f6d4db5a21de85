using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Storage.Encryption;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>`--encryption-key-file F` (env <c>ETCDSNAP_ENCRYPTION_KEY_FILE</c>): a key made by `etcdsnap key generate`.</summary>
internal sealed class EncryptionKeyOption
{
    /// <summary>The environment variable read when the flag is not given.</summary>
    public const string EnvironmentVariable = "ETCDSNAP_ENCRYPTION_KEY_FILE";

    private readonly Option<string?> _option;

    /// <summary>An option described as <paramref name="purpose"/>.</summary>
    public EncryptionKeyOption(string purpose) =>
        _option = new Option<string?>("--encryption-key-file") { Description = $"{purpose} (env {EnvironmentVariable})" };

    /// <summary>Adds the option to <paramref name="command"/>.</summary>
    public EncryptionKeyOption AddTo(Command command)
    {
        command.Options.Add(_option);
        return this;
    }

    /// <summary>The key file's full path from the flag or the variable, or null when neither is set.</summary>
    public string? FilePath(ParseResult result) =>
        (result.GetValue(_option) ?? (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } v ? v : null)) is { } path
            ? Path.GetFullPath(path)
            : null;

    /// <summary>The key, or null when neither the flag nor the variable is set.</summary>
    /// <exception cref="UsageException">The file does not exist.</exception>
    /// <exception cref="Formats.CorruptDataException">The file does not hold a key.</exception>
    public EncryptionKey? Read(ParseResult result)
    {
        var path = FilePath(result);
        if (path is null)
        {
            return null;
        }

        return File.Exists(path)
            ? EncryptionKey.LoadFile(path)
            : throw new UsageException($"--encryption-key-file: \"{path}\": no such file")
            {
                Hint = "create a key with `etcdsnap key generate --output FILE`, and keep a copy off the cluster",
            };
    }
}
