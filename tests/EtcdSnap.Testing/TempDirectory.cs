namespace EtcdSnap.Testing;

/// <summary>A directory under /tmp that is removed when the test ends (kept when ETCDSNAP_KEEP_TEMP=1).</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory(string prefix = "etcdsnap-test")
    {
        Path = Directory.CreateTempSubdirectory(prefix + "-").FullName;
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("ETCDSNAP_KEEP_TEMP") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process (etcd) may still be closing files; leaking a temp dir is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
