namespace EtcdSnap.Formats.Membership;

/// <summary>The parts of a URL Go's <c>net/url</c> escapes differently (its <c>encoding</c> modes).</summary>
internal enum GoUrlPart
{
    Path,
    PathSegment,
    Host,
    Zone,
    UserPassword,
    QueryComponent,
    Fragment,
}

/// <summary>
/// Percent-escaping and unescaping with the rules of Go's <c>net/url</c> (<c>shouldEscape</c>, <c>escape</c>,
/// <c>unescape</c>), on UTF-8 bytes as Go strings are. Reimplemented from the behaviour documented in Go's
/// <c>src/net/url/url.go</c>.
/// </summary>
internal static class GoUrlEscaping
{
    private const string UpperHex = "0123456789ABCDEF";

    /// <summary>Go's <c>shouldEscape(c, mode)</c>.</summary>
    public static bool ShouldEscape(byte c, GoUrlPart part)
    {
        if (c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9'))
        {
            return false;
        }

        if (part is GoUrlPart.Host or GoUrlPart.Zone)
        {
            // RFC 3986 sub-delims plus ':' (port), '[' ']' (IPv6) and '<' '>' '"', which Go leaves alone in hosts.
            switch (c)
            {
                case (byte)'!' or (byte)'$' or (byte)'&' or (byte)'\'' or (byte)'(' or (byte)')' or (byte)'*' or (byte)'+'
                    or (byte)',' or (byte)';' or (byte)'=' or (byte)':' or (byte)'[' or (byte)']' or (byte)'<' or (byte)'>'
                    or (byte)'"':
                    return false;
            }
        }

        switch (c)
        {
            case (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~':
                return false;
            case (byte)'$' or (byte)'&' or (byte)'+' or (byte)',' or (byte)'/' or (byte)':' or (byte)';' or (byte)'='
                or (byte)'?' or (byte)'@':
                return part switch
                {
                    GoUrlPart.Path => c == '?',
                    GoUrlPart.PathSegment => c is (byte)'/' or (byte)';' or (byte)',' or (byte)'?',
                    GoUrlPart.UserPassword => c is (byte)'@' or (byte)'/' or (byte)'?' or (byte)':',
                    GoUrlPart.QueryComponent => true,
                    GoUrlPart.Fragment => false,
                    _ => true,
                };
        }

        if (part == GoUrlPart.Fragment && c is (byte)'!' or (byte)'(' or (byte)')' or (byte)'*')
        {
            return false;
        }

        return true;
    }

    /// <summary>Go's <c>escape(s, mode)</c>: %XX (upper-case hex) for every byte that <see cref="ShouldEscape"/>.</summary>
    public static byte[] Escape(ReadOnlySpan<byte> s, GoUrlPart part)
    {
        var output = new List<byte>(s.Length + 8);
        foreach (var c in s)
        {
            if (c == ' ' && part == GoUrlPart.QueryComponent)
            {
                output.Add((byte)'+');
            }
            else if (ShouldEscape(c, part))
            {
                output.Add((byte)'%');
                output.Add((byte)UpperHex[c >> 4]);
                output.Add((byte)UpperHex[c & 15]);
            }
            else
            {
                output.Add(c);
            }
        }

        return [.. output];
    }

    /// <summary>Go's <c>unescape(s, mode)</c>; returns null and the Go error text on bad input.</summary>
    public static byte[]? Unescape(ReadOnlySpan<byte> s, GoUrlPart part, out string? error)
    {
        error = null;
        for (var i = 0; i < s.Length;)
        {
            var c = s[i];
            if (c == '%')
            {
                if (i + 2 >= s.Length || !IsHex(s[i + 1]) || !IsHex(s[i + 2]))
                {
                    error = $"invalid URL escape {GoQuote.Quote(s[i..Math.Min(s.Length, i + 3)])}";
                    return null;
                }

                var triple = s.Slice(i, 3);
                var isPercent25 = triple.SequenceEqual("%25"u8);
                // In a host, %-escapes may only encode non-ASCII bytes (and %25, for IPv6 zones).
                if (part == GoUrlPart.Host && UnHex(s[i + 1]) < 8 && !isPercent25)
                {
                    error = $"invalid URL escape {GoQuote.Quote(triple)}";
                    return null;
                }

                if (part == GoUrlPart.Zone)
                {
                    var v = (byte)((UnHex(s[i + 1]) << 4) | UnHex(s[i + 2]));
                    if (!isPercent25 && v != ' ' && ShouldEscape(v, GoUrlPart.Host))
                    {
                        error = $"invalid URL escape {GoQuote.Quote(triple)}";
                        return null;
                    }
                }

                i += 3;
            }
            else
            {
                if (part is GoUrlPart.Host or GoUrlPart.Zone && c < 0x80 && ShouldEscape(c, part))
                {
                    error = $"invalid character {GoQuote.Quote(s.Slice(i, 1))} in host name";
                    return null;
                }

                i++;
            }
        }

        var output = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] == '%')
            {
                output.Add((byte)((UnHex(s[i + 1]) << 4) | UnHex(s[i + 2])));
                i += 2;
            }
            else if (s[i] == '+' && part == GoUrlPart.QueryComponent)
            {
                output.Add((byte)' ');
            }
            else
            {
                output.Add(s[i]);
            }
        }

        return [.. output];
    }

    /// <summary>Go's <c>validEncoded(s, mode)</c>: s needs no further escaping.</summary>
    public static bool ValidEncoded(ReadOnlySpan<byte> s, GoUrlPart part)
    {
        foreach (var c in s)
        {
            switch (c)
            {
                case (byte)'!' or (byte)'$' or (byte)'&' or (byte)'\'' or (byte)'(' or (byte)')' or (byte)'*' or (byte)'+'
                    or (byte)',' or (byte)';' or (byte)'=' or (byte)':' or (byte)'@' or (byte)'[' or (byte)']' or (byte)'%':
                    continue;
                default:
                    if (ShouldEscape(c, part))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    private static bool IsHex(byte c) => c is (>= (byte)'0' and <= (byte)'9') or (>= (byte)'a' and <= (byte)'f') or (>= (byte)'A' and <= (byte)'F');

    private static int UnHex(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
        _ => 0,
    };
}
