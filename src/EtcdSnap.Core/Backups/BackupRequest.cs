using EtcdSnap.Core.Connection;
using EtcdSnap.Storage;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Storage.Encryption;

namespace EtcdSnap.Core.Backups;

/// <summary>Input of <see cref="BackupService.RunAsync"/>: where the snapshot comes from, where it goes, and how it is kept.</summary>
public sealed record BackupRequest
{
    /// <summary>How to reach etcd (flags, environment or the kubeadm manifest).</summary>
    public required ConnectionInputs Connection { get; init; }

    /// <summary>The repository URL; <see cref="BackupStoreUrl.DefaultLocal"/> by default.</summary>
    public string Repository { get; init; } = BackupStoreUrl.DefaultLocal;

    /// <summary>Credentials and part size for object stores; null for the process environment and defaults.</summary>
    public BackupStoreOptions? StoreOptions { get; init; }

    /// <summary>zstd level, or null to store the snapshot uncompressed.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>Encrypt with this key; null stores the snapshot unencrypted.</summary>
    public EncryptionKey? EncryptionKey { get; init; }

    /// <summary>Labels recorded in the manifest.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Prune with this policy after the backup succeeded; null (or an empty policy) prunes nothing.</summary>
    public RetentionPolicy? Retention { get; init; }

    /// <summary>Where the snapshot is saved on its way (a private directory inside it); null for beside a local
    /// repository, else <c>TMPDIR</c>.</summary>
    public string? TempDirectory { get; init; }

    /// <summary>
    /// Called after the snapshot was stored and verified, right before the manifest makes the backup complete; throwing
    /// abandons the backup (its snapshot object is deleted). The agent checks it still leads here.
    /// </summary>
    public Func<CancellationToken, Task>? BeforeCommit { get; init; }

    /// <summary>The clock for backup ids and times.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
