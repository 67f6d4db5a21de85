using EtcdSnap.Formats.Wal;

namespace EtcdSnap.Formats.Tests.Wal;

public sealed class WalFrameTests
{
    [Theory]
    [InlineData(4, 0x8400000000000004UL)]    // crc record: 4 bytes + 4 pad
    [InlineData(31, 0x810000000000001fUL)]   // metadata record: 31 + 1
    [InlineData(110, 0x820000000000006eUL)]  // entry record: 110 + 2
    [InlineData(24, 0x0000000000000018UL)]   // hard state record: no padding, top byte 0
    public void EncodeLengthField_LabRecords_MatchEtcd(long length, ulong expected)
    {
        Assert.Equal(expected, WalFrame.EncodeLengthField(length));
        Assert.True(WalFrame.TryDecodeLengthField(expected, out var n, out var pad));
        Assert.Equal(length, n);
        Assert.Equal((8 - (length % 8)) % 8, pad);
    }

    [Theory]
    [InlineData(0x8300000000000004UL)] // pad 3 for a 4-byte record
    [InlineData(0x0000000000000004UL)] // padding needed but flag missing
    [InlineData(0x8000000000000018UL)] // flag set without padding
    [InlineData(0x0100000000000018UL)] // stray bit etcd would mask away
    public void TryDecodeLengthField_InconsistentPadding_ReturnsFalse(ulong field)
    {
        Assert.False(WalFrame.TryDecodeLengthField(field, out _, out _));
    }
}
