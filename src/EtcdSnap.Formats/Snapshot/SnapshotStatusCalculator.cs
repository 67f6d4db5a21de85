using EtcdSnap.Formats.Bbolt;

namespace EtcdSnap.Formats.Snapshot;

/// <summary>
/// Computes <c>etcdctl snapshot status</c> natively: bbolt's structure check and the status walk run together in one
/// pass over the tree, reading each page once.
/// </summary>
/// <remarks>
/// Algorithm of <c>clientv3/snapshot/v3_snapshot.go</c> @ v3.4.45 (<c>Status</c>) and <c>etcdutl/snapshot/v3_snapshot.go</c>
/// @ v3.5.33 / v3.6.14: for each top-level bucket in byte order, CRC-32C the name, then every key and value in key order;
/// the revision is the big-endian main revision of the last <c>key</c>-bucket key; the size is pgid × page size.
/// A trailer, if any, is ignored, so a snapshot and a raw copy of the same db give the same numbers.
/// </remarks>
public static class SnapshotStatusCalculator
{
    /// <summary>Opens the file read-only and computes its status.</summary>
    /// <exception cref="CorruptDataException">Neither meta page is valid, or the file is too small.</exception>
    /// <exception cref="IOException">The file cannot be read (or a running etcd holds its lock).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static SnapshotStatus Compute(string path, StatusSemantics semantics = StatusSemantics.Etcd34,
        CancellationToken cancellationToken = default)
    {
        using var file = BboltFile.Open(path);
        return Compute(file, semantics, cancellationToken);
    }

    /// <summary>Computes the status of an open db.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static SnapshotStatus Compute(BboltFile file, StatusSemantics semantics = StatusSemantics.Etcd34,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var state = BboltChecker.Begin(file);
        var walk = new StatusWalk(state, semantics);
        using (var walker = new TreeWalker(file, state, cancellationToken: cancellationToken))
        {
            walker.WalkRoot(walk.Root);
        }

        var findings = BboltChecker.Finish(file, state);
        var facts = new SnapshotFacts
        {
            Path = file.Path,
            FileLength = file.FileLength,
            HasTrailer = SnapshotTrailer.HasTrailer(file.FileLength),
            PageSize = file.PageSize,
            TxId = file.Meta.TxId,
            Buckets = walk.Buckets,
            KeyBucketEntries = walk.KeyBucketEntries,
            LatestRevision = walk.LatestRevision,
            Meta = walk.Meta.Build(),
        };
        var totalKey = semantics == StatusSemantics.Etcd36 ? walk.LiveKeyCount : walk.TotalKey;
        var version = semantics == StatusSemantics.Etcd36 ? FormatStorageVersion(facts.Meta.StorageVersion) : null;
        return new SnapshotStatus(walk.Hash, walk.Revision, totalKey, file.Meta.DataLength, version, findings, facts);
    }

    /// <summary>
    /// etcd 3.6 parses <c>storageVersion</c> with go-semver (<c>Major.Minor.Patch[-pre][+meta]</c>, three int64 parts)
    /// and prints <c>Major.Minor.Patch</c>; anything else gives an empty string.
    /// </summary>
    internal static string FormatStorageVersion(string? stored)
    {
        if (stored is null)
        {
            return "";
        }

        var core = stored;
        var plus = core.IndexOf('+', StringComparison.Ordinal);
        if (plus >= 0)
        {
            core = core[..plus];
        }

        var dash = core.IndexOf('-', StringComparison.Ordinal);
        if (dash >= 0)
        {
            core = core[..dash];
        }

        var parts = core.Split('.', 3);
        if (parts.Length != 3)
        {
            return "";
        }

        var numbers = new long[3];
        for (var i = 0; i < 3; i++)
        {
            if (!long.TryParse(parts[i], System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out numbers[i]))
            {
                return "";
            }
        }

        return FormattableString.Invariant($"{numbers[0]}.{numbers[1]}.{numbers[2]}");
    }
}
