using System.Buffers.Binary;

namespace EtcdSnap.Formats.Protobuf;

/// <summary>
/// Reads protobuf fields from a span, checking every length against the bytes that are really there.
/// </summary>
/// <remarks>
/// Errors are <see cref="CorruptDataException"/>s that name <see cref="Source"/> and the absolute offset
/// (<see cref="BaseOffset"/> + position). Like gogo-generated unmarshalers, callers skip unknown fields
/// (<see cref="SkipField"/>) and treat missing fields as zero.
/// </remarks>
internal ref struct ProtoReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Creates a reader over <paramref name="data"/>, which starts at <paramref name="baseOffset"/> of <paramref name="source"/>.</summary>
    public ProtoReader(ReadOnlySpan<byte> data, string source, long baseOffset, string message)
    {
        _data = data;
        Source = source;
        BaseOffset = baseOffset;
        Message = message;
    }

    /// <summary>The file or stream the bytes come from, for error messages.</summary>
    public string Source { get; }

    /// <summary>Offset of the first byte of the span within <see cref="Source"/>.</summary>
    public long BaseOffset { get; }

    /// <summary>The message type being decoded, for error messages (e.g. <c>raftpb.Entry</c>).</summary>
    public string Message { get; }

    /// <summary>Current position within the span.</summary>
    public readonly int Position => _position;

    /// <summary>True when all bytes have been consumed.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>Absolute offset of the current position within <see cref="Source"/>.</summary>
    public readonly long AbsoluteOffset => BaseOffset + _position;

    /// <summary>Reads the next field key; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        field = 0;
        wireType = default;
        if (End)
        {
            return false;
        }

        var start = _position;
        var key = ReadVarint();
        var wt = (int)(key & 7);
        var number = key >> 3;
        if (number == 0 || number > int.MaxValue)
        {
            throw Corrupt(start, $"illegal field number {number}");
        }

        if (wt is not (0 or 1 or 2 or 5))
        {
            throw Corrupt(start, $"unsupported wire type {wt} for field {number}");
        }

        field = (int)number;
        wireType = (WireType)wt;
        return true;
    }

    /// <summary>Reads a base-128 varint.</summary>
    public ulong ReadVarint()
    {
        var n = Varint.TryRead(_data[_position..], out var value);
        if (n == 0)
        {
            throw Corrupt(_position, "message ends inside a varint");
        }

        if (n < 0)
        {
            throw Corrupt(_position, "varint overflows 64 bits");
        }

        _position += n;
        return value;
    }

    /// <summary>Reads the length prefix and returns the bytes of a length-delimited field, without copying.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var start = _position;
        var length = ReadVarint();
        var remaining = _data.Length - _position;
        if (length > (ulong)remaining)
        {
            throw Corrupt(start, $"length {length} exceeds the {remaining} bytes left in the message");
        }

        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Absolute offset of the value that <see cref="ReadLengthDelimited"/> would return next (after its prefix).</summary>
    public readonly long PeekLengthDelimitedValueOffset()
    {
        var n = Varint.TryRead(_data[_position..], out _);
        return BaseOffset + _position + Math.Max(n, 0);
    }

    /// <summary>Reads a field that must be a varint, failing on a different wire type as gogo does.</summary>
    public ulong ReadVarintField(WireType wireType, int field)
    {
        Expect(wireType, WireType.Varint, field);
        return ReadVarint();
    }

    /// <summary>Reads a field that must be length-delimited.</summary>
    public ReadOnlySpan<byte> ReadBytesField(WireType wireType, int field)
    {
        Expect(wireType, WireType.LengthDelimited, field);
        return ReadLengthDelimited();
    }

    /// <summary>
    /// Reads one element (unpacked varint) or a packed run of a <c>repeated uint64</c> field and appends them.
    /// Protobuf parsers must accept both encodings, whichever the writer used.
    /// </summary>
    public void ReadRepeatedUInt64(WireType wireType, int field, List<ulong> target)
    {
        if (wireType == WireType.Varint)
        {
            target.Add(ReadVarint());
            return;
        }

        Expect(wireType, WireType.LengthDelimited, field);
        var packedStart = PeekLengthDelimitedValueOffset();
        var packed = new ProtoReader(ReadLengthDelimited(), Source, packedStart, Message);
        while (!packed.End)
        {
            target.Add(packed.ReadVarint());
        }
    }

    /// <summary>Skips the value of a field this decoder does not know.</summary>
    public void SkipField(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Skip(8);
                break;
            case WireType.Fixed32:
                Skip(4);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            default:
                throw Corrupt(_position, $"unsupported wire type {(int)wireType}");
        }
    }

    /// <summary>Reads four little-endian bytes.</summary>
    public uint ReadFixed32()
    {
        var start = _position;
        Skip(4);
        return BinaryPrimitives.ReadUInt32LittleEndian(_data.Slice(start, 4));
    }

    private void Skip(int count)
    {
        if (_data.Length - _position < count)
        {
            throw Corrupt(_position, $"message ends inside a {count}-byte field");
        }

        _position += count;
    }

    private readonly void Expect(WireType actual, WireType expected, int field)
    {
        if (actual != expected)
        {
            throw Corrupt(_position, $"field {field} has wire type {(int)actual}, want {(int)expected}");
        }
    }

    /// <summary>A <see cref="CorruptDataException"/> for a problem at <paramref name="position"/> of this message.</summary>
    public readonly CorruptDataException Corrupt(int position, string problem) =>
        new(Source, BaseOffset + position, $"{Message}: {problem}");
}
