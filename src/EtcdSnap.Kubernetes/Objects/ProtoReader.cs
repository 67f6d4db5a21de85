using System.Text;
using EtcdSnap.Formats;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>
/// A bounds-checked protobuf reader over one message. Every malformed input (truncated varint or length, a length
/// past the end, field number 0, group wire types) raises <see cref="CorruptDataException"/> naming the source and
/// the absolute offset; nothing else escapes.
/// </summary>
internal ref struct ProtoReader
{
    private const int MaxVarintBytes = 10;
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly ReadOnlySpan<byte> _data;
    private readonly string _source;
    private readonly long _baseOffset;
    private int _position;
    private long _tagOffset;

    /// <summary>Reads <paramref name="data"/>, which starts at <paramref name="baseOffset"/> of
    /// <paramref name="source"/> (offsets in errors are absolute).</summary>
    public ProtoReader(ReadOnlySpan<byte> data, string source, long baseOffset)
    {
        _data = data;
        _source = source;
        _baseOffset = baseOffset;
        _position = 0;
        _tagOffset = baseOffset;
    }

    /// <summary>Absolute offset of the next byte.</summary>
    public readonly long Offset => _baseOffset + _position;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field tag; false at the end of the message.</summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        if (AtEnd)
        {
            field = 0;
            wireType = default;
            return false;
        }

        var at = Offset;
        _tagOffset = at;
        var tag = ReadVarint();
        var number = tag >> 3;
        wireType = (WireType)(tag & 7);
        if (number == 0 || number > 536_870_911)
        {
            throw Corrupt(at, $"invalid protobuf field number {number}");
        }

        if (wireType is WireType.StartGroup or WireType.EndGroup || (int)wireType > 5)
        {
            throw Corrupt(at, $"field {number} has wire type {(int)wireType}, which Kubernetes objects never use");
        }

        field = (int)number;
        return true;
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        var at = Offset;
        for (var i = 0; i < MaxVarintBytes; i++)
        {
            if (_position >= _data.Length)
            {
                throw Corrupt(at, "truncated varint");
            }

            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw Corrupt(at, "varint longer than 10 bytes");
    }

    /// <summary>A length-delimited payload; its absolute start offset is returned in <paramref name="offset"/>.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited(out long offset)
    {
        var at = Offset;
        var length = ReadVarint();
        var remaining = _data.Length - _position;
        if (length > (ulong)remaining)
        {
            throw Corrupt(at, $"length {length} runs past the end of the message ({remaining} bytes left)");
        }

        offset = Offset;
        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    public ReadOnlySpan<byte> ReadLengthDelimited() => ReadLengthDelimited(out _);

    /// <summary>A string field. Go does not validate UTF-8 in proto2 strings, so invalid bytes become U+FFFD instead of
    /// failing.</summary>
    public string ReadString() => s_utf8.GetString(ReadLengthDelimited());

    /// <summary>A nested message reader for a length-delimited field.</summary>
    public ProtoReader ReadMessage()
    {
        var payload = ReadLengthDelimited(out var offset);
        return new ProtoReader(payload, _source, offset);
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    public int ReadInt32() => unchecked((int)ReadVarint());

    public bool ReadBool() => ReadVarint() != 0;

    /// <summary>Skips a field's value; returns its size in bytes (the payload size for length-delimited fields).</summary>
    public int Skip(WireType wireType)
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
                return Advance(8);
            case WireType.Fixed32:
                return Advance(4);
            default:
                throw Corrupt(Offset, $"cannot skip wire type {(int)wireType}");
        }
    }

    /// <summary>Checks that a varint field carries wire type 0 (and so on), so a mismatched field is reported rather
    /// than misread.</summary>
    public readonly void Expect(int field, WireType actual, WireType expected, string name)
    {
        if (actual != expected)
        {
            throw Corrupt(_tagOffset, $"{name} (field {field}) has wire type {(int)actual}, want {(int)expected}");
        }
    }

    public readonly CorruptDataException Corrupt(long offset, string message) => new(_source, offset, message);

    private int Advance(int count)
    {
        if (_data.Length - _position < count)
        {
            throw Corrupt(Offset, $"truncated fixed{count * 8} value");
        }

        _position += count;
        return count;
    }
}
