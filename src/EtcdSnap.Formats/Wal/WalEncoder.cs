using System.Buffers.Binary;
using EtcdSnap.Formats.Hashing;
using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Wal;

/// <summary>
/// Frames WAL records onto a stream and keeps the running CRC that chains them (etcd <c>wal/encoder.go</c>).
/// </summary>
/// <remarks>
/// For every record with data, the running CRC becomes <c>crc32c_update(running, data)</c> and is stored in the
/// record; a crc record stores the running value unchanged. The running value is carried from segment to segment
/// by starting the next segment's encoder with <see cref="Crc"/> and writing <see cref="WriteCrcRecord"/> first.
/// </remarks>
public sealed class WalEncoder
{
    private readonly Stream _stream;

    /// <summary>Creates an encoder that appends to <paramref name="stream"/> at its current position.</summary>
    /// <param name="stream">Where frames go; its position must be 8-byte aligned.</param>
    /// <param name="previousCrc">The running CRC of everything before (0 for the start of a WAL).</param>
    public WalEncoder(Stream stream, uint previousCrc)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        Crc = previousCrc;
    }

    /// <summary>The running CRC after the last record written.</summary>
    public uint Crc { get; private set; }

    /// <summary>Frames a record of <paramref name="type"/> carrying <paramref name="data"/>.</summary>
    public void Write(WalRecordType type, ReadOnlySpan<byte> data)
    {
        Crc = Crc32C.Append(Crc, data);
        WriteFrame(type, data, hasData: true);
    }

    /// <summary>Frames a crc record holding the current running CRC (the first record of every segment).</summary>
    public void WriteCrcRecord() => WriteFrame(WalRecordType.Crc, default, hasData: false);

    private void WriteFrame(WalRecordType type, ReadOnlySpan<byte> data, bool hasData)
    {
        var record = new ProtoWriter(24 + data.Length);
        WalRecord.WriteTo(record, type, Crc, data, hasData);
        var n = record.Length;
        var pad = WalFrame.PaddingFor(n);
        var frameLength = WalFrame.LengthFieldSize + n + pad;

        // One write per frame: length field, record, zero padding.
        var frame = frameLength <= 4096 ? stackalloc byte[frameLength] : new byte[frameLength];
        BinaryPrimitives.WriteUInt64LittleEndian(frame, WalFrame.EncodeLengthField(n));
        record.WrittenSpan.CopyTo(frame[WalFrame.LengthFieldSize..]);
        frame[(WalFrame.LengthFieldSize + n)..].Clear();
        _stream.Write(frame);
    }
}
