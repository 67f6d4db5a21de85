using System.Runtime.InteropServices;

namespace EtcdSnap.Formats.IO;

/// <summary>The libc calls .NET has no API for: the only P/Invoke declarations in the solution.</summary>
/// <remarks>
/// <c>DllImport</c> rather than <c>LibraryImport</c>: the latter's generated marshalling needs unsafe blocks, which
/// EtcdSnap.Formats does not allow. Every signature here is blittable except <see cref="Open"/>'s path, which the
/// runtime marshals as UTF-8 (Native AOT generates the stub at compile time).
/// </remarks>
internal static class Libc
{
    /// <summary>Invalid argument.</summary>
    public const int EINVAL = 22;

    /// <summary>Function not implemented.</summary>
    public const int ENOSYS = 38;

    /// <summary>Cross-device link.</summary>
    public const int EXDEV = 18;

    /// <summary>Operation not supported.</summary>
    public const int EOPNOTSUPP = 95;

    /// <summary><c>O_RDONLY</c>, which also opens a directory.</summary>
    public const int ORdOnly = 0;

    /// <summary><c>O_CLOEXEC</c> on Linux (the same on x86-64 and arm64), so no child process inherits the descriptor.</summary>
    public const int OCloExecLinux = 0x80000;

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern int Close(int fd);

    /// <summary><c>copy_file_range(2)</c> (Linux 4.5+): copies inside the kernel, advancing both offsets.</summary>
    [DllImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    public static extern nint CopyFileRange(int fdIn, ref long offIn, int fdOut, ref long offOut, nuint length, uint flags);
}
