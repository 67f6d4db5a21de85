using System.Runtime.InteropServices;

namespace EtcdSnap.Formats.Wal;

/// <summary>
/// The few file-system steps the WAL and snap writers need to make their output durable and all-or-nothing:
/// private modes, fsync of files and of directories (so that a rename survives a power cut), and rename.
/// </summary>
/// <remarks>
/// Kept internal to the WAL/snap code until the project has a shared helper. etcd does the same
/// (<c>pkg/fileutil</c>: <c>PrivateFileMode</c> 0600, <c>PrivateDirMode</c> 0700, <c>Fsync</c> of the parent directory
/// after renaming the WAL directory).
/// </remarks>
internal static class DurableFile
{
    /// <summary>0600, etcd's <c>fileutil.PrivateFileMode</c>.</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700, etcd's <c>fileutil.PrivateDirMode</c>.</summary>
    public const UnixFileMode PrivateDirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private const int ORdOnly = 0;

    /// <summary>Creates <paramref name="path"/> (and missing parents) with mode 0700.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, PrivateDirMode);
        }
    }

    /// <summary>Opens a new file for writing with mode 0600, failing if it exists.</summary>
    /// <param name="path">The file to create.</param>
    /// <param name="preallocationSize">Bytes to reserve on disk up front (<c>fallocate</c>); 0 for none.</param>
    public static FileStream CreateNew(string path, long preallocationSize = 0)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            PreallocationSize = preallocationSize,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFileMode;
        }

        return new FileStream(path, options);
    }

    /// <summary>Writes <paramref name="contents"/> to <c>path.part</c>, fsyncs it and renames it to <paramref name="path"/>.</summary>
    /// <exception cref="IOException"><paramref name="path"/> already exists, or writing failed; nothing is left behind.</exception>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        var part = path + ".part";
        try
        {
            using (var stream = CreateNew(part))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(part, path, overwrite: false);
            FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        }
        finally
        {
            File.Delete(part);
        }
    }

    /// <summary>Flushes a directory's entries (new names, renames) to disk; a no-op on Windows.</summary>
    public static void FsyncDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // .NET refuses to open directories as files, so this goes to libc directly.
        var fd = Open(path, ORdOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory '{path}' to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"fsync of directory '{path}' failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // DllImport rather than LibraryImport: the latter's generated code needs unsafe blocks, which Formats forbids.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);
}
