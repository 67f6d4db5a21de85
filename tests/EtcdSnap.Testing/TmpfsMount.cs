namespace EtcdSnap.Testing;

/// <summary>
/// A small tmpfs mounted on a fresh directory for disk-full and read-only tests (tests run as root here). If mounting
/// is not possible the test fails with the reason; it is never skipped. Unmounted and removed on dispose.
/// </summary>
public sealed class TmpfsMount : IDisposable
{
    private readonly TempDirectory _parent;

    private TmpfsMount(TempDirectory parent, string path)
    {
        _parent = parent;
        Path = path;
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="sizeBytes"/> bytes, read-only when <paramref name="readOnly"/>.</summary>
    public static async Task<TmpfsMount> MountAsync(long sizeBytes, bool readOnly = false)
    {
        var parent = new TempDirectory("tmpfs");
        var path = parent.Combine("mnt");
        Directory.CreateDirectory(path);
        var options = $"size={sizeBytes},mode=0755" + (readOnly ? ",ro" : "");
        var r = await ProcessRunner.RunAsync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", path], TimeSpan.FromSeconds(30));
        if (r.ExitCode != 0)
        {
            parent.Dispose();
            throw new InvalidOperationException(
                $"cannot mount a tmpfs on {path} (mount exited {r.ExitCode}: {r.Stderr.Trim()}); these tests need root with " +
                "CAP_SYS_ADMIN (run them as root, or in a container started with --privileged or --cap-add SYS_ADMIN)");
        }

        return new TmpfsMount(parent, path);
    }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        // Lazy unmount: a file handle still open in a failing test must not leave the mount behind.
        ProcessRunner.RunAsync("umount", ["-l", Path], TimeSpan.FromSeconds(30)).GetAwaiter().GetResult();
        _parent.Dispose();
    }
}
