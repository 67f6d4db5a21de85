namespace EtcdSnap.Storage.Compression;

/// <summary>Streaming zstd compression of backups.</summary>
public static class BackupCompression
{
    /// <summary>
    /// The default zstd level: 1, the fastest regular level. An etcd db compresses to roughly a third at
    /// level 1, and higher levels cost far more CPU on the control-plane node than they save in bytes
    /// (docs/storage.md has the numbers).
    /// </summary>
    public const int DefaultLevel = 1;

    /// <summary>The lowest level accepted (zstd's fast negative levels start below 1).</summary>
    public const int MinLevel = -7;

    /// <summary>The highest level accepted: above 19, zstd's windows outgrow what a restore allows (8 MiB).</summary>
    public const int MaxLevel = 19;

    /// <summary>Wraps <paramref name="source"/> in a stream that reads as one zstd frame of it.</summary>
    /// <remarks>The returned stream owns <paramref name="source"/>.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is outside <see cref="MinLevel"/>..<see cref="MaxLevel"/> or 0.</exception>
    public static Stream Compress(Stream source, int level = DefaultLevel)
    {
        if (level is < MinLevel or > MaxLevel or 0)
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, $"zstd level must be {MinLevel}..-1 or 1..{MaxLevel}");
        }

        return new ZstdCompressingReadStream(source, level);
    }

    /// <summary>Wraps zstd data in a stream that reads as its content; bad data raises CorruptDataException naming <paramref name="path"/>.</summary>
    /// <remarks>The returned stream owns <paramref name="compressed"/>.</remarks>
    public static Stream Decompress(Stream compressed, string path) => new ZstdDecompressingReadStream(compressed, path);
}
