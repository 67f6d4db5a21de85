using System.Text;

namespace EtcdSnap.Formats.Membership;

/// <summary>Go's <c>URL.String</c>, <c>EscapedPath</c> and <c>EscapedFragment</c>.</summary>
internal sealed partial class GoUrl
{
    /// <summary>The URL as Go's <c>URL.String()</c> prints it (etcd's canonical form of a peer URL).</summary>
    public override string ToString()
    {
        var buf = new List<byte>(64);
        if (Scheme.Length > 0)
        {
            buf.AddRange(Encoding.ASCII.GetBytes(Scheme));
            buf.Add((byte)':');
        }

        if (Opaque.Length > 0)
        {
            buf.AddRange(Opaque);
        }
        else
        {
            if (Scheme.Length > 0 || Host.Length > 0 || HasUser)
            {
                if (!(OmitHost && Host.Length == 0 && !HasUser))
                {
                    if (Host.Length > 0 || Path.Length > 0 || HasUser)
                    {
                        buf.AddRange("//"u8);
                    }

                    if (HasUser)
                    {
                        buf.AddRange(GoUrlEscaping.Escape(Username, GoUrlPart.UserPassword));
                        if (Password is not null)
                        {
                            buf.Add((byte)':');
                            buf.AddRange(GoUrlEscaping.Escape(Password, GoUrlPart.UserPassword));
                        }

                        buf.Add((byte)'@');
                    }

                    buf.AddRange(GoUrlEscaping.Escape(Host, GoUrlPart.Host));
                }
            }

            var path = EscapedPath();
            if (path.Length > 0 && path[0] != '/' && Host.Length > 0)
            {
                buf.Add((byte)'/');
            }

            if (buf.Count == 0)
            {
                // RFC 3986 4.2: a first segment with a colon would read as a scheme.
                var slash = Array.IndexOf(path, (byte)'/');
                if ((slash < 0 ? path : path[..slash]).AsSpan().Contains((byte)':'))
                {
                    buf.AddRange("./"u8);
                }
            }

            buf.AddRange(path);
        }

        if (ForceQuery || RawQuery.Length > 0)
        {
            buf.Add((byte)'?');
            buf.AddRange(RawQuery);
        }

        if (Fragment.Length > 0)
        {
            buf.Add((byte)'#');
            buf.AddRange(EscapedFragment());
        }

        return Encoding.UTF8.GetString(buf.ToArray());
    }

    private byte[] EscapedPath()
    {
        if (RawPath.Length > 0 && GoUrlEscaping.ValidEncoded(RawPath, GoUrlPart.Path))
        {
            var p = GoUrlEscaping.Unescape(RawPath, GoUrlPart.Path, out _);
            if (p is not null && p.AsSpan().SequenceEqual(Path))
            {
                return RawPath;
            }
        }

        if (Path.AsSpan().SequenceEqual("*"u8))
        {
            return Path;
        }

        return GoUrlEscaping.Escape(Path, GoUrlPart.Path);
    }

    private byte[] EscapedFragment()
    {
        if (RawFragment.Length > 0 && GoUrlEscaping.ValidEncoded(RawFragment, GoUrlPart.Fragment))
        {
            var f = GoUrlEscaping.Unescape(RawFragment, GoUrlPart.Fragment, out _);
            if (f is not null && f.AsSpan().SequenceEqual(Fragment))
            {
                return RawFragment;
            }
        }

        return GoUrlEscaping.Escape(Fragment, GoUrlPart.Fragment);
    }
}
