using EtcdSnap.Formats.Hashing;
using EtcdSnap.Formats.IO;
using EtcdSnap.Formats.Protobuf;
using EtcdSnap.Formats.Raft;

namespace EtcdSnap.Formats.Snap;

/// <summary>
/// A <c>member/snap/*.snap</c> file: snappb.snapshot{crc, data} where data is an encoded <see cref="RaftSnapshot"/>
/// and crc its CRC-32C (etcd <c>etcdserver/api/snap/snapshotter.go</c>, <c>snap/snappb/snap.proto</c>).
/// </summary>
/// <remarks>
/// Wire layout: <c>08 crc</c> (uint32 varint, always written) then <c>12 len data</c>. etcd refuses an empty file,
/// an empty <c>data</c> or a zero crc (ErrEmptySnapshot), and a crc that does not match (it then renames the file to
/// <c>*.broken</c>).
/// </remarks>
public static class SnapFile
{
    /// <summary>Largest file <see cref="Read"/> accepts (the v2 store of a 3.x cluster holds membership only).</summary>
    public const long MaxFileBytes = 512L * 1024 * 1024;

    private const int CrcField = 1;
    private const int DataField = 2;

    /// <summary>The bytes of the snap file for <paramref name="snapshot"/>.</summary>
    public static byte[] Encode(RaftSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var data = snapshot.ToByteArray();
        var w = new ProtoWriter(data.Length + 16);
        w.WriteUInt64(CrcField, Crc32C.Compute(data));
        w.WriteBytes(DataField, data);
        return w.ToArray();
    }

    /// <summary>Checks and decodes the bytes of a snap file.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="path">The file's path, for error messages.</param>
    /// <exception cref="CorruptDataException">The file is empty, has no data or a zero crc, the crc does not match, or
    /// the snapshot does not decode.</exception>
    public static RaftSnapshot Decode(ReadOnlySpan<byte> bytes, string path)
    {
        if (bytes.IsEmpty)
        {
            throw new CorruptDataException(path, null, "empty snapshot file");
        }

        var r = new ProtoReader(bytes, path, 0, "snappb.snapshot");
        uint crc = 0;
        ReadOnlySpan<byte> data = default;
        long dataOffset = 0;
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case CrcField:
                    crc = (uint)r.ReadVarintField(field, wireType);
                    break;
                case DataField:
                    data = r.ReadBytesField(field, wireType, out dataOffset);
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        if (data.IsEmpty || crc == 0)
        {
            throw new CorruptDataException(path, null, "snapshot has no data or a zero crc (etcd: ErrEmptySnapshot)");
        }

        var computed = Crc32C.Compute(data);
        if (computed != crc)
        {
            throw new CorruptDataException(path, dataOffset, $"crc mismatch: file holds 0x{crc:x8}, data gives 0x{computed:x8}");
        }

        return RaftSnapshot.Parse(data, path, dataOffset);
    }

    /// <summary>Reads, checks and decodes a snap file.</summary>
    /// <exception cref="CorruptDataException">See <see cref="Decode"/>; also a file larger than <see cref="MaxFileBytes"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RaftSnapshot Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            throw new CorruptDataException(path, null, $"snap file of {length} bytes is larger than the {MaxFileBytes}-byte limit");
        }

        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>
    /// Writes <paramref name="snapshot"/> into <paramref name="snapDir"/> as <c>&lt;term&gt;-&lt;index&gt;.snap</c>
    /// (through a fsynced <c>.part</c> file and a rename), mode 0600, and returns its path.
    /// </summary>
    /// <exception cref="IOException">The file already exists or cannot be written; nothing is left behind.</exception>
    public static string Write(string snapDir, RaftSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var name = new SnapFileName(snapshot.Metadata.Term, snapshot.Metadata.Index);
        var path = Path.Combine(snapDir, name.ToString());
        DurableFile.WriteAllBytes(path, Encode(snapshot));
        return path;
    }
}
