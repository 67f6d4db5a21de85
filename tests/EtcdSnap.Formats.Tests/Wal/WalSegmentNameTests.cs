using EtcdSnap.Formats.Snap;
using EtcdSnap.Formats.Wal;

namespace EtcdSnap.Formats.Tests.Wal;

public sealed class WalSegmentNameTests
{
    [Fact]
    public void ToString_FirstSegment_IsEtcdName()
    {
        Assert.Equal("0000000000000000-0000000000000000.wal", new WalSegmentName(0, 0).ToString());
        Assert.Equal("0000000000000001-00000000000000ff.wal", new WalSegmentName(1, 255).ToString());
    }

    [Fact]
    public void TryParse_RoundTrip()
    {
        Assert.True(WalSegmentName.TryParse("000000000000000a-ffffffffffffffff.wal", out var name));
        Assert.Equal(new WalSegmentName(10, ulong.MaxValue), name);
    }

    [Theory]
    [InlineData("0.tmp")]
    [InlineData("1.tmp")]
    [InlineData("0000000000000000-0000000000000000.wal.broken")]
    [InlineData("000000000000000A-0000000000000000.wal")]
    [InlineData("0000000000000000_0000000000000000.wal")]
    [InlineData("000000000000000-00000000000000000.wal")]
    [InlineData("000000000000000x-0000000000000000.wal")]
    public void TryParse_NotASegment_ReturnsFalse(string fileName)
    {
        Assert.False(WalSegmentName.TryParse(fileName, out _));
    }

    [Fact]
    public void SnapFileName_FormatAndParse()
    {
        Assert.Equal("0000000000000001-0000000000000002.snap", new SnapFileName(1, 2).ToString());
        Assert.True(SnapFileName.TryParse("0000000000000001-0000000000000002.snap", out var n));
        Assert.Equal(new SnapFileName(1, 2), n);
        Assert.False(SnapFileName.TryParse("db", out _));
        Assert.False(SnapFileName.TryParse("0000000000000001-0000000000000002.snap.broken", out _));
        Assert.False(SnapFileName.TryParse("0000000000000001-0000000000000002.snap.db", out _));
    }
}
