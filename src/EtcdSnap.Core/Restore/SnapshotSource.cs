using EtcdSnap.Formats;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Snapshot;

namespace EtcdSnap.Core.Restore;

/// <summary>
/// The file a restore reads: its trailer (etcd's only way to tell a snapshot from a raw db, <c>size % 512 == 32</c>),
/// its structure check, and the hash checks. The file is opened read-only and never written.
/// </summary>
internal sealed class SnapshotSource
{
    private SnapshotSource(string path, long fileLength, byte[]? trailer)
    {
        Path = path;
        FileLength = fileLength;
        Trailer = trailer;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Its length on disk.</summary>
    public long FileLength { get; }

    /// <summary>The SHA-256 trailer, or null for a raw db.</summary>
    public byte[]? Trailer { get; }

    /// <summary>Length of the db part (without the trailer).</summary>
    public long DbLength => SnapshotTrailer.DbLength(FileLength);

    /// <summary>
    /// Opens <paramref name="path"/> and applies etcd's trailer rule (<c>copyAndVerifyDB</c>, etcdutl @ v3.5.21): a file
    /// without a trailer is refused unless <paramref name="skipHashCheck"/>.
    /// </summary>
    /// <exception cref="CorruptDataException">No trailer and no <paramref name="skipHashCheck"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static SnapshotSource Open(string path, bool skipHashCheck)
    {
        ArgumentNullException.ThrowIfNull(path);
        long length;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            length = RandomAccess.GetLength(handle);
        }

        if (!SnapshotTrailer.HasTrailer(length))
        {
            if (!skipHashCheck)
            {
                throw new CorruptDataException(path, null,
                    $"snapshot missing hash but --skip-hash-check=false (size {length} is not 32 more than a multiple of 512)")
                {
                    Hint = "a raw member/snap/db copy has no SHA-256 trailer: pass --skip-hash-check if that is what this is; " +
                        "an incomplete download looks the same, so check the size against the source first",
                };
            }

            return new SnapshotSource(path, length, null);
        }

        return new SnapshotSource(path, length, SnapshotTrailer.ReadDigest(path));
    }

    /// <summary>
    /// Runs bbolt's structure check over every page (in one pass with the <c>snapshot status</c> numbers) and refuses a
    /// db with any finding: a broken db is never restored.
    /// </summary>
    /// <exception cref="CorruptDataException">The db is not a valid bbolt file, or the check found problems.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public SnapshotStatus CheckStructure(CancellationToken cancellationToken)
    {
        try
        {
            return CheckStructureCore(cancellationToken);
        }
        catch (CorruptDataException e) when (e.Hint is null)
        {
            throw new CorruptDataException(e.Path, e.Offset, e.Reason, e)
            {
                Hint = Trailer is null
                    ? "the db is damaged and is never restored; use another backup (a raw db copied from a running member is often inconsistent)"
                    : "the db is damaged and is never restored; use another backup",
            };
        }
    }

    private SnapshotStatus CheckStructureCore(CancellationToken cancellationToken)
    {
        using var db = BboltFile.Open(Path);
        var status = SnapshotStatusCalculator.Compute(db, StatusSemantics.Etcd34, cancellationToken);
        status.ThrowIfInconsistent();
        if (db.Meta.DataLength > DbLength)
        {
            throw new CorruptDataException(Path, DbLength,
                $"the db needs {db.Meta.DataLength} bytes but the file holds {DbLength} before its trailer");
        }

        if (status.Facts.Meta.Malformed.Count > 0)
        {
            throw new CorruptDataException(Path, null, "meta bucket: " + string.Join("; ", status.Facts.Meta.Malformed));
        }

        return status;
    }

    /// <summary>etcd's trailer comparison ("expected sha256 ..., got ...").</summary>
    /// <exception cref="CorruptDataException">The db bytes do not match the trailer.</exception>
    public void VerifyTrailer(byte[] dbDigest)
    {
        new SnapshotDigestCheck(Path, Trailer ?? throw new InvalidOperationException("no trailer"), dbDigest, DbLength)
            .ThrowIfMismatch();
    }

    /// <summary>Refuses anything but the pinned content.</summary>
    /// <exception cref="OperationRefusedException">Neither digest equals <paramref name="pinned"/>.</exception>
    public void VerifyPinned(byte[] pinned, byte[] dbDigest, byte[] fileDigest)
    {
        if (!pinned.AsSpan().SequenceEqual(dbDigest) && !pinned.AsSpan().SequenceEqual(fileDigest))
        {
            throw new OperationRefusedException(
                $"snapshot {Path} is not the pinned one: expected sha256 {Convert.ToHexStringLower(pinned)}, " +
                $"file has {Convert.ToHexStringLower(fileDigest)} (db {Convert.ToHexStringLower(dbDigest)})")
            {
                Hint = "restore the backup whose hash was pinned, or drop the pin if this file is the one you mean",
            };
        }
    }
}
