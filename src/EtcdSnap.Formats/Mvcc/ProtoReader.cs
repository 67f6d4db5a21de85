using System.Buffers.Binary;

namespace EtcdSnap.Formats.Mvcc;

/// <summary>Minimal protobuf wire-format reader over a span: tags, varints, length-delimited fields, skipping.</summary>
internal ref struct ProtoReader(ReadOnlySpan<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public bool TryReadTag(out int field, out int wireType)
    {
        field = 0;
        wireType = 0;
        if (!TryReadVarint(out var tag) || tag >> 3 == 0 || tag >> 3 > int.MaxValue)
        {
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                return false;
            }

            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    public bool TryReadInt64(out long value)
    {
        var ok = TryReadVarint(out var raw);
        value = (long)raw;
        return ok;
    }

    public bool TryReadBytes(out ReadOnlySpan<byte> value)
    {
        value = default;
        if (!TryReadVarint(out var length) || length > (ulong)(_data.Length - _position))
        {
            return false;
        }

        value = _data.Slice(_position, (int)length);
        _position += (int)length;
        return true;
    }

    public bool TryReadFixed64(out ulong value)
    {
        value = 0;
        if (_data.Length - _position < 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return true;
    }

    public bool TrySkip(int wireType)
    {
        switch (wireType)
        {
            case Varint:
                return TryReadVarint(out _);
            case Fixed64:
                return TryReadFixed64(out _);
            case LengthDelimited:
                return TryReadBytes(out _);
            case Fixed32:
                if (_data.Length - _position < 4)
                {
                    return false;
                }

                _position += 4;
                return true;
            default:
                return false;
        }
    }
}
