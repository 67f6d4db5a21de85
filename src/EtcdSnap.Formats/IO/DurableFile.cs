using System.Runtime.InteropServices;

namespace EtcdSnap.Formats.IO;

/// <summary>
/// The file-system steps that make EtcdSnap's output private, durable and all-or-nothing: files created new with mode
/// 0600, directories 0700, fsync of directories (so that a new name or a rename survives a power cut), and the
/// write-to-<c>FILE.part</c>, fsync, rename-without-overwriting, fsync-the-directory sequence.
/// </summary>
/// <remarks>
/// etcd does the same (<c>client/pkg/fileutil</c>: <c>PrivateFileMode</c> 0600, <c>PrivateDirMode</c> 0700, <c>Fsync</c>
/// of the parent directory after renaming a snapshot or the WAL directory). On Windows the modes are not applied and
/// directory fsync is a no-op (NTFS journals metadata and has no directory handle to flush).
/// </remarks>
public static class DurableFile
{
    private const int EInval = 22;

    /// <summary>0600, etcd's <c>fileutil.PrivateFileMode</c>.</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>0700, etcd's <c>fileutil.PrivateDirMode</c>.</summary>
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>The suffix of the temporary sibling a file is written to before it is renamed into place.</summary>
    public const string PartSuffix = ".part";

    /// <summary>Creates <paramref name="path"/> and every missing parent, each with mode 0700; existing directories are
    /// left as they are.</summary>
    /// <remarks><c>Directory.CreateDirectory(path, mode)</c> gives the mode to the last level only, so the missing
    /// levels are created one by one from the top.</remarks>
    /// <exception cref="IOException">A level cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">A parent is not writable.</exception>
    public static void CreatePrivateDirectory(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        var missing = new Stack<string>();
        for (var d = Path.GetFullPath(path); d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d))
        {
            missing.Push(d);
        }

        while (missing.TryPop(out var directory))
        {
            Directory.CreateDirectory(directory, PrivateDirectoryMode);
        }
    }

    /// <summary>Creates a new file with mode 0600 and opens it; fails if anything exists at <paramref name="path"/>.</summary>
    /// <param name="path">The file to create.</param>
    /// <param name="access">Write, or ReadWrite.</param>
    /// <param name="share">What other openers may do meanwhile.</param>
    /// <param name="bufferSize">The stream's buffer; 0 for none (each write is one <c>write(2)</c>).</param>
    /// <param name="options">E.g. <see cref="FileOptions.Asynchronous"/>.</param>
    /// <param name="preallocationSize">Bytes to reserve on disk up front (<c>fallocate</c>); 0 for none.</param>
    /// <exception cref="IOException">The file exists, or cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static FileStream CreatePrivate(string path, FileAccess access = FileAccess.ReadWrite, FileShare share = FileShare.Read,
        int bufferSize = 4096, FileOptions options = FileOptions.None, long preallocationSize = 0)
    {
        var streamOptions = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = access,
            Share = share,
            BufferSize = bufferSize,
            Options = options,
            PreallocationSize = preallocationSize,
        };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = PrivateFileMode;
        }

        return new FileStream(path, streamOptions);
    }

    /// <summary>Writes <paramref name="bytes"/> to a new file <paramref name="path"/> (mode 0600) atomically: see
    /// <see cref="WriteAtomicallyAsync"/>.</summary>
    /// <exception cref="IOException"><paramref name="path"/> or <c>path.part</c> exists, or writing failed.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var part = path + PartSuffix;
        var stream = CreatePrivate(part, FileAccess.Write, FileShare.None, bufferSize: 0);
        var published = false;
        try
        {
            using (stream)
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            published = Publish(part, path);
        }
        finally
        {
            DeleteUnpublished(part, published);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to a new file <paramref name="path"/> (mode 0600) atomically: see
    /// <see cref="WriteAtomicallyAsync"/>.</summary>
    /// <exception cref="IOException"><paramref name="path"/> or <c>path.part</c> exists, or writing failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static Task WriteAllBytesAsync(string path, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(path, (stream, ct) => stream.WriteAsync(bytes, ct).AsTask(), cancellationToken);

    /// <summary>
    /// Creates a new file <paramref name="path"/> (mode 0600) whose content <paramref name="write"/> produces, so that
    /// the file appears complete or not at all: the content goes to <c>path.part</c> (created new), which is fsynced
    /// and renamed to <paramref name="path"/> without ever replacing an existing file, and the directory is fsynced.
    /// On any failure or cancellation the part file is removed (one that existed before is never touched).
    /// </summary>
    /// <param name="path">The file to create.</param>
    /// <param name="write">Writes the content to the (unbuffered) stream it is given.</param>
    /// <param name="cancellationToken">Passed to <paramref name="write"/>; checked before the rename.</param>
    /// <exception cref="IOException"><paramref name="path"/> or <c>path.part</c> exists, or writing failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task WriteAtomicallyAsync(string path, Func<FileStream, CancellationToken, Task> write,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var part = path + PartSuffix;
        var stream = CreatePrivate(part, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        var published = false;
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            cancellationToken.ThrowIfCancellationRequested();
            published = Publish(part, path);
        }
        finally
        {
            DeleteUnpublished(part, published);
        }
    }

    /// <summary>Flushes a directory's entries (new names, renames, deletions) to disk; a no-op on Windows.</summary>
    /// <exception cref="IOException">The directory cannot be opened, or fsync failed.</exception>
    public static void FsyncDirectory(string path)
    {
        if (FsyncDirectoryCore(path) is { } error)
        {
            throw new IOException(error);
        }
    }

    /// <summary>Like <see cref="FsyncDirectory"/>, for callers whose data is already durable: false instead of an
    /// exception when the directory cannot be opened or the file system rejects fsync on a directory.</summary>
    public static bool TryFsyncDirectory(string path) => FsyncDirectoryCore(path) is null;

    /// <returns>Null on success, else what failed.</returns>
    private static string? FsyncDirectoryCore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (OperatingSystem.IsWindows())
        {
            return null;
        }

        // .NET refuses to open a directory as a file (EACCES), so this goes to libc directly.
        var fd = Libc.Open(path, OperatingSystem.IsLinux() ? Libc.ORdOnly | Libc.OCloExecLinux : Libc.ORdOnly);
        if (fd < 0)
        {
            return $"cannot open directory '{path}' to fsync it: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
        }

        try
        {
            // Some file systems reject fsync on a directory (EINVAL); their renames are as durable as they get.
            return Libc.Fsync(fd) == 0 || Marshal.GetLastPInvokeError() == EInval
                ? null
                : $"fsync of directory '{path}' failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
        }
        finally
        {
            _ = Libc.Close(fd);
        }
    }

    // On Unix, .NET moves without overwriting by link(2)+unlink(2): atomic, and EEXIST if the target appeared meanwhile.
    private static bool Publish(string part, string path)
    {
        File.Move(part, path, overwrite: false);
        FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        return true;
    }

    private static void DeleteUnpublished(string part, bool published)
    {
        if (published)
        {
            return;
        }

        try
        {
            File.Delete(part);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Never mask the failure being reported; a leftover part file is refused (not overwritten) next time.
        }
    }
}
