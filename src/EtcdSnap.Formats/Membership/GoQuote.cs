using System.Globalization;
using System.Text;

namespace EtcdSnap.Formats.Membership;

/// <summary>An approximation of Go's <c>strconv.Quote</c> / <c>%q</c> for error messages that mirror etcd's.</summary>
internal static class GoQuote
{
    /// <summary>Quotes a string: <c>"</c>, <c>\</c> and control characters escaped, the rest kept.</summary>
    public static string Quote(string s) => Quote(Encoding.UTF8.GetBytes(s));

    /// <summary>Quotes UTF-8 bytes; bytes that are not valid UTF-8 become <c>\xNN</c> as in Go.</summary>
    public static string Quote(ReadOnlySpan<byte> s)
    {
        var sb = new StringBuilder(s.Length + 2);
        sb.Append('"');
        while (!s.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(s, out var rune, out var consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{s[0]:x2}");
                s = s[1..];
                continue;
            }

            s = s[consumed..];
            switch (rune.Value)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                default:
                    if (rune.Value < 0x20 || rune.Value == 0x7F)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\x{rune.Value:x2}");
                    }
                    else
                    {
                        sb.Append(rune.ToString());
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
