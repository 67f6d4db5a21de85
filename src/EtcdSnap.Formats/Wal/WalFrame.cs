namespace EtcdSnap.Formats.Wal;

// The frame around every WAL record (etcd wal/encoder.go encodeFrameSize, wal/decoder.go decodeFrameSize):
//
//   00-07  u64 LE length field: bits 0-55 = n, the record length; bits 56-63 = 0x80 | pad when pad != 0, else 0
//   08-    n bytes of walpb.Record
//          pad zero bytes, pad = (8 - n % 8) % 8, so that every frame (and so every length field) is 8-byte aligned
//
// A length field of 0 marks the end of the data: segments are preallocated with zeros.
internal static class WalFrame
{
    /// <summary>Size of the length field that starts each frame.</summary>
    public const int LengthFieldSize = 8;

    /// <summary>Frames start at multiples of this.</summary>
    public const int Alignment = 8;

    /// <summary>Bits 0-55 of the length field hold the record length.</summary>
    public const ulong LengthMask = (1UL << 56) - 1;

    /// <summary>Bit 63 says that bits 56-58 hold a padding count.</summary>
    public const ulong PaddingFlag = 1UL << 63;

    /// <summary>The padding count sits in the low three bits of the top byte.</summary>
    public const int PaddingShift = 56;

    /// <summary>Zero bytes that follow a record of <paramref name="recordLength"/> bytes.</summary>
    public static int PaddingFor(long recordLength) => (int)((Alignment - (recordLength % Alignment)) % Alignment);

    /// <summary>The length field etcd writes for a record of <paramref name="recordLength"/> bytes.</summary>
    public static ulong EncodeLengthField(long recordLength)
    {
        var pad = PaddingFor(recordLength);
        var field = (ulong)recordLength;
        return pad == 0 ? field : field | ((0x80UL | (uint)pad) << PaddingShift);
    }

    /// <summary>
    /// Splits a length field into record length and padding, accepting only what etcd's encoder produces: the top
    /// byte is 0 when no padding is needed and <c>0x80 | pad</c> with the right pad otherwise.
    /// </summary>
    /// <returns>False when the top byte is inconsistent with the length (etcd would ignore it; we call it corrupt).</returns>
    public static bool TryDecodeLengthField(ulong field, out long recordLength, out int padding)
    {
        recordLength = (long)(field & LengthMask);
        padding = (field & PaddingFlag) != 0 ? (int)((field >> PaddingShift) & 0x7) : 0;
        return field == EncodeLengthField(recordLength);
    }
}
