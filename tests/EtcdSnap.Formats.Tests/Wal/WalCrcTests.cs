using EtcdSnap.Formats.Wal;

namespace EtcdSnap.Formats.Tests.Wal;

public sealed class WalCrcTests
{
    [Fact]
    public void Compute_CheckString_IsCastagnoliCheckValue()
    {
        Assert.Equal(0xE3069283u, WalCrc.Compute("123456789"u8));
        Assert.Equal(WalCrc.CheckValue, WalCrc.Compute("123456789"u8));
        Assert.Equal(0u, WalCrc.Compute([]));
    }

    [Fact]
    public void Append_AnySplit_EqualsComputeOfConcatenation()
    {
        var data = new byte[1000];
        new Random(42).NextBytes(data);
        var whole = WalCrc.Compute(data);

        for (var split = 0; split <= data.Length; split += 37)
        {
            Assert.Equal(whole, WalCrc.Append(WalCrc.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void Compute_LabMetadataRecord_MatchesEtcdCrc()
    {
        // etcd-formats.md §5.6: the metadata record of m1 carries crc 0xc6c1285c (running CRC from 0).
        var metadata = Convert.FromHexString("088b91f388fb83d6f43e109ff8c693f9a8d09b8801");

        Assert.Equal(0xc6c1285cu, WalCrc.Compute(metadata));
    }
}
