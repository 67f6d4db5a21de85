namespace EtcdSnap.Formats.Membership;

/// <summary>Go's <c>net.SplitHostPort</c> error checks, which etcd applies to the host of every http(s) URL.</summary>
internal static class GoNet
{
    /// <summary>Returns null when <paramref name="hostPort"/> splits into host and port, else Go's reason.</summary>
    public static string? SplitHostPortError(ReadOnlySpan<byte> hostPort)
    {
        var lastColon = hostPort.LastIndexOf((byte)':');
        if (lastColon < 0)
        {
            return "missing port in address";
        }

        int hostStart = 0, afterHost = 0;
        if (hostPort.Length > 0 && hostPort[0] == '[')
        {
            var end = hostPort.IndexOf((byte)']');
            if (end < 0)
            {
                return "missing ']' in address";
            }

            if (end + 1 == hostPort.Length)
            {
                return "missing port in address";
            }

            if (end + 1 != lastColon)
            {
                return hostPort[end + 1] == ':' ? "too many colons in address" : "missing port in address";
            }

            hostStart = 1;
            afterHost = end + 1;
        }
        else if (hostPort[..lastColon].Contains((byte)':'))
        {
            return "too many colons in address";
        }

        if (hostPort[hostStart..].Contains((byte)'['))
        {
            return "unexpected '[' in address";
        }

        if (hostPort[afterHost..].Contains((byte)']'))
        {
            return "unexpected ']' in address";
        }

        return null;
    }
}
