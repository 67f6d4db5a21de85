using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Tests.Protobuf;

public sealed class VarintTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(1UL, "01")]
    [InlineData(127UL, "7f")]
    [InlineData(128UL, "8001")]
    [InlineData(1217559445178419400UL, "c891a0f6d4fbe8f210")] // member m2 of the etcd-formats.md §5.6 vector
    [InlineData(ulong.MaxValue, "ffffffffffffffffff01")]
    public void Write_KnownValue_MatchesProtobufEncoding(ulong value, string hex)
    {
        var buffer = new byte[Varint.MaxLength];
        var n = Varint.Write(buffer, value);

        Assert.Equal(hex, Convert.ToHexStringLower(buffer, 0, n));
        Assert.Equal(n, Varint.SizeOf(value));
        Assert.Equal(n, Varint.TryRead(buffer.AsSpan(0, n), out var back));
        Assert.Equal(value, back);
    }

    [Fact]
    public void TryRead_EndsInsideVarint_ReturnsZero()
    {
        Assert.Equal(0, Varint.TryRead([0x80, 0x80], out _));
    }

    [Fact]
    public void TryRead_ElevenBytesOrTenthByteOverflow_ReturnsMinusOne()
    {
        Assert.Equal(-1, Varint.TryRead(Convert.FromHexString("ffffffffffffffffff02"), out _));
        Assert.Equal(-1, Varint.TryRead(Convert.FromHexString("ffffffffffffffffff8001"), out _));
    }
}
