using System.Text;

namespace EtcdSnap.Formats.Membership;

/// <summary>
/// A URL parsed and printed the way Go's <c>net/url</c> does (<c>url.Parse</c>, <c>URL.String</c>), because etcd
/// derives member IDs from the printed form. Only what etcd's peer URLs need: no relative references.
/// </summary>
/// <remarks>
/// Works on UTF-8 bytes like Go strings. The printed form lower-cases the scheme, escapes the path, userinfo,
/// fragment and non-ASCII host bytes, and keeps the query as written. Empty-authority handling follows Go 1.19+
/// (<c>OmitHost</c>), which only matters for <c>unix:/path</c>-style URLs that etcd 3.4 rejects anyway.
/// </remarks>
internal sealed partial class GoUrl
{
    private GoUrl()
    {
    }

    public string Scheme { get; private set; } = "";

    public byte[] Opaque { get; private set; } = [];

    public bool HasUser { get; private set; }

    public byte[] Username { get; private set; } = [];

    public byte[]? Password { get; private set; }

    /// <summary>host or host:port, unescaped (as Go's <c>URL.Host</c>).</summary>
    public byte[] Host { get; private set; } = [];

    public byte[] Path { get; private set; } = [];

    public byte[] RawPath { get; private set; } = [];

    public bool OmitHost { get; private set; }

    public bool ForceQuery { get; private set; }

    public byte[] RawQuery { get; private set; } = [];

    public byte[] Fragment { get; private set; } = [];

    public byte[] RawFragment { get; private set; } = [];

    /// <summary>Parses like Go's <c>url.Parse</c>; on failure returns null and Go's error text.</summary>
    public static GoUrl? TryParse(string raw, out string? error)
    {
        var bytes = Encoding.UTF8.GetBytes(raw);
        var hash = Array.IndexOf(bytes, (byte)'#');
        var main = hash < 0 ? bytes : bytes[..hash];
        var url = ParseMain(main, out error);
        if (url is null)
        {
            error = $"parse {GoQuote.Quote(main)}: {error}";
            return null;
        }

        if (hash >= 0 && hash + 1 < bytes.Length)
        {
            var frag = bytes[(hash + 1)..];
            var unescaped = GoUrlEscaping.Unescape(frag, GoUrlPart.Fragment, out error);
            if (unescaped is null)
            {
                error = $"parse {GoQuote.Quote(raw)}: {error}";
                return null;
            }

            url.Fragment = unescaped;
            url.RawFragment = GoUrlEscaping.Escape(unescaped, GoUrlPart.Fragment).AsSpan().SequenceEqual(frag) ? [] : frag;
        }

        return url;
    }

    private static GoUrl? ParseMain(byte[] raw, out string? error)
    {
        error = null;
        if (raw.AsSpan().ContainsAnyInRange((byte)0, (byte)0x1F) || raw.AsSpan().Contains((byte)0x7F))
        {
            error = "net/url: invalid control character in URL";
            return null;
        }

        var url = new GoUrl();
        if (raw.AsSpan().SequenceEqual("*"u8))
        {
            url.Path = raw;
            return url;
        }

        if (!TrySplitScheme(raw, out var scheme, out var rest, out error))
        {
            return null;
        }

        url.Scheme = Encoding.ASCII.GetString(scheme).ToLowerInvariant();
        var question = Array.IndexOf(rest, (byte)'?');
        if (question == rest.Length - 1 && question >= 0 && rest.AsSpan(0, question).IndexOf((byte)'?') < 0)
        {
            url.ForceQuery = true;
            rest = rest[..^1];
        }
        else if (question >= 0)
        {
            url.RawQuery = rest[(question + 1)..];
            rest = rest[..question];
        }

        if (rest.Length == 0 || rest[0] != '/')
        {
            if (url.Scheme.Length > 0)
            {
                url.Opaque = rest; // rootless: "scheme:opaque"
                return url;
            }

            var slash = Array.IndexOf(rest, (byte)'/');
            if ((slash < 0 ? rest : rest[..slash]).AsSpan().Contains((byte)':'))
            {
                error = "first path segment in URL cannot contain colon";
                return null;
            }
        }

        if ((url.Scheme.Length > 0 || !rest.AsSpan().StartsWith("///"u8)) && rest.AsSpan().StartsWith("//"u8))
        {
            var authority = rest[2..];
            rest = [];
            var slash = Array.IndexOf(authority, (byte)'/');
            if (slash >= 0)
            {
                rest = authority[slash..];
                authority = authority[..slash];
            }

            if (!url.TryParseAuthority(authority, out error))
            {
                return null;
            }
        }
        else if (url.Scheme.Length > 0 && rest.Length > 0 && rest[0] == '/')
        {
            url.OmitHost = true;
        }

        var path = GoUrlEscaping.Unescape(rest, GoUrlPart.Path, out error);
        if (path is null)
        {
            return null;
        }

        url.Path = path;
        url.RawPath = GoUrlEscaping.Escape(path, GoUrlPart.Path).AsSpan().SequenceEqual(rest) ? [] : rest;
        return url;
    }

    // Go getScheme: [a-zA-Z][a-zA-Z0-9+.-]* followed by ':'; anything else means "no scheme".
    private static bool TrySplitScheme(byte[] raw, out byte[] scheme, out byte[] rest, out string? error)
    {
        scheme = [];
        rest = raw;
        error = null;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z'))
            {
                continue;
            }

            if (c is (>= (byte)'0' and <= (byte)'9') or (byte)'+' or (byte)'-' or (byte)'.')
            {
                if (i == 0)
                {
                    return true;
                }

                continue;
            }

            if (c == ':')
            {
                if (i == 0)
                {
                    error = "missing protocol scheme";
                    return false;
                }

                scheme = raw[..i];
                rest = raw[(i + 1)..];
            }

            return true;
        }

        return true;
    }

    private bool TryParseAuthority(byte[] authority, out string? error)
    {
        var at = Array.LastIndexOf(authority, (byte)'@');
        var host = ParseHost(at < 0 ? authority : authority[(at + 1)..], out error);
        if (host is null)
        {
            return false;
        }

        Host = host;
        if (at < 0)
        {
            return true;
        }

        var userinfo = authority[..at];
        if (!ValidUserinfo(userinfo))
        {
            error = "net/url: invalid userinfo";
            return false;
        }

        var colon = Array.IndexOf(userinfo, (byte)':');
        var user = GoUrlEscaping.Unescape(colon < 0 ? userinfo : userinfo[..colon], GoUrlPart.UserPassword, out error);
        if (user is null)
        {
            return false;
        }

        HasUser = true;
        Username = user;
        if (colon >= 0)
        {
            Password = GoUrlEscaping.Unescape(userinfo.AsSpan(colon + 1), GoUrlPart.UserPassword, out error);
            if (Password is null)
            {
                return false;
            }
        }

        return true;
    }

    private static byte[]? ParseHost(byte[] host, out string? error)
    {
        error = null;
        if (host.Length > 0 && host[0] == '[')
        {
            var close = Array.LastIndexOf(host, (byte)']');
            if (close < 0)
            {
                error = "missing ']' in host";
                return null;
            }

            var colonPort = host[(close + 1)..];
            if (!ValidOptionalPort(colonPort))
            {
                error = $"invalid port {GoQuote.Quote(colonPort)} after host";
                return null;
            }

            var zone = host.AsSpan(0, close).IndexOf("%25"u8);
            if (zone >= 0)
            {
                var h1 = GoUrlEscaping.Unescape(host.AsSpan(0, zone), GoUrlPart.Host, out error);
                var h2 = h1 is null ? null : GoUrlEscaping.Unescape(host.AsSpan(zone, close - zone), GoUrlPart.Zone, out error);
                var h3 = h2 is null ? null : GoUrlEscaping.Unescape(host.AsSpan(close), GoUrlPart.Host, out error);
                return h3 is null ? null : [.. h1!, .. h2!, .. h3];
            }
        }
        else
        {
            var colon = Array.LastIndexOf(host, (byte)':');
            if (colon >= 0 && !ValidOptionalPort(host.AsSpan(colon)))
            {
                error = $"invalid port {GoQuote.Quote(host.AsSpan(colon))} after host";
                return null;
            }
        }

        return GoUrlEscaping.Unescape(host, GoUrlPart.Host, out error);
    }

    private static bool ValidOptionalPort(ReadOnlySpan<byte> port)
    {
        if (port.IsEmpty)
        {
            return true;
        }

        return port[0] == ':' && !port[1..].ContainsAnyExceptInRange((byte)'0', (byte)'9');
    }

    private static bool ValidUserinfo(ReadOnlySpan<byte> s)
    {
        foreach (var c in s)
        {
            var ok = c is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                or (byte)'-' or (byte)'.' or (byte)'_' or (byte)':' or (byte)'~' or (byte)'!' or (byte)'$' or (byte)'&'
                or (byte)'\'' or (byte)'(' or (byte)')' or (byte)'*' or (byte)'+' or (byte)',' or (byte)';' or (byte)'='
                or (byte)'%' or (byte)'@';
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
