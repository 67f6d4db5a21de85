using EtcdSnap.Formats.Hashing;

namespace EtcdSnap.Formats.Tests.Hashing;

public sealed class Fnv1a64Tests
{
    [Theory]
    [InlineData("", 0xcbf29ce484222325UL)]
    [InlineData("a", 0xaf63dc4c8601ec8cUL)]
    [InlineData("foobar", 0x85944171f73967e8UL)]
    public void Compute_PublishedVectors(string input, ulong expected) =>
        Assert.Equal(expected, Fnv1a64.Compute(System.Text.Encoding.ASCII.GetBytes(input)));

    [Fact]
    public void Compute_LabMetaPage_MatchesStoredChecksum()
    {
        // etcd-formats.md 2.3: meta 0 of the lab snapshot; the checksum covers page bytes 16..71.
        var page = Convert.FromHexString(
            "0000000000000000" + "0400" + "0000" + "00000000" +
            "edda0ced" + "02000000" + "00100000" + "00000000" + "1000000000000000" + "0000000000000000" +
            "ffffffffffffffff" + "1400000000000000" + "5200000000000000" + "951da450ffd92f1f");
        Assert.Equal(BitConverter.ToUInt64(page, 72), Fnv1a64.Compute(page.AsSpan(16, 56)));
    }
}
