namespace EtcdSnap.Formats.Protobuf;

/// <summary>Protobuf base-128 varints: seven bits per byte, least significant group first, high bit = "more".</summary>
public static class Varint
{
    /// <summary>A 64-bit value never needs more than ten bytes.</summary>
    public const int MaxLength = 10;

    /// <summary>Number of bytes <see cref="Write"/> uses for <paramref name="value"/>.</summary>
    public static int SizeOf(ulong value)
    {
        var n = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            n++;
        }

        return n;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/> and returns the length.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="SizeOf"/> bytes
    /// (<see cref="MaxLength"/> bytes always suffice).</exception>
    public static int Write(Span<byte> destination, ulong value)
    {
        if (destination.Length < MaxLength && destination.Length < SizeOf(value))
        {
            throw new ArgumentException($"a varint of {value} needs {SizeOf(value)} bytes", nameof(destination));
        }

        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>
    /// Reads a varint at the start of <paramref name="source"/>. Returns the number of bytes consumed, 0 when the
    /// source ends inside the varint, or -1 when it is longer than ten bytes or overflows 64 bits.
    /// </summary>
    public static int TryRead(ReadOnlySpan<byte> source, out ulong value)
    {
        value = 0;
        for (var i = 0; i < MaxLength; i++)
        {
            if (i >= source.Length)
            {
                return 0;
            }

            var b = source[i];
            // The tenth byte may only carry the top bit of a 64-bit value (gogo: "integer overflow").
            if (i == MaxLength - 1 && b > 1)
            {
                return -1;
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return i + 1;
            }
        }

        return -1;
    }
}
