using EtcdSnap.Formats;
using EtcdSnap.Formats.Snapshot;

namespace EtcdSnap.Core.Snapshots;

/// <summary>
/// Answers "can I restore from this file?": the sha256 trailer against the db bytes, bbolt's structural check and
/// etcdctl's status numbers. The two full reads (hash and tree walk) run on two cores at once.
/// </summary>
public static class SnapshotVerifier
{
    /// <summary>Verifies <paramref name="path"/> read-only; problems are reported, not thrown.</summary>
    /// <param name="path">A snapshot file, or a raw db copy.</param>
    /// <param name="skipHashCheck">Do not check the trailer (a raw db copy is then judged by its structure alone).</param>
    /// <param name="progress">Bytes hashed so far.</param>
    /// <param name="cancellationToken">Stops both reads.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<VerifyReport> VerifyAsync(string path, bool skipHashCheck = false, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var size = new FileInfo(path).Length;
        var hasTrailer = SnapshotTrailer.HasTrailer(size);
        var hashTask = !skipHashCheck && hasTrailer
            ? Task.Run<SnapshotDigestCheck?>(() => SnapshotTrailer.Verify(path, progress, cancellationToken), cancellationToken)
            : Task.FromResult<SnapshotDigestCheck?>(null);
        var statusTask = Task.Run(() => TryStatus(path, cancellationToken), cancellationToken);
        await Task.WhenAll(hashTask, statusTask);

        var digest = await hashTask;
        var (status, openError) = await statusTask;
        var trailer = skipHashCheck ? TrailerState.Skipped
            : !hasTrailer ? TrailerState.Missing
            : digest!.IsMatch ? TrailerState.Ok
            : TrailerState.Mismatch;
        return new VerifyReport(
            Path.GetFullPath(path),
            size,
            trailer,
            digest is null ? null : Convert.ToHexStringLower(digest.Expected),
            digest is null ? null : Convert.ToHexStringLower(digest.Actual),
            status,
            status?.Findings ?? [],
            openError);
    }

    private static (SnapshotStatus? Status, string? OpenError) TryStatus(string path, CancellationToken cancellationToken)
    {
        try
        {
            return (SnapshotStatusCalculator.Compute(path, cancellationToken: cancellationToken), null);
        }
        catch (CorruptDataException e)
        {
            return (null, e.Reason);
        }
    }
}
