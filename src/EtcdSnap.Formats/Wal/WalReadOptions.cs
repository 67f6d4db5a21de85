namespace EtcdSnap.Formats.Wal;

/// <summary>Limits and switches for <see cref="WalReader"/>.</summary>
public sealed record WalReadOptions
{
    /// <summary>
    /// Largest record accepted, checked before anything is allocated (besides the bytes left in the segment, which
    /// always bound it). etcd 3.4 refuses records of 10 MiB and more; 3.5+ only checks the file size. Default 128 MiB.
    /// </summary>
    public long MaxRecordBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>Keep every decoded record in <see cref="WalContents.Records"/> (for inspection and tests).</summary>
    public bool KeepRecords { get; init; }
}
