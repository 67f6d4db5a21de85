namespace EtcdSnap.Storage.Backups;

/// <summary>
/// Where a backup's objects live: <c>&lt;id&gt;/snapshot.db[.zst][.enc]</c> and <c>&lt;id&gt;/backup.json</c>,
/// relative to the repository URL's prefix.
/// </summary>
public static class BackupLayout
{
    /// <summary>Name of the manifest object in a backup folder.</summary>
    public const string ManifestName = "backup.json";

    /// <summary>Base name of the snapshot object.</summary>
    public const string SnapshotBaseName = "snapshot.db";

    /// <summary>Manifest value for an uncompressed snapshot.</summary>
    public const string CompressionNone = "none";

    /// <summary>Manifest value for a zstd-compressed snapshot.</summary>
    public const string CompressionZstd = "zstd";

    /// <summary>Manifest value for an unencrypted snapshot.</summary>
    public const string EncryptionNone = "none";

    /// <summary>Manifest value for the chunked AES-256-GCM format of docs/formats/encryption.md.</summary>
    public const string EncryptionAesGcm = "aes-256-gcm";

    /// <summary>The key of a backup's manifest.</summary>
    public static string ManifestKey(string id) => $"{id}/{ManifestName}";

    /// <summary>The key of a backup's snapshot object.</summary>
    public static string SnapshotKey(string id, string snapshotObject) => $"{id}/{snapshotObject}";

    /// <summary>The snapshot object's name for a compression and an encryption choice.</summary>
    public static string SnapshotObjectName(bool compressed, bool encrypted) =>
        SnapshotBaseName + (compressed ? ".zst" : "") + (encrypted ? ".enc" : "");
}
