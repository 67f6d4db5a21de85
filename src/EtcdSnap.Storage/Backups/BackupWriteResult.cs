namespace EtcdSnap.Storage.Backups;

/// <summary>A backup that was written completely (manifest included).</summary>
/// <param name="Manifest">What was recorded.</param>
/// <param name="Location">The repository URL it was written to.</param>
/// <param name="Elapsed">Wall time from the first byte read to the manifest written.</param>
public sealed record BackupWriteResult(BackupManifest Manifest, string Location, TimeSpan Elapsed)
{
    /// <summary>Plain size over stored size (see <see cref="BackupManifest.CompressionRatio"/>).</summary>
    public double CompressionRatio => Manifest.CompressionRatio;
}
