using System.Buffers.Binary;
using System.Text;

namespace EtcdSnap.Formats.Protobuf;

/// <summary>
/// Reads the fields of one protobuf message from a span, checking every length against the bytes that are really there.
/// </summary>
/// <remarks>
/// <para>Every malformed input (a truncated varint, length or fixed value, a length past the end, field number 0 or
/// above 2^29-1, group or unknown wire types, a wire type that does not match the field) raises a
/// <see cref="CorruptDataException"/> naming <see cref="Source"/> and the absolute offset (<see cref="BaseOffset"/> +
/// position); nothing else escapes and nothing is allocated from a length before it has been checked.</para>
/// <para>As gogo-generated unmarshalers do, callers loop over <see cref="TryReadTag"/>, read the fields they know, skip
/// the others with <see cref="SkipField"/> (which returns the value's size, so that decoders can list what they did
/// not decode) and treat missing fields as zero.</para>
/// </remarks>
public ref struct ProtoReader
{
    /// <summary>The largest legal field number, 2^29-1.</summary>
    public const int MaxFieldNumber = (1 << 29) - 1;

    // Go does not validate UTF-8 in proto2 strings, so invalid bytes become U+FFFD instead of failing.
    private static readonly UTF8Encoding s_lenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private int _fieldStart;

    /// <summary>Creates a reader over <paramref name="data"/>, which starts at <paramref name="baseOffset"/> of
    /// <paramref name="source"/>.</summary>
    /// <param name="data">The message's bytes.</param>
    /// <param name="source">The file or value the bytes come from, for error messages.</param>
    /// <param name="baseOffset">Offset of <paramref name="data"/> within <paramref name="source"/>.</param>
    /// <param name="message">The message type (e.g. <c>raftpb.Entry</c>), prefixed to error messages; null for none.</param>
    public ProtoReader(ReadOnlySpan<byte> data, string source, long baseOffset = 0, string? message = null)
    {
        _data = data;
        Source = source;
        BaseOffset = baseOffset;
        Message = message;
    }

    /// <summary>The file or value the bytes come from, for error messages.</summary>
    public string Source { get; }

    /// <summary>Offset of the first byte of the span within <see cref="Source"/>.</summary>
    public long BaseOffset { get; }

    /// <summary>The message type being decoded, for error messages; null for none.</summary>
    public string? Message { get; }

    /// <summary>Current position within the span.</summary>
    public readonly int Position => _position;

    /// <summary>Absolute offset of the current position within <see cref="Source"/>.</summary>
    public readonly long Offset => BaseOffset + _position;

    /// <summary>True when all bytes have been consumed.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>Reads the next field key; false at the end of the message.</summary>
    /// <exception cref="CorruptDataException">The key is truncated, names field 0 or a number above
    /// <see cref="MaxFieldNumber"/>, or has wire type 3, 4, 6 or 7.</exception>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        field = 0;
        wireType = default;
        if (End)
        {
            return false;
        }

        _fieldStart = _position;
        var key = ReadVarint();
        var number = key >> 3;
        var wire = (int)(key & 7);
        if (number is 0 or > MaxFieldNumber)
        {
            throw Corrupt(BaseOffset + _fieldStart, $"illegal field number {number}");
        }

        if (wire is not (0 or 1 or 2 or 5))
        {
            throw Corrupt(BaseOffset + _fieldStart, $"unsupported wire type {wire} for field {number}");
        }

        field = (int)number;
        wireType = (WireType)wire;
        return true;
    }

    /// <summary>Reads a base-128 varint.</summary>
    /// <exception cref="CorruptDataException">The message ends inside it, or it overflows 64 bits.</exception>
    public ulong ReadVarint()
    {
        var n = Varint.TryRead(_data[_position..], out var value);
        if (n == 0)
        {
            throw Corrupt(Offset, "message ends inside a varint");
        }

        if (n < 0)
        {
            throw Corrupt(Offset, "varint overflows 64 bits");
        }

        _position += n;
        return value;
    }

    /// <summary>Reads four little-endian bytes.</summary>
    /// <exception cref="CorruptDataException">Fewer than four bytes are left.</exception>
    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    /// <summary>Reads eight little-endian bytes.</summary>
    /// <exception cref="CorruptDataException">Fewer than eight bytes are left.</exception>
    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads the length prefix and returns the bytes of a length-delimited value, without copying.</summary>
    /// <exception cref="CorruptDataException">The length is truncated or runs past the end of the message.</exception>
    public ReadOnlySpan<byte> ReadLengthDelimited() => ReadLengthDelimited(out _);

    /// <summary>Like <see cref="ReadLengthDelimited()"/>; also gives the absolute offset of the value (after its
    /// prefix) within <see cref="Source"/>, for nested readers and error messages.</summary>
    /// <exception cref="CorruptDataException">The length is truncated or runs past the end of the message.</exception>
    public ReadOnlySpan<byte> ReadLengthDelimited(out long valueOffset)
    {
        var start = Offset;
        var length = ReadVarint();
        var remaining = _data.Length - _position;
        if (length > (ulong)remaining)
        {
            throw Corrupt(start, $"length {length} exceeds the {remaining} bytes left in the message");
        }

        valueOffset = Offset;
        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Reads a length-delimited string; invalid UTF-8 becomes U+FFFD, as Go does not validate proto2 strings.</summary>
    /// <exception cref="CorruptDataException">The length is truncated or runs past the end of the message.</exception>
    public string ReadString() => s_lenientUtf8.GetString(ReadLengthDelimited());

    /// <summary>Reads a length-delimited embedded message and returns a reader over it (same source, absolute offsets).</summary>
    /// <param name="message">The embedded message's type, for error messages; null for none.</param>
    /// <exception cref="CorruptDataException">The length is truncated or runs past the end of the message.</exception>
    public ProtoReader ReadMessage(string? message = null)
    {
        var payload = ReadLengthDelimited(out var offset);
        return new ProtoReader(payload, Source, offset, message);
    }

    /// <summary>Fails unless field <paramref name="field"/> has the wire type its schema gives it, as gogo does, so a
    /// mismatched field is reported rather than misread. The offset reported is the field's key.</summary>
    /// <param name="field">The field number, for the message.</param>
    /// <param name="actual">The wire type read with the key.</param>
    /// <param name="expected">The wire type of the field's schema type.</param>
    /// <param name="name">The field's name, for the message; null for none.</param>
    /// <exception cref="CorruptDataException"><paramref name="actual"/> differs from <paramref name="expected"/>.</exception>
    public readonly void Expect(int field, WireType actual, WireType expected, string? name = null)
    {
        if (actual != expected)
        {
            var what = name is null ? $"field {field}" : $"{name} (field {field})";
            throw Corrupt(BaseOffset + _fieldStart, $"{what} has wire type {(int)actual}, want {(int)expected}");
        }
    }

    /// <summary>Reads a varint field (int32, int64, uint32, uint64, bool, enum) after checking its wire type.</summary>
    /// <exception cref="CorruptDataException">Wrong wire type, or a bad varint.</exception>
    public ulong ReadVarintField(int field, WireType wireType, string? name = null)
    {
        Expect(field, wireType, WireType.Varint, name);
        return ReadVarint();
    }

    /// <summary>Reads a bytes field after checking its wire type.</summary>
    /// <exception cref="CorruptDataException">Wrong wire type, or a bad length.</exception>
    public ReadOnlySpan<byte> ReadBytesField(int field, WireType wireType, string? name = null) =>
        ReadBytesField(field, wireType, out _, name);

    /// <summary>Reads a bytes field after checking its wire type, and gives the absolute offset of its value.</summary>
    /// <exception cref="CorruptDataException">Wrong wire type, or a bad length.</exception>
    public ReadOnlySpan<byte> ReadBytesField(int field, WireType wireType, out long valueOffset, string? name = null)
    {
        Expect(field, wireType, WireType.LengthDelimited, name);
        return ReadLengthDelimited(out valueOffset);
    }

    /// <summary>Reads a string field (see <see cref="ReadString"/>) after checking its wire type.</summary>
    /// <exception cref="CorruptDataException">Wrong wire type, or a bad length.</exception>
    public string ReadStringField(int field, WireType wireType, string? name = null)
    {
        Expect(field, wireType, WireType.LengthDelimited, name);
        return ReadString();
    }

    /// <summary>Reads an embedded message field after checking its wire type (see <see cref="ReadMessage"/>).</summary>
    /// <exception cref="CorruptDataException">Wrong wire type, or a bad length.</exception>
    public ProtoReader ReadMessageField(int field, WireType wireType, string? name = null)
    {
        Expect(field, wireType, WireType.LengthDelimited, name);
        return ReadMessage();
    }

    /// <summary>
    /// Reads one element (unpacked varint) or a packed run of a <c>repeated uint64</c> field and appends them.
    /// Protobuf parsers must accept both encodings, whichever the writer used.
    /// </summary>
    /// <exception cref="CorruptDataException">Wrong wire type, or a bad varint or length.</exception>
    public void ReadRepeatedUInt64(int field, WireType wireType, List<ulong> target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (wireType == WireType.Varint)
        {
            target.Add(ReadVarint());
            return;
        }

        var packed = new ProtoReader(ReadBytesField(field, wireType, out var packedStart), Source, packedStart, Message);
        while (!packed.End)
        {
            target.Add(packed.ReadVarint());
        }
    }

    /// <summary>Skips the value of a field the decoder does not know.</summary>
    /// <returns>The value's size in bytes: the payload without its length prefix for length-delimited fields.</returns>
    /// <exception cref="CorruptDataException">The value is truncated.</exception>
    public int SkipField(WireType wireType)
    {
        var start = _position;
        switch (wireType)
        {
            case WireType.Varint:
                ReadVarint();
                return _position - start;
            case WireType.LengthDelimited:
                return ReadLengthDelimited().Length;
            case WireType.Fixed64:
                return Take(8).Length;
            case WireType.Fixed32:
                return Take(4).Length;
            default:
                throw Corrupt(Offset, $"unsupported wire type {(int)wireType}");
        }
    }

    /// <summary>A <see cref="CorruptDataException"/> for a problem at absolute <paramref name="offset"/> of
    /// <see cref="Source"/>, prefixed with <see cref="Message"/> when there is one.</summary>
    public readonly CorruptDataException Corrupt(long offset, string problem) =>
        new(Source, offset, Message is null ? problem : $"{Message}: {problem}");

    private ReadOnlySpan<byte> Take(int count)
    {
        if (_data.Length - _position < count)
        {
            throw Corrupt(Offset, $"message ends inside a {count}-byte field");
        }

        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
