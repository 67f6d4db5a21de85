using System.Net;
using System.Net.Sockets;

namespace EtcdSnap.Testing;

/// <summary>Free TCP ports on 127.0.0.1, handed out once per process so parallel tests do not collide.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> s_given = [];
    private static readonly Lock s_lock = new();

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
