using EtcdSnap.Formats.Bbolt;

namespace EtcdSnap.Formats.Snapshot;

/// <summary>The numbers <c>etcdctl snapshot status</c> prints, plus the structure-check findings behind them.</summary>
/// <param name="Hash">CRC-32C over bucket names, keys and values in bbolt order.</param>
/// <param name="Revision">Main revision of the last key of the <c>key</c> bucket (0 when empty or missing).</param>
/// <param name="TotalKey">3.4/3.5: entries in all buckets; 3.6: distinct live user keys.</param>
/// <param name="TotalSize">High-water mark times page size, in bytes.</param>
/// <param name="Version">3.6 only: <c>meta/storageVersion</c> as <c>Major.Minor.Patch</c>, or empty; null for 3.4/3.5.</param>
/// <param name="Findings">Every structure problem; etcd refuses to print a status when there is any.</param>
/// <param name="Facts">Facts about the db gathered in the same pass.</param>
public sealed record SnapshotStatus(uint Hash, long Revision, long TotalKey, long TotalSize, string? Version,
    IReadOnlyList<BboltFinding> Findings, SnapshotFacts Facts)
{
    /// <summary>True when the structure check found nothing (the numbers are then what etcd prints).</summary>
    public bool IsConsistent => Findings.Count == 0;

    /// <summary>Throws like etcd does when the check found problems.</summary>
    /// <exception cref="CorruptDataException">"snapshot file integrity check failed. N errors found." with the first ones.</exception>
    public void ThrowIfInconsistent()
    {
        if (IsConsistent)
        {
            return;
        }

        var first = string.Join("; ", Findings.Take(3).Select(f => f.Message));
        throw new CorruptDataException(Facts.Path, Findings[0].PageId is { } id ? (long)Math.Min(id * (ulong)Facts.PageSize, long.MaxValue) : null,
            $"snapshot file integrity check failed. {Findings.Count} errors found: {first}");
    }
}
