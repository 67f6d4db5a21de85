namespace EtcdSnap.Core.Node;

/// <summary>Finds the etcd binary the local kubelet runs.</summary>
public static class EtcdBinary
{
    /// <summary>The first executable <c>etcd</c> on PATH.</summary>
    /// <exception cref="FileNotFoundException">There is none; the message says how to install it.</exception>
    public static string FindOnPath() => FindOnPath("etcd");

    /// <summary>The first executable <paramref name="name"/> on PATH.</summary>
    /// <exception cref="FileNotFoundException">There is none.</exception>
    public static string FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException(
            $"\"{name}\" is not on PATH; install etcd (Debian/Ubuntu: apt-get install etcd-server etcd-client; "
            + "./build.sh demo does it)", name);
    }
}
