using System.Buffers.Binary;
using System.Numerics;

namespace EtcdSnap.Formats.Wal;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) with Go's <c>crc32.Update</c> semantics: values going in
/// and out are finalized CRCs, so <c>Append(Compute(a), b) == Compute(a || b)</c>.
/// </summary>
/// <remarks>
/// Temporary, WAL/snap-local implementation on top of <see cref="BitOperations.Crc32C(uint, ulong)"/>, which is the
/// raw register step (no inversion); to be replaced by the shared <c>Hashing.Crc32C</c> (same two methods) when the
/// branches are merged. etcd: <c>pkg/crc/crc.go</c> (a hash.Hash32 seeded with the previous CRC).
/// </remarks>
internal static class WalCrc
{
    /// <summary>The CRC-32C of the ASCII bytes <c>123456789</c>.</summary>
    public const uint CheckValue = 0xE3069283;

    /// <summary>The CRC-32C of <paramref name="data"/> (initial value 0, as Go's <c>crc32.Checksum</c>).</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues the finalized CRC <paramref name="crc"/> over <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        var state = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return ~state;
    }
}
