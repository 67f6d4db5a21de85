using System.Buffers.Binary;
using EtcdSnap.Formats.Hashing;

namespace EtcdSnap.Formats.Wal;

/// <summary>
/// Reads the frames of one segment, verifying the CRC chain (etcd <c>wal/decoder.go</c>, plus stricter frame checks).
/// </summary>
/// <remarks>
/// Stops at a zero length field or the end of the file. Throws <see cref="CorruptDataException"/> for corruption;
/// a torn record at the end of the last segment is reported through <see cref="TornTail"/> instead. Checks beyond
/// etcd's: the padding bits of each length field must be what etcd writes, padding bytes must be zero, and the
/// segment must start with a crc record (etcd always writes one there).
/// </remarks>
internal sealed class WalSegmentDecoder
{
    private const int SectorSize = 512; // etcd minSectorSize: torn writes are detected per sector

    private readonly Stream _stream;
    private readonly string _path;
    private readonly long _length;
    private readonly bool _isLast;
    private readonly long _maxRecordBytes;
    private readonly byte[] _lengthField = new byte[WalFrame.LengthFieldSize];
    private bool _done;

    public WalSegmentDecoder(Stream stream, string path, long length, uint runningCrc, bool isLast, long maxRecordBytes)
    {
        _stream = stream;
        _path = path;
        _length = length;
        Crc = runningCrc;
        _isLast = isLast;
        _maxRecordBytes = maxRecordBytes;
    }

    /// <summary>The running CRC after the last valid record.</summary>
    public uint Crc { get; private set; }

    /// <summary>Offset just past the last valid record.</summary>
    public long Offset { get; private set; }

    /// <summary>Set when the segment ended in a torn record.</summary>
    public WalTornTail? TornTail { get; private set; }

    /// <summary>Reads the next valid record; false at the end of the data.</summary>
    public bool TryRead(out WalRecord record, out long offset, out long dataOffset)
    {
        record = null!;
        offset = Offset;
        dataOffset = Offset;
        if (_done)
        {
            return false;
        }

        var remaining = _length - Offset;
        if (remaining == 0)
        {
            return End();
        }

        if (remaining < WalFrame.LengthFieldSize)
        {
            return TornOrCorrupt($"file ends inside a length field ({remaining} bytes left)");
        }

        _stream.ReadExactly(_lengthField);
        var field = BinaryPrimitives.ReadUInt64LittleEndian(_lengthField);
        if (field == 0)
        {
            return End();
        }

        if (!WalFrame.TryDecodeLengthField(field, out var n, out var pad))
        {
            throw Corrupt($"length field 0x{field:x16} has padding bits 0x{field >> WalFrame.PaddingShift:x2}, " +
                $"want 0x{WalFrame.EncodeLengthField(n) >> WalFrame.PaddingShift:x2} for a {n}-byte record");
        }

        if (n > _maxRecordBytes)
        {
            throw Corrupt($"record length {n} exceeds the limit of {_maxRecordBytes} bytes");
        }

        var available = remaining - WalFrame.LengthFieldSize;
        if (n + pad > available)
        {
            return TornOrCorrupt($"record of {n + pad} bytes (with padding) exceeds the {available} bytes left in the file");
        }

        var frame = new byte[n + pad];
        _stream.ReadExactly(frame);
        var recordOffset = Offset + WalFrame.LengthFieldSize;
        WalRecord parsed;
        try
        {
            parsed = WalRecord.Parse(frame.AsSpan(0, (int)n), _path, recordOffset, out dataOffset);
        }
        catch (CorruptDataException e) when (IsTorn(frame, recordOffset))
        {
            return TornOrCorrupt($"record does not decode and has an all-zero sector ({e.Reason})");
        }

        if (Validate(parsed, frame, (int)n, recordOffset) is { } tornReason)
        {
            return TornOrCorrupt(tornReason);
        }

        record = parsed;
        Offset += WalFrame.LengthFieldSize + n + pad;
        return true;
    }

    // Returns why the record is torn, null when it is valid; throws when it is corrupt.
    private string? Validate(WalRecord record, byte[] frame, int n, long recordOffset)
    {
        if (Offset == 0 && record.Type != WalRecordType.Crc)
        {
            throw Corrupt($"segment starts with a {Describe(record.Type)} record, not a crc record");
        }

        if (record.Type == WalRecordType.Crc)
        {
            // etcd wal.ReadAll: a crc record must repeat the running CRC, except when nothing was read before it
            // (the first segment, or the first one left after older segments were purged).
            if (Crc != 0 && record.Crc != Crc)
            {
                throw Corrupt($"crc record holds 0x{record.Crc:x8}, but the records before it add up to 0x{Crc:x8}");
            }

            Crc = record.Crc;
        }
        else
        {
            var computed = Crc32C.Append(Crc, record.Data);
            if (computed != record.Crc)
            {
                if (IsTorn(frame, recordOffset))
                {
                    return $"crc mismatch in a record with an all-zero sector (record 0x{record.Crc:x8}, computed 0x{computed:x8})";
                }

                throw Corrupt($"crc mismatch: {Describe(record.Type)} record holds 0x{record.Crc:x8}, data gives 0x{computed:x8}");
            }

            Crc = computed;
        }

        if (frame.AsSpan(n).ContainsAnyExcept((byte)0))
        {
            throw Corrupt("padding bytes after the record are not zero");
        }

        return null;
    }

    // etcd decoder.isTornEntry: split the frame's data at 512-byte sector boundaries of the file; a sector that
    // is entirely zero was never written.
    private bool IsTorn(byte[] data, long fileOffset)
    {
        if (!_isLast)
        {
            return false;
        }

        var at = 0;
        while (at < data.Length)
        {
            var chunk = (int)Math.Min(SectorSize - (fileOffset % SectorSize), data.Length - at);
            if (!data.AsSpan(at, chunk).ContainsAnyExcept((byte)0))
            {
                return true;
            }

            at += chunk;
            fileOffset += chunk;
        }

        return false;
    }

    private bool TornOrCorrupt(string reason)
    {
        if (!_isLast)
        {
            throw Corrupt(reason);
        }

        TornTail = new WalTornTail(_path, Offset, reason);
        _done = true;
        return false;
    }

    private bool End()
    {
        _done = true;
        return false;
    }

    private CorruptDataException Corrupt(string reason) => new(_path, Offset, reason);

    internal static string Describe(WalRecordType type) =>
        Enum.IsDefined(type) ? type.ToString().ToLowerInvariant() : $"type-{(long)type}";
}
