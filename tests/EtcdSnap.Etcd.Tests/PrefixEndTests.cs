
namespace EtcdSnap.Etcd.Tests;

/// <summary>Prefix range ends, as etcd's clientv3.GetPrefixRangeEnd defines them.</summary>
public sealed class PrefixEndTests
{
    [Theory]
    [InlineData("/registry/", new byte[] { (byte)'/', (byte)'r', (byte)'e', (byte)'g', (byte)'i', (byte)'s', (byte)'t', (byte)'r', (byte)'y', (byte)'0' })]
    [InlineData("a", new byte[] { (byte)'b' })]
    [InlineData("", new byte[] { 0 })]
    public void PrefixEnd_Prefix_IncrementsLastByte(string prefix, byte[] expected) =>
        Assert.Equal(expected, EtcdMemberClient.PrefixEnd(prefix).ToByteArray());

    [Fact]
    public void PrefixEnd_TrailingFfBytes_AreDropped() =>
        // U+FFFF is EF BF BF in UTF-8: the last byte below 0xff is the 0xBF before the last, so "a" + EF BF C0.
        Assert.Equal(new byte[] { (byte)'a', 0xEF, 0xBF, 0xC0 }, EtcdMemberClient.PrefixEnd("a\uFFFF").ToByteArray());
}
