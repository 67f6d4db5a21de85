using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Snapshot;

namespace EtcdSnap.Core.Snapshots;

/// <summary>What the sha256 trailer check found.</summary>
public enum TrailerState
{
    /// <summary>The trailer is present and matches the db bytes.</summary>
    Ok,

    /// <summary>No trailer: a raw <c>member/snap/db</c> copy or a truncated file.</summary>
    Missing,

    /// <summary>The trailer does not match the db bytes: the file changed after it was saved.</summary>
    Mismatch,

    /// <summary>Not checked (<c>--skip-hash-check</c>).</summary>
    Skipped,
}

/// <summary>The outcome of <see cref="SnapshotVerifier.VerifyAsync"/>.</summary>
/// <param name="File">The file checked.</param>
/// <param name="Size">Its size in bytes.</param>
/// <param name="Trailer">The sha256 trailer check.</param>
/// <param name="ExpectedSha256">The trailer's digest, hex, when present.</param>
/// <param name="ActualSha256">SHA-256 of the db bytes, hex, when computed.</param>
/// <param name="Status">etcdctl's status numbers; null when the file could not be opened as a bbolt db.</param>
/// <param name="Findings">Every structural problem.</param>
/// <param name="OpenError">Why the db could not be opened at all (both metas bad, too small), if so.</param>
public sealed record VerifyReport(
    string File,
    long Size,
    TrailerState Trailer,
    string? ExpectedSha256,
    string? ActualSha256,
    SnapshotStatus? Status,
    IReadOnlyList<BboltFinding> Findings,
    string? OpenError)
{
    /// <summary>True when <c>restore</c> would accept the file: a matching trailer (or an explicit skip) and a sound db.</summary>
    public bool Restorable =>
        Trailer is TrailerState.Ok or TrailerState.Skipped && Status is not null && Findings.Count == 0 && OpenError is null;

    /// <summary>Every problem as one line each, for printing.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            var problems = new List<string>();
            if (Trailer == TrailerState.Missing)
            {
                problems.Add($"sha256 trailer missing (size {Size}, want size % 512 == 32): a raw db copy or a truncated file");
            }
            else if (Trailer == TrailerState.Mismatch)
            {
                problems.Add($"sha256 mismatch: trailer says {ExpectedSha256}, db bytes hash to {ActualSha256}");
            }

            if (OpenError is not null)
            {
                problems.Add(OpenError);
            }

            problems.AddRange(Findings.Select(f => f.PageId is { } id ? $"page {id}: {f.Message}" : f.Message));
            return problems;
        }
    }
}
