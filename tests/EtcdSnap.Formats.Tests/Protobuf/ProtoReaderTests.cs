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

    [Fact]
    public void SkipField_ReturnsValueSize_PayloadOnlyForLengthDelimited()
    {
        // 1: varint 300 (2 bytes), 2: fixed64, 3: bytes "abc" (prefix not counted), 4: fixed32
        var bytes = Convert.FromHexString("08ac02" + "110102030405060708" + "1a03616263" + "2501020304");
        var r = new ProtoReader(bytes, "x");
        var sizes = new List<(int, WireType, int)>();
        while (r.TryReadTag(out var field, out var wt))
        {
            sizes.Add((field, wt, r.SkipField(wt)));
        }

        Assert.Equal([(1, WireType.Varint, 2), (2, WireType.Fixed64, 8), (3, WireType.LengthDelimited, 3), (4, WireType.Fixed32, 4)],
            sizes);
    }

    [Fact]
    public void ReadVarintField_WrongWireType_ReportsTheKeyOffsetAndName()
    {
        // field 2 as length-delimited, at offset 2 of a value that starts at 50
        var bytes = Convert.FromHexString("0801" + "12016100");

        var e = Assert.Throws<CorruptDataException>(() =>
        {
            var r = new ProtoReader(bytes, "v", 50, "m.Type");
            r.TryReadTag(out var f, out var wt);
            r.ReadVarintField(f, wt);
            r.TryReadTag(out f, out wt);
            r.ReadVarintField(f, wt, "count");
        });

        Assert.Equal(52, e.Offset);
        Assert.Equal("m.Type: count (field 2) has wire type 2, want 0", e.Reason);
    }

    [Fact]
    public void TryReadTag_FieldNumberAboveMaximum_ThrowsCorrupt()
    {
        var key = new byte[Varint.MaxLength];
        var n = Varint.Write(key, ((ulong)ProtoReader.MaxFieldNumber + 1) << 3);

        var e = Assert.Throws<CorruptDataException>(() =>
        {
            var r = new ProtoReader(key.AsSpan(0, n), "x");
            r.TryReadTag(out _, out _);
        });

        Assert.Contains("illegal field number 536870912", e.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadMessage_NestedReader_ReportsAbsoluteOffsets()
    {
        // field 1, 3 bytes: { field 1, length 9 with 1 byte left }
        var bytes = Convert.FromHexString("0a030a0900");

        var e = Assert.Throws<CorruptDataException>(() =>
        {
            var r = new ProtoReader(bytes, "x", 10);
            r.TryReadTag(out _, out _);
            var nested = r.ReadMessage("inner");
            nested.TryReadTag(out _, out _);
            nested.ReadLengthDelimited();
        });

        Assert.Equal(13, e.Offset);
        Assert.Equal("inner: length 9 exceeds the 1 bytes left in the message", e.Reason);
    }

    [Fact]
    public void ReadString_InvalidUtf8_BecomesReplacementCharacter()
    {
        var r = new ProtoReader(Convert.FromHexString("0a0361ff62"), "x");
        r.TryReadTag(out var field, out var wt);

        Assert.Equal("a\uFFFDb", r.ReadStringField(field, wt));
    }
}
