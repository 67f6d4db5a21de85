using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Wal;

/// <summary>One WAL record (walpb.Record) without its frame.</summary>
/// <remarks>
/// etcd <c>wal/walpb/record.proto</c>. Wire layout: <c>08 type</c> (int64) <c>10 crc</c> (uint32), both always
/// written, then <c>1a len data</c> when <see cref="Data"/> is not null. <see cref="Crc"/> is the CRC-32C of the
/// data of every record from the start of the WAL through this one (see <see cref="WalEncoder"/>).
/// </remarks>
public sealed record WalRecord
{
    private const int TypeField = 1;
    private const int CrcField = 2;
    private const int DataField = 3;

    /// <summary>The record type (kept as a raw int64 so unknown values can be reported).</summary>
    public WalRecordType Type { get; init; }

    /// <summary>The running CRC after this record's data.</summary>
    public uint Crc { get; init; }

    /// <summary>The payload; null when absent (crc records).</summary>
    public byte[]? Data { get; init; }

    /// <summary>Encodes the record exactly as etcd does.</summary>
    public byte[] ToByteArray()
    {
        var w = new ProtoWriter(24 + (Data?.Length ?? 0));
        WriteTo(w, Type, Crc, Data);
        return w.ToArray();
    }

    internal static void WriteTo(ProtoWriter w, WalRecordType type, uint crc, ReadOnlySpan<byte> data, bool hasData = true)
    {
        w.WriteInt64(TypeField, (long)type);
        w.WriteUInt64(CrcField, crc);
        if (hasData)
        {
            w.WriteBytes(DataField, data);
        }
    }

    private static void WriteTo(ProtoWriter w, WalRecordType type, uint crc, byte[]? data) =>
        WriteTo(w, type, crc, data, data is not null);

    /// <summary>Decodes a record; unknown fields are skipped and missing fields are zero.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid encoding.</exception>
    public static WalRecord Parse(ReadOnlySpan<byte> data, string source = "walpb.Record", long baseOffset = 0) =>
        Parse(data, source, baseOffset, out _);

    /// <summary>Decodes a record and reports where its data starts within <paramref name="source"/>.</summary>
    internal static WalRecord Parse(ReadOnlySpan<byte> data, string source, long baseOffset, out long dataOffset)
    {
        dataOffset = baseOffset;
        var r = new ProtoReader(data, source, baseOffset, "walpb.Record");
        long type = 0;
        uint crc = 0;
        byte[]? payload = null;
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case TypeField:
                    type = (long)r.ReadVarintField(field, wireType);
                    break;
                case CrcField:
                    // uint32 on the wire: a varint whose upper bits gogo truncates.
                    crc = (uint)r.ReadVarintField(field, wireType);
                    break;
                case DataField:
                    payload = r.ReadBytesField(field, wireType, out dataOffset).ToArray();
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        return new WalRecord { Type = (WalRecordType)type, Crc = crc, Data = payload };
    }
}
