using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Tests.Protobuf;

public sealed class ProtoReaderTests
{
    [Fact]
    public void ReadLengthDelimited_LengthBeyondMessage_ThrowsCorruptWithAbsoluteOffset()
    {
        // field 3, length 100, only 2 bytes follow
        var bytes = Convert.FromHexString("1a64aabb");

        var e = Assert.Throws<CorruptDataException>(() =>
        {
            var r = new ProtoReader(bytes, "f.wal", 1000, "walpb.Record");
            r.TryReadTag(out _, out _);
            r.ReadLengthDelimited();
        });

        Assert.Equal("f.wal", e.Path);
        Assert.Equal(1001, e.Offset);
        Assert.Contains("length 100 exceeds the 2 bytes left", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadLengthDelimited_HugeLength_ThrowsBeforeAllocating()
    {
        var bytes = Convert.FromHexString("1affffffffffffffff7f");

        Assert.Throws<CorruptDataException>(() =>
        {
            var r = new ProtoReader(bytes, "x", 0, "m");
            r.TryReadTag(out _, out _);
            r.ReadLengthDelimited();
        });
    }

    [Theory]
    [InlineData("00")]       // field number 0
    [InlineData("0b")]       // wire type 3 (start group)
    [InlineData("0c")]       // wire type 4 (end group)
    [InlineData("0e")]       // wire type 6
    public void TryReadTag_IllegalKey_ThrowsCorrupt(string hex)
    {
        Assert.Throws<CorruptDataException>(() =>
        {
            var r = new ProtoReader(Convert.FromHexString(hex), "x", 0, "m");
            r.TryReadTag(out _, out _);
        });
    }

    [Fact]
    public void SkipField_AllWireTypes_LandsOnNextField()
    {
        // 1: varint 300, 2: fixed64, 3: bytes "ab", 4: fixed32, then 5: varint 7
        var bytes = Convert.FromHexString("08ac02" + "110102030405060708" + "1a026162" + "2501020304" + "2807");
        var r = new ProtoReader(bytes, "x", 0, "m");
        ulong last = 0;
        while (r.TryReadTag(out var field, out var wt))
        {
            if (field == 5)
            {
                last = r.ReadVarint();
            }
            else
            {
                r.SkipField(wt);
            }
        }

        Assert.Equal(7UL, last);
    }

    [Fact]
    public void SkipField_TruncatedFixed64_ThrowsCorrupt()
    {
        Assert.Throws<CorruptDataException>(() =>
        {
            var r = new ProtoReader(Convert.FromHexString("110102"), "x", 0, "m");
            r.TryReadTag(out _, out var wt);
            r.SkipField(wt);
        });
    }
}
