using System.Net;
using System.Net.Sockets;

namespace EtcdSnap.Core.Node;

/// <summary>Free TCP ports on 127.0.0.1, never the same one twice in a process (several trees may be built at once;
/// the tests take theirs here too, so a demo tree and a test etcd never collide).</summary>
public static class LoopbackPorts
{
    private static readonly HashSet<int> s_given = [];
    private static readonly Lock s_lock = new();

    /// <summary>A port nothing listens on right now; the kernel picks it from the ephemeral range.</summary>
    public static int Next()
    {
        lock (s_lock)
        {
            while (true)
            {
                using var listener = new TcpListener(IPAddress.Loopback, 0);
                listener.Start();
                var port = ((IPEndPoint)listener.LocalEndpoint).Port;
                listener.Stop();
                if (s_given.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
