using System.Buffers;
using System.Security.Cryptography;

using EtcdSnap.Formats.IO;

namespace EtcdSnap.Formats.Snapshot;

/// <summary>
/// The SHA-256 trailer that <c>etcdctl snapshot save</c> leaves at the end of a snapshot file:
/// <c>file = db bytes || SHA-256(db bytes)</c>.
/// </summary>
/// <remarks>
/// The db is a whole number of pages (at least 512 bytes each), so a file with a trailer has
/// <c>length % 512 == 32</c>; etcd has no other way to tell (etcd <c>etcdutl/snapshot/v3_snapshot.go</c>,
/// <c>hasChecksum</c>). A raw <c>member/snap/db</c> copy has no trailer.
/// </remarks>
public static class SnapshotTrailer
{
    /// <summary>Length of the trailer: one SHA-256 digest.</summary>
    public const int Length = 32;

    /// <summary>The db length is a multiple of this, which is what makes the trailer detectable.</summary>
    public const int Alignment = 512;

    private const int ReadChunk = 1 << 20;

    /// <summary>True when a file of this length ends with a SHA-256 trailer (<c>length % 512 == 32</c>).</summary>
    public static bool HasTrailer(long fileLength) => fileLength >= Length && fileLength % Alignment == Length;

    /// <summary>Length of the db part: the file length without the trailer, if there is one.</summary>
    public static long DbLength(long fileLength) => HasTrailer(fileLength) ? fileLength - Length : fileLength;

    /// <summary>Reads the 32-byte digest stored at the end of a snapshot file.</summary>
    /// <exception cref="CorruptDataException">The file's length shows no trailer.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static byte[] ReadDigest(string path)
    {
        using var handle = PositionalFile.OpenRead(path);
        var length = RandomAccess.GetLength(handle);
        if (!HasTrailer(length))
        {
            throw MissingTrailer(path, length);
        }

        var digest = new byte[Length];
        PositionalFile.ReadExactly(handle, path, digest, length - Length);
        return digest;
    }

    /// <summary>
    /// Hashes the db part of a snapshot file with SHA-256, reading it once in 1 MiB chunks, and compares the result with
    /// the trailer. The file is opened read-only.
    /// </summary>
    /// <param name="path">The snapshot file.</param>
    /// <param name="progress">Receives the number of db bytes hashed so far (after each chunk).</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <exception cref="CorruptDataException">The file's length shows no trailer, or the file shrank while reading.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static SnapshotDigestCheck Verify(string path, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
    {
        using var handle = PositionalFile.OpenRead(path);
        var length = RandomAccess.GetLength(handle);
        if (!HasTrailer(length))
        {
            throw MissingTrailer(path, length);
        }

        var dbLength = length - Length;
        var expected = new byte[Length];
        PositionalFile.ReadExactly(handle, path, expected, dbLength);

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadChunk);
        try
        {
            for (long offset = 0; offset < dbLength;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = buffer.AsSpan(0, (int)Math.Min(ReadChunk, dbLength - offset));
                PositionalFile.ReadExactly(handle, path, chunk, offset);
                sha.AppendData(chunk);
                offset += chunk.Length;
                progress?.Report(offset);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return new SnapshotDigestCheck(path, expected, sha.GetHashAndReset(), dbLength);
    }

    private static CorruptDataException MissingTrailer(string path, long length) =>
        new(path, null, $"sha256 checksum not found (size {length} is not 32 more than a multiple of 512)")
        {
            Hint = "a raw member/snap/db copy has no trailer; an incomplete download (*.part) looks the same",
        };
}
