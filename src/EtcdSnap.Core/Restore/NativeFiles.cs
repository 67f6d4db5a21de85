using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EtcdSnap.Core.Restore;

/// <summary>
/// The two file-system calls .NET does not offer: fsync of a directory (so that a rename survives a power loss) and
/// <c>copy_file_range(2)</c> (an in-kernel copy; a reflink on XFS and btrfs). Linux only; elsewhere the callers fall
/// back or skip.
/// </summary>
/// <remarks>Kept here until the shared durable-file helper in Formats/IO exists; the same calls as etcd's
/// <c>fileutil.Fsync</c> of the parent directory after a rename.</remarks>
internal static class NativeFiles
{
    private const int ReadOnlyCloseOnExec = 0x80000; // O_RDONLY | O_CLOEXEC (x86-64 and arm64)
    private const int EINVAL = 22;
    private const int ENOSYS = 38;
    private const int EXDEV = 18;
    private const int EOPNOTSUPP = 95;
    private const int CopyChunk = 64 << 20;

    /// <summary>Flushes a directory's entries to disk.</summary>
    /// <exception cref="IOException">The directory cannot be opened or the flush failed.</exception>
    public static void FsyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(path, ReadOnlyCloseOnExec);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory '{path}' to flush it: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }

        try
        {
            // Some file systems do not support fsync on directories (EINVAL); their renames are as durable as they get.
            if (Fsync(fd) != 0 && Marshal.GetLastPInvokeError() is var errno && errno != EINVAL)
            {
                throw new IOException($"fsync of directory '{path}' failed: {Marshal.GetPInvokeErrorMessage(errno)}");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    /// <summary>
    /// Copies <paramref name="length"/> bytes from the start of <paramref name="source"/> to the start of
    /// <paramref name="target"/>, in the kernel when it can, else through a buffer. Cancellation is checked between
    /// 64 MiB chunks.
    /// </summary>
    /// <exception cref="IOException">Reading or writing failed (disk full), or the source is shorter.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static void CopyRange(SafeFileHandle source, SafeFileHandle target, long length, Action<long>? progress,
        CancellationToken cancellationToken)
    {
        long done = 0;
        if (OperatingSystem.IsLinux())
        {
            done = CopyInKernel(source, target, length, progress, cancellationToken);
        }

        var buffer = new byte[1 << 20];
        while (done < length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var n = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(buffer.Length, length - done)), done);
            if (n == 0)
            {
                throw new IOException($"source ended after {done} of {length} bytes");
            }

            RandomAccess.Write(target, buffer.AsSpan(0, n), done);
            done += n;
            progress?.Invoke(done);
        }
    }

    private static long CopyInKernel(SafeFileHandle source, SafeFileHandle target, long length, Action<long>? progress,
        CancellationToken cancellationToken)
    {
        bool sourceRef = false, targetRef = false;
        try
        {
            source.DangerousAddRef(ref sourceRef);
            target.DangerousAddRef(ref targetRef);
            var fdIn = (int)source.DangerousGetHandle();
            var fdOut = (int)target.DangerousGetHandle();
            long done = 0;
            while (done < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                long offIn = done, offOut = done;
                var n = CopyFileRange(fdIn, ref offIn, fdOut, ref offOut, (nuint)Math.Min(CopyChunk, length - done), 0);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (done == 0 && errno is ENOSYS or EXDEV or EINVAL or EOPNOTSUPP)
                    {
                        return 0; // not possible between these files: copy through user space
                    }

                    throw new IOException($"copy_file_range failed after {done} bytes: {Marshal.GetPInvokeErrorMessage(errno)}");
                }

                if (n == 0)
                {
                    throw new IOException($"source ended after {done} of {length} bytes");
                }

                done += n;
                progress?.Invoke(done);
            }

            return done;
        }
        finally
        {
            if (targetRef)
            {
                target.DangerousRelease();
            }

            if (sourceRef)
            {
                source.DangerousRelease();
            }
        }
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "copy_file_range", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern nint CopyFileRange(int fdIn, ref long offIn, int fdOut, ref long offOut, nuint length, uint flags);
}
