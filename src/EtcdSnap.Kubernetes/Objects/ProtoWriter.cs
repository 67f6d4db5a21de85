using System.Text;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>
/// Writes protobuf fields the way Kubernetes' gogo-generated marshallers do: fields in ascending number order (the
/// caller's job), map entries sorted by key, and non-pointer scalars written even when zero.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> _buffer = [];

    public int Length => _buffer.Count;

    public byte[] ToArray() => [.. _buffer];

    public ProtoWriter Tag(int field, WireType wireType)
    {
        Varint(((ulong)field << 3) | (ulong)wireType);
        return this;
    }

    public ProtoWriter Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.Add((byte)value);
        return this;
    }

    /// <summary>A varint field (int32/int64/bool/enum); negative numbers take 10 bytes, as in Go.</summary>
    public ProtoWriter Int(int field, long value) => Tag(field, WireType.Varint).Varint(unchecked((ulong)value));

    public ProtoWriter Bool(int field, bool value) => Int(field, value ? 1 : 0);

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, WireType.LengthDelimited).Varint((ulong)value.Length);
        foreach (var b in value)
        {
            _buffer.Add(b);
        }

        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message._buffer.ToArray());

    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var nested = new ProtoWriter();
        write(nested);
        return Message(field, nested);
    }

    /// <summary>A <c>map&lt;string,string&gt;</c>: one entry message {key = 1, value = 2} per pair, sorted by key with
    /// ordinal comparison (Go's <c>sort.Strings</c>), as the generated marshallers do.</summary>
    public ProtoWriter StringMap(int field, IReadOnlyDictionary<string, string>? map)
    {
        foreach (var (key, value) in (map ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Message(field, e => e.String(1, key).String(2, value));
        }

        return this;
    }

    /// <summary>A <c>map&lt;string,bytes&gt;</c>, sorted like <see cref="StringMap"/>.</summary>
    public ProtoWriter BytesMap(int field, IReadOnlyDictionary<string, byte[]>? map)
    {
        foreach (var (key, value) in (map ?? new Dictionary<string, byte[]>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Message(field, e => e.String(1, key).Bytes(2, value));
        }

        return this;
    }

    public ProtoWriter Raw(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            _buffer.Add(b);
        }

        return this;
    }
}
