using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EtcdSnap.Formats.Hashing;

/// <summary>
/// CRC-32C (Castagnoli; reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF), the checksum
/// of etcd's WAL records, <c>.snap</c> files and <c>snapshot status</c> hash.
/// </summary>
/// <remarks>
/// <see cref="Append"/> has the semantics of Go's <c>crc32.Update(prev, castagnoliTable, p)</c>: it takes and returns
/// finalized CRC values, so <c>Append(Compute(a), b) == Compute(a || b)</c>. Long inputs are hashed in three
/// interleaved lanes (the CRC instruction has a 3-cycle latency and 1-cycle throughput) and the lanes are merged by
/// multiplying with precomputed powers of x modulo the polynomial.
/// </remarks>
public static class Crc32C
{
    /// <summary>The CRC-32C of the ASCII bytes <c>123456789</c> (the catalogue "check" value).</summary>
    public const uint CheckValue = 0xE3069283;

    internal const uint ReflectedPolynomial = 0x82F63B78;

    // Bytes per lane in the interleaved loop: long enough to amortize the merge, short enough to stay in L1.
    private const int LaneLength = 8 * 1024;
    private const int InterleavedBlock = 3 * LaneLength;

    // x^(2^k) mod P for k = 0..71 (enough for any 64-bit byte count times 8).
    private static readonly uint[] s_powersOfTwo = ComputePowersOfTwo();

    // Multiplication tables for "shift the register over LaneLength (resp. 2*LaneLength) zero bytes".
    private static readonly uint[] s_shiftOneLane = ShiftTable(LaneLength);
    private static readonly uint[] s_shiftTwoLanes = ShiftTable(2 * LaneLength);

    private static readonly bool s_hardware = Sse42.X64.IsSupported || Crc32.Arm64.IsSupported;

    /// <summary>Computes the CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>Continues a finalized CRC-32C with more bytes (Go <c>crc32.Update</c> semantics).</summary>
    /// <param name="crc">The CRC-32C of the bytes before <paramref name="data"/>; 0 for none.</param>
    /// <param name="data">The bytes that follow.</param>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => ~UpdateRaw(~crc, data);

    /// <summary>
    /// Returns the CRC-32C of <c>a || b</c> from <c>Compute(a)</c>, <c>Compute(b)</c> and the length of <c>b</c>,
    /// so that independent parts of a buffer can be hashed in parallel.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lengthOfSecond"/> is negative.</exception>
    public static uint Combine(uint crcOfFirst, uint crcOfSecond, long lengthOfSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lengthOfSecond);
        return MultiplyModP(PowerOfXForBytes(lengthOfSecond), crcOfFirst) ^ crcOfSecond;
    }

    /// <summary>Updates the raw (non-inverted) CRC register.</summary>
    internal static uint UpdateRaw(uint state, ReadOnlySpan<byte> data)
    {
        ref var p = ref MemoryMarshal.GetReference(data);
        var length = data.Length;
        var offset = 0;
        if (s_hardware)
        {
            while (length - offset >= InterleavedBlock)
            {
                state = UpdateThreeLanes(state, ref Unsafe.Add(ref p, offset));
                offset += InterleavedBlock;
            }
        }

        for (; length - offset >= 8; offset += 8)
        {
            state = BitOperations.Crc32C(state, ReadWord(ref Unsafe.Add(ref p, offset)));
        }

        for (; offset < length; offset++)
        {
            state = BitOperations.Crc32C(state, Unsafe.Add(ref p, offset));
        }

        return state;
    }

    private static uint UpdateThreeLanes(uint state, ref byte block)
    {
        uint a = state, b = 0, c = 0;
        ref var lane1 = ref Unsafe.Add(ref block, LaneLength);
        ref var lane2 = ref Unsafe.Add(ref block, 2 * LaneLength);
        for (var i = 0; i < LaneLength; i += 8)
        {
            a = BitOperations.Crc32C(a, ReadWord(ref Unsafe.Add(ref block, i)));
            b = BitOperations.Crc32C(b, ReadWord(ref Unsafe.Add(ref lane1, i)));
            c = BitOperations.Crc32C(c, ReadWord(ref Unsafe.Add(ref lane2, i)));
        }

        // The register is linear: crc(s, A||B||C) = shift(crc(s, A), |B|+|C|) ^ shift(crc(0, B), |C|) ^ crc(0, C).
        return Shift(s_shiftTwoLanes, a) ^ Shift(s_shiftOneLane, b) ^ c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ReadWord(ref byte source)
    {
        var word = Unsafe.ReadUnaligned<ulong>(ref source);
        // The CRC instruction consumes the word's bytes in little-endian order.
        return BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Shift(uint[] table, uint value) =>
        table[value & 0xFF] ^ table[256 + ((value >> 8) & 0xFF)] ^ table[512 + ((value >> 16) & 0xFF)] ^ table[768 + (value >> 24)];

    // Polynomial arithmetic in the reflected representation: bit 31 is the coefficient of x^0, bit 0 of x^31.
    internal static uint MultiplyModP(uint a, uint b)
    {
        uint product = 0;
        for (var mask = 1u << 31; mask != 0; mask >>= 1)
        {
            if ((a & mask) != 0)
            {
                product ^= b;
            }

            b = (b & 1) != 0 ? (b >> 1) ^ ReflectedPolynomial : b >> 1;
        }

        return product;
    }

    // x^(8n) mod P: the factor that moves a register over n zero bytes.
    private static uint PowerOfXForBytes(long n)
    {
        var power = 1u << 31; // x^0
        for (var k = 3; n != 0; n >>= 1, k++)
        {
            if ((n & 1) != 0)
            {
                power = MultiplyModP(s_powersOfTwo[k], power);
            }
        }

        return power;
    }

    private static uint[] ComputePowersOfTwo()
    {
        var powers = new uint[72];
        powers[0] = 1u << 30; // x^1
        for (var k = 1; k < powers.Length; k++)
        {
            powers[k] = MultiplyModP(powers[k - 1], powers[k - 1]);
        }

        return powers;
    }

    private static uint[] ShiftTable(int bytes)
    {
        // Runs from a static initializer: s_powersOfTwo is declared (so initialized) before the tables.
        var factor = PowerOfXForBytes(bytes);
        var table = new uint[1024];
        for (var shift = 0; shift < 4; shift++)
        {
            for (var v = 0u; v < 256; v++)
            {
                table[(shift * 256) + (int)v] = MultiplyModP(factor, v << (8 * shift));
            }
        }

        return table;
    }
}
