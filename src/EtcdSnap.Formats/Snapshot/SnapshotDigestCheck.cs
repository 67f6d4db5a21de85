namespace EtcdSnap.Formats.Snapshot;

/// <summary>The outcome of hashing a snapshot's db bytes against its SHA-256 trailer.</summary>
/// <param name="Path">The snapshot file.</param>
/// <param name="Expected">The digest stored in the trailer.</param>
/// <param name="Actual">SHA-256 of the db bytes as read.</param>
/// <param name="DbLength">Number of db bytes hashed (file length minus the trailer).</param>
public sealed record SnapshotDigestCheck(string Path, byte[] Expected, byte[] Actual, long DbLength)
{
    /// <summary>True when the trailer matches the db bytes.</summary>
    public bool IsMatch => Expected.AsSpan().SequenceEqual(Actual);

    /// <summary>Throws when the trailer does not match, in etcd's words ("expected sha256 ..., got ...").</summary>
    /// <exception cref="CorruptDataException">The digests differ.</exception>
    public void ThrowIfMismatch()
    {
        if (!IsMatch)
        {
            throw new CorruptDataException(Path, DbLength,
                $"expected sha256 {Convert.ToHexStringLower(Expected)}, got {Convert.ToHexStringLower(Actual)}")
            {
                Hint = "the file changed after it was saved (or was damaged in transit); use another backup",
            };
        }
    }
}
