namespace EtcdSnap.Kubernetes.Tests.Objects;

/// <summary>
/// A deliberately separate, minimal protobuf walker and writer for tests, so production decoder and encoder are not
/// checked against themselves. Only length-delimited and varint fields with one-byte tags (numbers below 16) or the
/// two-byte tag of field 17 are needed.
/// </summary>
internal static class HandWire
{
    public sealed record WireField(int Number, int WireType, byte[] Payload, byte[] Bytes);

    public static List<WireField> Fields(byte[] message)
    {
        var list = new List<WireField>();
        var i = 0;
        while (i < message.Length)
        {
            var start = i;
            var tag = (int)Varint(message, ref i);
            var number = tag >> 3;
            var wire = tag & 7;
            byte[] payload;
            if (wire == 2)
            {
                var length = (int)Varint(message, ref i);
                payload = message[i..(i + length)];
                i += length;
            }
            else if (wire == 0)
            {
                var from = i;
                Varint(message, ref i);
                payload = message[from..i];
            }
            else
            {
                throw new InvalidOperationException($"HandWire: wire type {wire} not needed by these tests");
            }

            list.Add(new WireField(number, wire, payload, message[start..i]));
        }

        return list;
    }

    /// <summary>A length-delimited field.</summary>
    public static byte[] Field(int number, byte[] payload) => [.. VarintBytes((ulong)(number << 3 | 2)), .. VarintBytes((ulong)payload.Length), .. payload];

    /// <summary>A varint field.</summary>
    public static byte[] VarintField(int number, ulong value) => [.. VarintBytes((ulong)(number << 3)), .. VarintBytes(value)];

    public static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static ulong Varint(byte[] data, ref int i)
    {
        ulong result = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[i++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
    }
}
