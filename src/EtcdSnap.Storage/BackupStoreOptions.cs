namespace EtcdSnap.Storage;

/// <summary>Settings for <see cref="BackupStoreFactory"/> beyond what the URL says.</summary>
public sealed record BackupStoreOptions
{
    /// <summary>Where credentials come from; defaults to the process environment (tests pass their own).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>S3 part / Azure block size in bytes; null for the default (8 MiB). Memory is about twice this.</summary>
    public int? PartSize { get; init; }
}
