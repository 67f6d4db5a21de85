using EtcdSnap.Formats.Mvcc;

namespace EtcdSnap.Formats.Tests.Mvcc;

public sealed class RevisionTests
{
    [Fact]
    public void ToKey_RoundTripsAndSortsLikeRevisions()
    {
        var a = new Revision(308, 0).ToKey();
        var b = new Revision(308, 1).ToKey();
        var c = new Revision(309, 0).ToKey(tombstone: true);

        Assert.Equal("0000000000000134" + "5f" + "0000000000000000", Convert.ToHexStringLower(a));
        Assert.True(a.AsSpan().SequenceCompareTo(b) < 0 && b.AsSpan().SequenceCompareTo(c) < 0);
        Assert.True(Revision.TryParseKey(c, out var parsed, out var tombstone));
        Assert.Equal(new Revision(309, 0), parsed);
        Assert.True(tombstone);
    }

    [Theory]
    [InlineData("00000000000001345f00000000000000")]      // 16 bytes
    [InlineData("00000000000001342d0000000000000000")]    // '-' instead of '_'
    [InlineData("00000000000001345f000000000000000078")]  // 18 bytes without 't'
    [InlineData("80000000000001345f0000000000000000")]    // negative main
    public void TryParseKey_Malformed_ReturnsFalse(string hex) =>
        Assert.False(Revision.TryParseKey(Convert.FromHexString(hex), out _, out _));

    [Fact]
    public void MvccKeyValue_TombstoneValue_HasKeyOnly()
    {
        // etcd-formats.md 3.1: the tombstone of key "a" is 0a 01 61.
        Assert.True(MvccKeyValue.TryParse(Convert.FromHexString("0a0161"), out var kv));
        Assert.Equal("a"u8.ToArray(), kv.Key.ToArray());
        Assert.Equal(0, kv.ModRevision);
        Assert.False(MvccKeyValue.TryParse(Convert.FromHexString("0a05"), out _));
    }
}
