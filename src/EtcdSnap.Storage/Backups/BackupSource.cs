namespace EtcdSnap.Storage.Backups;

/// <summary>What the caller knows about the snapshot being backed up; recorded in the manifest. All optional.</summary>
public sealed record BackupSource
{
    /// <summary>etcd cluster id, hex.</summary>
    public string? ClusterId { get; init; }

    /// <summary>Member name.</summary>
    public string? Member { get; init; }

    /// <summary>Member id, hex.</summary>
    public string? MemberId { get; init; }

    /// <summary>Client URL the snapshot came from.</summary>
    public string? Endpoint { get; init; }

    /// <summary>etcd server version.</summary>
    public string? EtcdVersion { get; init; }

    /// <summary>Store revision of the snapshot.</summary>
    public long? Revision { get; init; }

    /// <summary>Number of keys in the snapshot.</summary>
    public long? KeyCount { get; init; }

    /// <summary>Labels to record.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
