using System.Runtime.InteropServices;

namespace EtcdSnap.Etcd;

/// <summary>fsync of a directory, so that a rename survives a power loss. .NET refuses to open directories as files,
/// hence the two libc calls.</summary>
internal static partial class DirectorySync
{
    // O_RDONLY is 0 and opens a directory as well; O_CLOEXEC is 02000000 on x86-64 and arm64 alike.
    private const int ReadOnlyCloseOnExec = 0x80000;

    /// <summary>Best effort: some file systems reject fsync on a directory, and the data itself is already on disk.</summary>
    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            return;
        }

        _ = Fsync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
