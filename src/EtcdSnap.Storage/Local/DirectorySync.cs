using System.Runtime.InteropServices;

namespace EtcdSnap.Storage.Local;

/// <summary>fsync(2) of a directory, so that a rename or unlink inside it survives a power loss.</summary>
/// <remarks>
/// .NET cannot open a directory as a file handle (it refuses with EACCES), so this calls libc directly.
/// etcd does the same after renaming a snapshot into place (fileutil.Fsync on the parent dir).
/// </remarks>
internal static partial class DirectorySync
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC, the same on x86-64 and arm64

    /// <summary>Flushes the directory entry table of <paramref name="directory"/> to disk.</summary>
    /// <exception cref="IOException">open or fsync failed.</exception>
    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // NTFS journals metadata; there is no directory handle to flush.
        }

        var fd = Open(directory, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"open directory {directory} for fsync: errno {Marshal.GetLastPInvokeError()}");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync directory {directory}: errno {Marshal.GetLastPInvokeError()}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
