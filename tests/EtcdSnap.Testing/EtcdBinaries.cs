namespace EtcdSnap.Testing;

/// <summary>Finds the real etcd and etcdctl; a missing binary fails the test with the fix, never skips it.</summary>
public static class EtcdBinaries
{
    public static string Etcd => Find("etcd");

    public static string Etcdctl => Find("etcdctl");

    private static string Find(string name)
    {
        var fromEnv = Environment.GetEnvironmentVariable(name.ToUpperInvariant() + "_BIN");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            $"'{name}' was not found on PATH. Integration tests need real etcd 3.4: " +
            "run `apt-get install -y etcd-server etcd-client` (the README test command and .ci/run do this).");
    }
}
