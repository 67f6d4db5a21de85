using System.Buffers;
using System.Globalization;
using System.Text;

namespace EtcdSnap.Formats.Membership;

/// <summary>
/// Writes compact JSON byte-for-byte as Go's <c>encoding/json</c> (<c>json.Marshal</c>, HTML escaping on) does for
/// the few shapes etcd stores: objects with fixed field order, strings, unsigned and signed integers, arrays, null.
/// </summary>
/// <remarks>
/// String escaping follows Go 1.19 (the toolchain of etcd 3.4.23): <c>"</c> and <c>\</c> with a backslash; <c>\n</c>,
/// <c>\r</c>, <c>\t</c> by name; other control bytes as <c>\u00xx</c> (lower-case hex; Go 1.22+ writes <c>\b</c> and
/// <c>\f</c> by name, which decodes to the same string); <c>&lt;</c> <c>&gt;</c> <c>&amp;</c> as <c>\u003c</c>
/// <c>\u003e</c> <c>\u0026</c>; U+2028 and U+2029 as <c>\u2028</c> <c>\u2029</c>; everything else, including DEL and
/// non-ASCII, as raw UTF-8. System.Text.Json's default encoder differs (it escapes <c>+</c>, <c>'</c> and non-ASCII).
/// </remarks>
internal sealed class GoJsonWriter
{
    private const string LowerHex = "0123456789abcdef";
    private readonly ArrayBufferWriter<byte> _out;

    public GoJsonWriter(int initialCapacity = 256) => _out = new ArrayBufferWriter<byte>(initialCapacity);

    public int Length => _out.WrittenCount;

    public byte[] ToArray() => _out.WrittenSpan.ToArray();

    /// <summary>Writes raw JSON punctuation or a pre-encoded fragment.</summary>
    public GoJsonWriter Raw(ReadOnlySpan<byte> utf8)
    {
        _out.Write(utf8);
        return this;
    }

    /// <summary>Writes <c>"name":</c>.</summary>
    public GoJsonWriter Name(string name)
    {
        String(name);
        return Raw(":"u8);
    }

    public GoJsonWriter Number(ulong value) => Raw(Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));

    public GoJsonWriter Number(long value) => Raw(Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));

    public GoJsonWriter Bool(bool value) => Raw(value ? "true"u8 : "false"u8);

    /// <summary>Writes a JSON array of strings (<c>null</c> is never written: Go emits <c>null</c> only for nil slices).</summary>
    public GoJsonWriter StringArray(IReadOnlyList<string> values)
    {
        Raw("["u8);
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                Raw(","u8);
            }

            String(values[i]);
        }

        return Raw("]"u8);
    }

    /// <summary>Writes a quoted, escaped string.</summary>
    public GoJsonWriter String(string value)
    {
        Raw("\""u8);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var v = rune.Value;
            if (v < 0x80)
            {
                WriteAscii((byte)v);
            }
            else if (v is 0x2028 or 0x2029)
            {
                Raw(v == 0x2028 ? "\\u2028"u8 : "\\u2029"u8);
            }
            else
            {
                // EnumerateRunes turns lone surrogates into U+FFFD, which Go would also print for invalid UTF-8.
                var n = rune.EncodeToUtf8(utf8);
                Raw(utf8[..n]);
            }
        }

        return Raw("\""u8);
    }

    private void WriteAscii(byte b)
    {
        switch (b)
        {
            case (byte)'"':
                Raw("\\\""u8);
                return;
            case (byte)'\\':
                Raw("\\\\"u8);
                return;
            case (byte)'\n':
                Raw("\\n"u8);
                return;
            case (byte)'\r':
                Raw("\\r"u8);
                return;
            case (byte)'\t':
                Raw("\\t"u8);
                return;
        }

        if (b < 0x20 || b is (byte)'<' or (byte)'>' or (byte)'&')
        {
            Span<byte> escape = [(byte)'\\', (byte)'u', (byte)'0', (byte)'0', (byte)LowerHex[b >> 4], (byte)LowerHex[b & 0xF]];
            Raw(escape);
            return;
        }

        Raw([b]);
    }
}
