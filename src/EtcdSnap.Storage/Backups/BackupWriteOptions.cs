using EtcdSnap.Storage.Compression;
using EtcdSnap.Storage.Encryption;

namespace EtcdSnap.Storage.Backups;

/// <summary>How a backup is stored.</summary>
public sealed record BackupWriteOptions
{
    /// <summary>zstd level (<see cref="BackupCompression.DefaultLevel"/> = 1); null stores the snapshot uncompressed.</summary>
    public int? CompressionLevel { get; init; } = BackupCompression.DefaultLevel;

    /// <summary>Encrypt with this key; null stores the snapshot unencrypted.</summary>
    public EncryptionKey? EncryptionKey { get; init; }

    /// <summary>Plaintext bytes per encrypted chunk (tests use small chunks).</summary>
    public int EncryptionChunkSize { get; init; } = BackupEncryption.DefaultChunkSize;

    /// <summary>
    /// The SHA-256 (lower-case hex) of the plain bytes, when the caller computed it already while producing them (the
    /// backup of a snapshot file hashed as it was written); asked for once the bytes were stored, and recorded instead
    /// of hashing them a second time. Null: the repository hashes what it reads.
    /// </summary>
    public Func<string>? PlainSha256 { get; init; }

    /// <summary>The version recorded as <see cref="BackupManifest.ToolVersion"/>; null for this assembly's.</summary>
    public string? ToolVersion { get; init; }
}
