using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Tests.Protobuf;

public sealed class ProtoWriterTests
{
    [Fact]
    public void Chain_EveryFieldKind_MatchesHandEncodedBytes()
    {
        var bytes = new ProtoWriter()
            .WriteUInt64(1, 300)
            .WriteInt64(2, -1)
            .WriteBool(3, false)
            .WriteString(4, "hé")
            .WriteMessage(5, m => m.WriteUInt64(1, 7))
            .WriteRaw([0x30, 0x01])
            .ToArray();

        Assert.Equal("08ac02" + "10ffffffffffffffffff01" + "1800" + "220368c3a9" + "2a020807" + "3001", Convert.ToHexStringLower(bytes));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ProtoReader.MaxFieldNumber + 1)]
    public void WriteTag_IllegalFieldNumber_Throws(int field) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProtoWriter().WriteTag(field, WireType.Varint));

    [Fact]
    public void VarintWrite_DestinationTooShort_ThrowsArgumentException() =>
        Assert.Throws<ArgumentException>(() => Varint.Write(new byte[1], 300));
}
