using System.CommandLine;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Backups;
using EtcdSnap.Storage.Compression;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>What `backup` and `agent` share: where from, where to, labels, compression, encryption, retention.</summary>
internal sealed class BackupRequestOptions
{
    private readonly Option<string> _repo = RepositoryOption.Create();

    private readonly Option<string[]> _labels = new("--label")
    {
        Description = "Record a label KEY=VALUE in the backup's manifest (repeatable)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private readonly Option<bool> _compress = new("--compress") { Description = "Compress with zstd (level 1 unless --compression-level)" };

    private readonly Option<int?> _level = new("--compression-level")
    {
        Description = $"zstd level {BackupCompression.MinLevel}..-1 or 1..{BackupCompression.MaxLevel}; implies --compress",
    };

    private readonly Option<string?> _tempDir = new("--temp-dir")
    {
        Description = "Where the snapshot is saved on its way (default: inside a local repository, else TMPDIR)",
    };

    private readonly EncryptionKeyOption _key = new("Encrypt with this key file (from `etcdsnap key generate`)");
    private readonly RetentionOptions _retention = new();
    private readonly ConnectionOptions _connection = new();

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public BackupRequestOptions AddTo(Command command)
    {
        foreach (var option in new Option[] { _repo, _labels, _compress, _level, _tempDir })
        {
            command.Options.Add(option);
        }

        _key.AddTo(command);
        _retention.AddTo(command);
        _connection.AddTo(command);
        return this;
    }

    /// <summary>The backup the flags describe.</summary>
    /// <exception cref="UsageException">A label, level, duration or key file is unusable.</exception>
    public BackupRequest Read(ParseResult result)
    {
        var level = result.GetValue(_level);
        if (level is { } l && (l is < BackupCompression.MinLevel or > BackupCompression.MaxLevel || l == 0))
        {
            throw new UsageException($"--compression-level: {l} is not a zstd level ({BackupCompression.MinLevel}..-1 or 1..{BackupCompression.MaxLevel})");
        }

        IReadOnlyDictionary<string, string> labels;
        try
        {
            labels = BackupLabels.Parse(result.GetValue(_labels) ?? []);
        }
        catch (FormatException e)
        {
            throw new UsageException("--label: " + e.Message);
        }

        return new BackupRequest
        {
            Connection = _connection.Read(result),
            Repository = result.GetValue(_repo)!,
            CompressionLevel = level ?? (result.GetValue(_compress) ? BackupCompression.DefaultLevel : null),
            EncryptionKey = _key.Read(result),
            Labels = labels,
            Retention = _retention.Read(result),
            TempDirectory = result.GetValue(_tempDir),
        };
    }
}
