using System.Text.Json.Serialization;

namespace EtcdSnap.Storage.Backups;

/// <summary>
/// The self-description of a backup, stored as <c>&lt;id&gt;/backup.json</c> and written last: a backup without
/// it is incomplete. Field names are camelCase in JSON; see docs/storage.md for each field.
/// </summary>
public sealed record BackupManifest
{
    /// <summary>The manifest format this etcdsnap writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Manifest format version; readers refuse versions they do not know.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>The backup id, also the name of its folder.</summary>
    public required string Id { get; init; }

    /// <summary>When the backup was started (UTC).</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>etcd cluster id, hex as etcdctl prints it; null when unknown.</summary>
    public string? ClusterId { get; init; }

    /// <summary>Name of the member the snapshot was taken from.</summary>
    public string? Member { get; init; }

    /// <summary>Id of that member, hex.</summary>
    public string? MemberId { get; init; }

    /// <summary>The client URL the snapshot was streamed from.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The server version of that member, e.g. "3.5.15".</summary>
    public string? EtcdVersion { get; init; }

    /// <summary>The store revision the snapshot holds; null when unknown.</summary>
    public long? Revision { get; init; }

    /// <summary>Size of the plain snapshot in bytes (as etcdctl would save it, trailer included).</summary>
    public required long DbSize { get; init; }

    /// <summary>Number of keys in the snapshot; null when unknown.</summary>
    public long? KeyCount { get; init; }

    /// <summary>SHA-256 of the plain snapshot bytes, lower-case hex.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Name of the snapshot object inside the backup folder, e.g. <c>snapshot.db.zst.enc</c>.</summary>
    public required string SnapshotObject { get; init; }

    /// <summary>Size of the stored snapshot object in bytes (after compression and encryption).</summary>
    public required long StoredSize { get; init; }

    /// <summary>"none" or "zstd".</summary>
    public required string Compression { get; init; }

    /// <summary>The zstd level, when compressed.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>"none" or "aes-256-gcm" (docs/formats/encryption.md).</summary>
    public required string Encryption { get; init; }

    /// <summary>Id of the key the snapshot is encrypted with, when encrypted.</summary>
    public string? EncryptionKeyId { get; init; }

    /// <summary>Version of the etcdsnap that wrote the backup.</summary>
    public required string ToolVersion { get; init; }

    /// <summary>Free-form labels given at backup time (e.g. cluster name, schedule).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>True when the snapshot object is encrypted.</summary>
    [JsonIgnore]
    public bool IsEncrypted => Encryption != BackupLayout.EncryptionNone;

    /// <summary>Plain size over stored size, e.g. 3.2 for a snapshot stored in under a third of its size.</summary>
    [JsonIgnore]
    public double CompressionRatio => StoredSize == 0 ? 1 : (double)DbSize / StoredSize;
}
